#!/usr/bin/env bash
# Installs Debian's PostgreSQL server, which the JDBC connector tests start on 127.0.0.1 with a
# temporary data directory, if it is not there yet. Prints the directory of its programs (initdb,
# pg_ctl). Idempotent. Set PG_BIN to use a PostgreSQL installed elsewhere.
set -euo pipefail

find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then
    echo "$PG_BIN"
    return 0
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    echo "$newest"
    return 0
  fi
  return 1
}

if find_bin; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-postgresql.sh "set PG_BIN to the directory of PostgreSQL's initdb" postgresql
find_bin
