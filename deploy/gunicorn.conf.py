"""gunicorn settings for ResultBridge behind nginx (deploy/README.md).

Run: gunicorn -c deploy/gunicorn.conf.py resultbridge.wsgi
GUNICORN_BIND and WEB_CONCURRENCY override the address and the number of workers; a
command-line option overrides anything here.
"""

import os

# 127.0.0.1 when nginx runs on the same machine; the machine's private address (and a
# firewall) when nginx runs elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: one request at a time per process, no threads. A request is short and
# mostly CPU (templates, Argon2 at sign-in), so threads would only queue on the GIL;
# nginx buffers slow clients, so a phone on a bad network never holds a worker. Two per
# core plus one keeps the cores busy while a worker waits on PostgreSQL. Each worker
# keeps one database connection (DATABASE_CONN_MAX_AGE): count them against PostgreSQL's
# max_connections (deploy/README.md, Scaling out).
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)

# Over capacity, connections wait in the kernel's queue until a worker is free rather than
# being refused. The kernel caps it at net.core.somaxconn (4096 on current kernels).
backlog = 4096

# A request still running after 30 s is a bug or a stuck query: the worker is replaced.
# nginx waits longer (proxy_read_timeout 60s) so that a queued request is not cut off.
timeout = 30
graceful_timeout = 30  # on restart, requests in flight get this long to finish
keepalive = 2  # unused by sync workers, which close each connection after the response

# Replace each worker after about 1,000 requests, not all at once (jitter), so that a
# slow leak never grows on results day.
max_requests = 1000
max_requests_jitter = 100

# Access log to stdout (the journal). %({x-forwarded-for}i)s is the client's address as
# nginx passed it (the peer %(h)s is nginx itself); %(U)s is the path without the query
# string, which can hold search terms (names). Paths still hold one-time links: keep the
# journal readable by administrators only.
accesslog = "-"
access_log_format = (
    '%({x-forwarded-for}i)s via %(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
)

# gunicorn 25+ opens a control socket in the home directory; the service user has none
# and nothing here uses it.
control_socket_disable = True
