"""The associations' side: sign-in, the queue, reports, accounts and export."""

from flask import Blueprint

from kifikifek.retention import erase_now_and_then
from kifikifek.security import no_store
from kifikifek.taxonomy import LABELS

bp = Blueprint("moderation", __name__)
# Every moderation page shows report content or account details.
bp.after_request(no_store)
# Before any moderator sees a report, details past their time are gone.
bp.before_request(erase_now_and_then)


@bp.context_processor
def labels() -> dict:
    return {"labels": LABELS}


# Views attach themselves to bp.
from kifikifek.moderation import (  # noqa: E402, F401
    accounts,
    auth,
    dashboards,
    queue,
    report_pages,
)
