"""Filing reports and finding them again by receipt code."""

from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kifikifek import receipts
from kifikifek.extensions import db
from kifikifek.models import Report
from kifikifek.search import fold


def file_report(
    *,
    category: str,
    setting: str,
    governorate_code: str,
    occurred_on: date,
    occurred_precision: str,
    reporter: str,
    description: str,
    language: str,
    delegation_code: str | None = None,
    age_range: str | None = None,
    gender: str | None = None,
    contact: str | None = None,
    submission: str | None = None,
) -> Report:
    """Store a citizen's report with a new receipt code and return it.

    ``submission`` is the random token of the form that sent it: the same form
    sent twice (a double tap, a retry after a timeout) files one report, and
    the second send gets the first one back.
    """
    if submission and (earlier := filed_by(submission)) is not None:
        return earlier
    report = Report(
        receipt_code=unused_receipt_code(),
        category=category,
        setting=setting,
        governorate_code=governorate_code,
        delegation_code=delegation_code or None,
        occurred_on=occurred_on,
        occurred_precision=occurred_precision,
        reporter=reporter,
        age_range=age_range or None,
        gender=gender or None,
        description=description.strip(),
        search_text=fold(description),
        contact=(contact or "").strip() or None,
        language=language,
        submission_token=submission or None,
    )
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:
        # The same form, sent twice at once: the other request filed it.
        db.session.rollback()
        earlier = filed_by(submission) if submission else None
        if earlier is None:
            raise
        return earlier
    current_app.logger.info(
        "report.filed: report %s in %s", report.id, report.governorate_code
    )
    return report


def filed_by(submission: str) -> Report | None:
    """The report a form with this submission token has already filed."""
    return db.session.scalar(
        select(Report).where(Report.submission_token == submission)
    )


def unused_receipt_code() -> str:
    """A receipt code that no report has yet."""
    while True:
        code = receipts.new_code()
        taken = db.session.scalar(select(Report.id).where(Report.receipt_code == code))
        if taken is None:
            return code


def find_by_receipt(typed: str) -> Report | None:
    """The report a citizen's receipt code belongs to, if any."""
    code = receipts.normalize(typed)
    if code is None:
        return None
    return db.session.scalar(select(Report).where(Report.receipt_code == code))
