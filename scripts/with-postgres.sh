#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then stop and remove it.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# The command sees DATABASE_URL pointing at the fresh cluster as its owner, and
# DATABASE_APP_URL as the application's role (registry_app, which owns nothing).
# PG_EXTRA_OPTS adds server options (later ones win), e.g. fsync back on for benchmarks.
# PG_STANDBY=1 also starts a hot standby of the cluster on the next port, before the
# command runs, and exports PG_STANDBY_PORT (tests/test_replica.py uses it).
set -euo pipefail

pg_bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && pg_bin="$candidate"
done
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL server binaries not found; installing the Debian package." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && pg_bin="$candidate"
  done
fi

port="${PG_TEST_PORT:-$(( 54000 + RANDOM % 900 ))}"
dir="$(mktemp -d /tmp/registry-pg.XXXXXX)"
chmod 755 "$dir"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres account.
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  [ -d "$dir/standby" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/standby" -m immediate stop >/dev/null 2>&1 || true
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U registry -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
server_opts="-k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 ${PG_EXTRA_OPTS:-}"
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port $server_opts" start >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U registry registry
# Two roles (docs/audit.md): `registry` owns the database and migrates (it is the
# cluster's superuser here, which the tests need to play an intruder with the
# owner's password); `registry_app` is the role the application connects as and
# owns nothing. Its rights come from `manage.py audit_roles`, or from every
# migrate run with DJANGO_AUDIT_APP_ROLE set, as here.
"$pg_bin/psql" -h 127.0.0.1 -p "$port" -U registry -d registry -qX -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE registry_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" >/dev/null

if [ -n "${PG_STANDBY:-}" ]; then
  # Started now, while no transaction is open: a hot standby accepts connections only once it
  # holds a snapshot of the primary, and one long test transaction with more than 64 savepoints
  # (the page walks) keeps it from getting one for as long as that test runs.
  standby_port=$((port + 1))
  "${as_pg[@]}" "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U registry -D "$dir/standby" -R -X stream -c fast
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
    -o "-p $standby_port $server_opts -c hot_standby=on" start >/dev/null
  export PG_STANDBY_PORT="$standby_port"
fi

export DATABASE_URL="postgres://registry@127.0.0.1:$port/registry"
export DATABASE_APP_URL="postgres://registry_app@127.0.0.1:$port/registry"
export DJANGO_AUDIT_APP_ROLE=registry_app
"$@"
