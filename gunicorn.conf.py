"""gunicorn's settings for the registry (`make serve`, docs/deployment.md).

`gunicorn -c gunicorn.conf.py secrecy_registry.wsgi`. Every value a machine
changes comes from the environment, as the Django settings do.
"""

import os

# Loopback by default: on a server, nginx (TLS) is in front and connects here.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: every request is a few short queries and a template. About
# 2 x cores + 1 on an app server of its own; 3 suits a 2-core trial machine.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
# No ledger is rendered here (a task worker prints it, printing/); a small print's
# request waits at most PRINT_WAIT_SECONDS for it. Past this timeout a worker is
# killed and restarted, and the person gets an error.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycling after N requests (max_requests) is safe: prints live in the task
# workers and the database, not in a web worker. Off unless set.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
# The sign-in lockout counts REMOTE_ADDR: only the proxy named here may set it
# from X-Forwarded-For (and the scheme from X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log and errors on standard output and error, for journald or the terminal.
accesslog = "-"
# The path without its query string: a search's words (a classified title) stay out of the log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "secrecy-registry"
