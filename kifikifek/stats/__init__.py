"""Public statistics."""

from flask import Blueprint

bp = Blueprint("stats", __name__)

from kifikifek.stats import routes  # noqa: E402, F401  (views attach to bp)
