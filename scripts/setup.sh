#!/usr/bin/env bash
# Installs what OpenEM's tests and demo need on a fresh Debian machine of this kind (Swift is already there).
# Idempotent: quick when everything is present.
set -euo pipefail

need_py=()
for mod in openapi_spec_validator; do
  python3 -c "import $mod" 2>/dev/null || need_py+=("$mod")
done
if [ ${#need_py[@]} -gt 0 ]; then
  echo "== pip install ${need_py[*]}"
  pip install --quiet --disable-pip-version-check openapi-spec-validator
fi
