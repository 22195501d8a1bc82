#!/usr/bin/env bash
# Starts a local PostgreSQL 15 (with PostGIS) for the tests, on 127.0.0.1:54329 with its data in /tmp/openem-pg
# (outside the checkout, so the postgres user can reach it wherever the checkout is), and prints the URL the
# tests take in OPENEM_TEST_POSTGRES_URL. Idempotent: a server already running is reused. scripts/setup.sh
# installs the packages. Trust authentication on localhost: for tests and benchmarks, not for a deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=/usr/lib/postgresql/15/bin
port=54329
data=/tmp/openem-pg
log=/tmp/openem-pg.log
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }

if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  chown postgres:postgres "$data" 2>/dev/null || true
  as_postgres "$bin/initdb" -D "$data" -U postgres -A trust --no-sync >/dev/null
fi
if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  touch "$log"; chown postgres:postgres "$log" 2>/dev/null || true
  as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=200" start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
