"""The citizen's side: the report form, the receipt, the status page, help."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from kifikifek.public import routes  # noqa: E402, F401  (routes attach to bp)
