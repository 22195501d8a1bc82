"""Validates the server's OpenAPI document as OpenAPI 3.1 (openapi-spec-validator from PyPI)."""
import json
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

with open(sys.argv[1]) as f:
    doc = json.load(f)
validate(doc, cls=OpenAPIV31SpecValidator)
print(f"openapi.json is valid OpenAPI {doc['openapi']}: {len(doc['paths'])} paths")
