"""Filing reports and finding them again by receipt code."""

from datetime import date

from flask import current_app
from sqlalchemy import select

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
) -> Report:
    """Store a citizen's report with a new receipt code and return it."""
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
    )
    db.session.add(report)
    db.session.commit()
    current_app.logger.info(
        "report.filed: report %s in %s", report.id, report.governorate_code
    )
    return report


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
