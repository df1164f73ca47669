#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for lw.tune's storage tests (initdb into a temp dir, run as the
# `postgres` user when started as root, listening on 127.0.0.1 only) and prints its URL on stdout.
# Usage: export LERNWERK_TEST_POSTGRES_URL="$(tools/start-postgres.sh)"; stop: tools/start-postgres.sh --stop DIR
set -euo pipefail
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "start-postgres.sh: no PostgreSQL server binaries (install the Debian package: apt-get install -y postgresql)" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = "--stop" ]; then
  as_pg "$BIN/pg_ctl" -D "$2/data" -m fast stop >&2
  rm -rf "$2"
  exit 0
fi
DIR="${LERNWERK_PG_DIR:-$(mktemp -d /tmp/lernwerk-pg.XXXXXX)}"
PORT="${LERNWERK_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
PASSWORD="lw_test_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$DIR/initdb.log" 2>&1
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=50" start >&2
as_pg "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE USER lernwerk WITH PASSWORD '$PASSWORD'" -c "CREATE DATABASE lernwerk_test OWNER lernwerk" >&2
echo "start-postgres.sh: cluster in $DIR (stop: tools/start-postgres.sh --stop $DIR)" >&2
echo "postgresql://lernwerk:$PASSWORD@127.0.0.1:$PORT/lernwerk_test"
