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
# The suite creates a database per test, many at once, each enabling PostGIS: that takes thousands of locks per
# transaction, more than the default lock table holds when dozens run together ("out of shared memory").
options="-h 127.0.0.1 -p $port -k /tmp -c max_connections=200 -c max_locks_per_transaction=1024"
if as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  locks=$(as_postgres psql -h 127.0.0.1 -p "$port" -U postgres -Atc "SHOW max_locks_per_transaction" 2>/dev/null || echo 0)
  if [ "${locks:-0}" -lt 1024 ]; then  # started by an earlier version of this script: restart with the settings above
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" restart >/dev/null
  fi
else
  touch "$log"; chown postgres:postgres "$log" 2>/dev/null || true
  as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
