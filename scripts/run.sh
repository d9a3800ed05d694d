#!/usr/bin/env bash
# `make run`: the development server and one task worker beside it (docs/deployment.md).
#
# The worker (`manage.py db_worker`) prints every ledger: without it a print
# waits in the queue. Both stop together: Ctrl-C reaches both (one process
# group), and whichever ends first takes the other down with it.
# RUN_BIND (default 127.0.0.1:8000) is where the development server listens.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"

# No autoreload for the worker: a reloading worker runs in a child process a
# signal to this one would not stop. Restart `make run` after changing a task.
"$PY" manage.py db_worker --no-reload --interval 1 &
worker=$!
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

"$PY" manage.py runserver "${RUN_BIND:-127.0.0.1:8000}" &
server=$!
# Whichever of the two ends first ends `make run`.
wait -n "$worker" "$server" || true
