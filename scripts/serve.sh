#!/usr/bin/env bash
# `make serve`: the production shape on this machine (docs/deployment.md, "make serve").
#
# With DATABASE_URL (the owner's) and DATABASE_APP_URL (the application role's)
# set, that PostgreSQL is used and kept. Without DATABASE_URL, a throwaway
# cluster is started by scripts/with-postgres.sh (owner `registry`, application
# role `registry_app`) and removed when the server stops.
#
# As the owner: migrate, audit_roles, load_demo. Then collectstatic into
# DJANGO_STATIC_ROOT (var/static) and the daily audit checkpoint, and gunicorn
# (gunicorn.conf.py) with production settings and one task worker
# (`manage.py db_worker`, which prints every ledger), both connected as the
# application role only. Ctrl-C stops both (and the throwaway cluster with them).
# SERVE_TASK_WORKERS=0 starts no task worker (bench/print_under_load.py starts
# and kills its own).
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"

if [ -z "${DATABASE_URL:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
if [ -z "${DATABASE_APP_URL:-}" ]; then
  echo "DATABASE_URL is the owner's; set DATABASE_APP_URL to the application role's URL (registry_app) too." >&2
  exit 2
fi

# Production settings: no DEBUG, static files served by the application (whitenoise).
unset DJANGO_DEBUG
export DJANGO_SERVE_STATIC=1
export DJANGO_STATIC_ROOT="${DJANGO_STATIC_ROOT:-$PWD/var/static}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Plain HTTP on the loopback only: nothing leaves the machine, so no redirect to
# HTTPS (the cookies stay Secure-only, which browsers accept from localhost).
export DJANGO_SSL_REDIRECT="${DJANGO_SSL_REDIRECT:-0}"
export DJANGO_AUDIT_APP_ROLE="${DJANGO_AUDIT_APP_ROLE:-registry_app}"
mkdir -p var
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  # Kept in var/ so that sessions outlive a restart on a database that is kept.
  key_file=var/serve-secret-key
  if [ ! -s "$key_file" ]; then
    (umask 077 && "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$key_file")
  fi
  DJANGO_SECRET_KEY="$(cat "$key_file")"
  export DJANGO_SECRET_KEY
fi

echo "== As the owner: migrate, audit_roles ($DJANGO_AUDIT_APP_ROLE), load_demo"
"$PY" manage.py migrate --noinput
"$PY" manage.py audit_roles --app-role "$DJANGO_AUDIT_APP_ROLE"
"$PY" manage.py load_demo
echo "== collectstatic into $DJANGO_STATIC_ROOT"
"$PY" manage.py collectstatic --noinput -v 0
echo "== As $DJANGO_AUDIT_APP_ROLE: the daily jobs (the audit checkpoint /healthz asks for, print purge, notifications)"
DATABASE_URL="$DATABASE_APP_URL" "$PY" manage.py run_daily
worker=""
if [ "${SERVE_TASK_WORKERS:-1}" != 0 ]; then
  echo "== one task worker as $DJANGO_AUDIT_APP_ROLE (db_worker: prints, lease sweep, purge)"
  DATABASE_URL="$DATABASE_APP_URL" "$PY" manage.py db_worker --no-reload &
  worker=$!
fi
server=""
stop_both() {
  for pid in $server $worker; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  # Ctrl-C has told the worker already: this second word stops it at once; a print part it held
  # is retried when its lease runs out (printing/lease.py).
  wait 2>/dev/null || true
}
trap stop_both EXIT
trap 'exit 130' INT TERM
echo "== gunicorn as $DJANGO_AUDIT_APP_ROLE on ${GUNICORN_BIND:-127.0.0.1:8000} (Ctrl-C stops it and the worker)"
DATABASE_URL="$DATABASE_APP_URL" DJANGO_CONN_MAX_AGE="${DJANGO_CONN_MAX_AGE:-60}" \
  "$PY" -m gunicorn -c gunicorn.conf.py secrecy_registry.wsgi &
server=$!
# Whichever of the two ends first ends `make serve`.
wait -n $worker "$server" || true
