#!/usr/bin/env bash
# `make loadtest`: the registry under 50 people at once (docs/performance.md, "Under load").
#
# End to end on this machine: a throwaway PostgreSQL (scripts/with-postgres.sh,
# fsync on as in production), migrated and filled by generate_scale_data with
# LOADTEST_COPIES copies (100,000), `make serve`'s production shape
# (scripts/serve.sh: gunicorn, production settings, the application role), then
# locust headless with LOADTEST_PEOPLE_COUNT simulated people (50) for
# LOADTEST_DURATION (3m), and the report: var/loadtest/report.md (per kind of
# request: count, throughput, median, p95, p99, errors) beside locust's CSVs.
# The server's log is var/loadtest/server.log. The cluster is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
COPIES="${LOADTEST_COPIES:-100000}"
COUNT="${LOADTEST_PEOPLE_COUNT:-50}"
DURATION="${LOADTEST_DURATION:-3m}"
PORT="${LOADTEST_PORT:-8765}"
OUT="${LOADTEST_OUT:-$PWD/var/loadtest}"

if [ -z "${DATABASE_URL:-}" ]; then
  # Durability on, as a production server has it: a step's commit waits for the disk.
  export PG_EXTRA_OPTS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=512MB -c max_connections=200 ${PG_EXTRA_OPTS:-}"
  exec scripts/with-postgres.sh "$0" "$@"
fi
mkdir -p "$OUT"
rm -f "$OUT"/stats_*.csv

echo "== Migrate and generate $COPIES copies ($(( COPIES / 10 )) people)"
DJANGO_DEBUG=1 "$PY" manage.py migrate --noinput -v 0
DJANGO_DEBUG=1 "$PY" manage.py generate_scale_data --copies "$COPIES" --users "$(( COPIES / 10 > 200 ? COPIES / 10 : 200 ))" -v 0
DJANGO_DEBUG=1 "$PY" bench/loadtest/people.py >"$OUT/people.json"

echo "== make serve's shape on 127.0.0.1:$PORT (log: $OUT/server.log)"
# Two factors are off for the simulated people only: a one-time code is one
# request at sign-in, not part of a working day's mix.
DJANGO_REQUIRE_2FA=0 GUNICORN_BIND="127.0.0.1:$PORT" PY="$PY" scripts/serve.sh >"$OUT/server.log" 2>&1 &
server=$!
stop_server() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "The server stopped; see $OUT/server.log" >&2; exit 1; fi
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"

echo "== locust: $COUNT people for $DURATION"
started="$(date -u +%FT%TZ)"
LOADTEST_PEOPLE="$OUT/people.json" "$PY" -m locust -f bench/loadtest/locustfile.py --headless \
  --users "$COUNT" --spawn-rate 2 --run-time "$DURATION" --stop-timeout 10 \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/stats" --only-summary --exit-code-on-error 0 \
  >"$OUT/locust.log" 2>&1
stop_server
trap - EXIT
"$PY" bench/loadtest/report.py "$OUT" --copies "$COPIES" --people "$COUNT" --duration "$DURATION" --started "$started" \
  | tee "$OUT/report.md"
