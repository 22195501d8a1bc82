#!/usr/bin/env bash
# The OpenEM demo: a fresh embedded database, a user for each role (credentials printed), a simulated
# caseload, and the server with its portal on http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== building (release; the first build takes several minutes)"
swift build -c release --product openem
exec .build/release/openem demo "$@"
