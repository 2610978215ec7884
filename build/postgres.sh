#!/usr/bin/env bash
# Makes a PostgreSQL server available on 127.0.0.1 for the tests, and prints its connection string (no database
# name: each test fixture creates and drops a database of its own).
#
#   ./build/postgres.sh          start (installing Debian's postgresql package if missing); idempotent
#   ./build/postgres.sh stop     stop the server this script started
#
# Settings (environment): INSIGHTGIG_PG_PORT (55432, away from a system server on 5432),
# INSIGHTGIG_PG_DATA (/tmp/insightgig-pgdata-<port>: outside the repo, so the postgres user can always reach it).
# The server is tuned for throw-away test data (fsync off) and listens on loopback only.
set -euo pipefail

port="${INSIGHTGIG_PG_PORT:-55432}"
data="${INSIGHTGIG_PG_DATA:-/tmp/insightgig-pgdata-${port}}"
socket_dir=/tmp
role=insightgig
password=insightgig
log="${data}.log"

fail() { echo "postgres.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs packages and runs the server as the postgres user)"

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() {
  if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
}

if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
  echo "postgres.sh: installing PostgreSQL (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || fail "apt-get update failed"
  apt-get install -y -qq postgresql >/dev/null || fail "apt-get install postgresql failed"
fi
bin="$(bin_dir)"
[ -x "$bin/pg_ctl" ] || fail "no pg_ctl under /usr/lib/postgresql/*/bin after installing"
id postgres >/dev/null 2>&1 || fail "the postgres user does not exist (the Debian package creates it)"

if [ "${1:-}" = "stop" ]; then
  if [ -f "$data/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null && echo "postgres.sh: stopped"; else echo "postgres.sh: not running"; fi
  exit 0
fi

psql_admin() { as_postgres "$bin/psql" -h "$socket_dir" -p "$port" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "postgres.sh: PostgreSQL already running on 127.0.0.1:${port}"
else
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    chown postgres:postgres "$data"
    chmod 700 "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$log" 2>&1 \
      || { cat "$log" >&2; fail "initdb failed"; }
  fi
  # A server killed without a clean stop leaves its pid file; if that pid now belongs to another program, postgres would refuse to start.
  if [ -f "$data/postmaster.pid" ]; then
    old_pid="$(head -n 1 "$data/postmaster.pid")"
    if [ -z "$old_pid" ] || ! grep -qx 'postgres' "/proc/${old_pid}/comm" 2>/dev/null; then
      rm -f "$data/postmaster.pid"
    fi
  fi
  touch "$log" && chown postgres:postgres "$log"
  as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-p ${port} -k ${socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -n 30 "$log" >&2; fail "pg_ctl start failed (log: $log)"; }
  echo "postgres.sh: PostgreSQL started on 127.0.0.1:${port} (data: ${data})"
fi

# The tests' role: may create (and drop) their own databases.
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${role}'")" != "1" ]; then
  psql_admin -c "CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'" >/dev/null || fail "could not create role ${role}"
fi

connection="Host=127.0.0.1;Port=${port};Username=${role};Password=${password}"
# Prove that the string works before handing it out.
PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$role" -d postgres -qtA -c "SELECT 1" >/dev/null \
  || fail "cannot sign in as ${role} on 127.0.0.1:${port}"
echo "$connection"
