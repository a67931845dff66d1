"""The app as served in production, plus one bare route to measure it against.

Served only by bench/throughput_bench.py, as ``gunicorn 'bare_app:build()'``
with bench/ on the Python path, so the production app never gets a benchmark
route, and importing this module builds nothing.
"""

from flask import Flask

from kifikifek import create_app

BARE_PATH = "/bench/bare"


def build() -> Flask:
    """The production app with the bare route added."""
    app = create_app()
    app.add_url_rule(BARE_PATH, "bench_bare", bare)
    return app


def bare() -> str:
    """A short text: what gunicorn, Flask and the app's hooks cost on their own."""
    return "bare"
