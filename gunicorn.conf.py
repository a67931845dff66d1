"""Gunicorn in production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

The master brings the database to the newest schema once, before it starts a
worker; the workers skip that step, so none of them races another on it.
Environment: ``BIND`` (default ``127.0.0.1:8000``, behind a proxy on the same
machine) and ``WEB_CONCURRENCY``, the number of workers.
"""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Gunicorn's advice of two workers a core, plus one. Each sync worker holds
# one database connection; the cap leaves room in PostgreSQL's 100 for others.
cores = os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * cores + 1, 12)))
# Workers are told not to touch the schema: the master has done it.
raw_env = ["KIFIKIFEK_CREATE_SCHEMA_ON_START=false"]
# Gunicorn's control socket is one path per user: sites sharing a machine
# would take it from each other, and the site needs no remote control.
control_socket_disable = True

# The platform stores no IP address: the access log has no client address
# (%(h)s), no query string (%(U)s is the path alone: searches stay out) and
# nothing about the device.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"


class AddressFreeLogger(Logger):
    """Gunicorn's log, without the client address it gives a malformed request."""

    def warning(self, msg: str, *args, **kwargs) -> None:
        super().warning(re.sub(r"\bip=\S+:", "ip=(not kept):", msg), *args, **kwargs)


logger_class = AddressFreeLogger


def on_starting(server) -> None:
    """Bring the database up to date in the master, before any worker forks."""
    from kifikifek import create_app
    from kifikifek.database import ensure_schema
    from kifikifek.extensions import db

    app = create_app()
    with app.app_context():
        ensure_schema()
        # Workers make their own connections; none is shared across a fork.
        db.engine.dispose()
