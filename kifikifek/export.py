"""Reports as CSV for analysis: opens in Excel with Arabic intact, runs no formula."""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import Select

from kifikifek import geography
from kifikifek.extensions import db
from kifikifek.models import Report

COLUMNS = (
    "id",
    "submitted_at_utc",
    "status",
    "category",
    "setting",
    "governorate_code",
    "governorate",
    "delegation_code",
    "delegation",
    "occurred",
    "reporter",
    "age_range",
    "gender",
    "language",
    "description",
)
#: A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def neutralize(value: object) -> str:
    """Text that a spreadsheet shows as typed, never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def row(report: Report, with_contact: bool) -> list[str]:
    """One report as CSV cells, in the order of ``COLUMNS``."""
    occurred = report.occurred_on.isoformat()
    if report.occurred_precision == "month":
        occurred = occurred[:7]
    cells = [
        report.id,
        report.created_at.strftime("%Y-%m-%d %H:%M"),
        report.status,
        report.category,
        report.setting,
        report.governorate_code,
        geography.place_name(report.governorate_code),
        report.delegation_code,
        geography.place_name(report.delegation_code),
        occurred,
        report.reporter,
        report.age_range,
        report.gender,
        report.language,
        report.description,
    ]
    if with_contact:
        cells.append(report.contact)
    return [neutralize(cell) for cell in cells]


def csv_lines(query: Select[tuple[Report]], with_contact: bool) -> Iterator[str]:
    """The CSV file for the reports ``query`` selects, a few lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = list(COLUMNS) + (["contact"] if with_contact else [])
    writer.writerow(header)
    yield BYTE_ORDER_MARK + buffer.getvalue()
    reports = db.session.scalars(
        query.order_by(Report.id).execution_options(yield_per=500)
    )
    for report in reports:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(report, with_contact))
        yield buffer.getvalue()
