"""Contact details kept no longer than needed: erased some days after closing.

The erasure runs before moderation pages, at most once an hour in each worker,
so that no moderator or export sees details past their time even where nobody
set up a scheduled job; ``flask erase-contacts`` runs it from cron as well.
"""

import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from kifikifek import audit
from kifikifek.extensions import db
from kifikifek.models import Report, utcnow

CHECK_EVERY_SECONDS = 3600


def erase_expired_contacts() -> int:
    """Erase the contact details of reports closed for long enough; how many."""
    days = current_app.config["CONTACT_RETENTION_DAYS"]
    expired = db.session.scalars(
        select(Report).where(
            Report.contact.is_not(None),
            Report.closed_at < utcnow() - timedelta(days=days),
        )
    ).all()
    for report in expired:
        report.contact = None
        audit.record("contact_expired", report=report, days=days)
    db.session.commit()
    if expired:
        current_app.logger.info("report.contacts_expired: %s reports", len(expired))
    return len(expired)


def erase_now_and_then() -> None:
    """Erase expired contact details if this worker has not for an hour."""
    last = current_app.extensions.get("kifikifek.contacts_checked")
    if last is None or time.monotonic() - last >= CHECK_EVERY_SECONDS:
        current_app.extensions["kifikifek.contacts_checked"] = time.monotonic()
        erase_expired_contacts()
