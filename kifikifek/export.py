"""Reports out of the platform: CSV, XLSX, JSON Lines and SQLite, streamed.

Every format is written row by row from a server-side cursor, so a million
reports leave without the server's memory growing with their number. The
files are anonymised by default: the description and the contact details are
columns only when asked for.
"""

import csv
import io
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator

import sqlite_utils
import xlsxwriter
from sqlalchemy import Select, String, cast

from kifikifek import geography
from kifikifek.extensions import db
from kifikifek.i18n import localized
from kifikifek.models import Report

#: Column name and the report attribute it comes from, in file order.
COLUMNS = (
    ("id", Report.id),
    # Read as text: parsing a million timestamps only to print them again is
    # most of an export's time.
    ("submitted_at_utc", cast(Report.created_at, String)),
    ("status", Report.status),
    ("rejection_reason", Report.rejection_reason),
    ("referral_service", Report.referral_service),
    ("category", Report.category),
    ("setting", Report.setting),
    ("governorate_code", Report.governorate_code),
    ("delegation_code", Report.delegation_code),
    ("occurred_on", cast(Report.occurred_on, String)),
    ("occurred_precision", Report.occurred_precision),
    ("reporter", Report.reporter),
    ("age_range", Report.age_range),
    ("gender", Report.gender),
    ("language", Report.language),
)
PLACE_COLUMNS = ("governorate", "delegation")
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson",
    "sqlite": "application/vnd.sqlite3",
}
#: A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
TYPED_COLUMNS = ("description", "contact")
BATCH = 2_000


def neutralize(value: object) -> str:
    """Text that a spreadsheet shows as typed, never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def records(
    query: Select, with_description: bool = False, with_contact: bool = False
) -> tuple[list[str], Iterator[tuple]]:
    """Column names, and the selected reports as rows of plain values."""
    columns = list(COLUMNS)
    if with_description:
        columns.append(("description", Report.description))
    if with_contact:
        columns.append(("contact", Report.contact))
    statement = (
        query.with_only_columns(*(column for _, column in columns))
        .order_by(Report.id)
        .execution_options(yield_per=BATCH)
    )
    names = [name for name, _ in columns]
    created_at = names.index("submitted_at_utc")
    occurred_at = names.index("occurred_on")
    governorate_at = names.index("governorate_code")
    delegation_at = names.index("delegation_code")
    names[delegation_at + 1 : delegation_at + 1] = PLACE_COLUMNS
    # Names in the reader's language, looked up once rather than per row.
    place_names = {
        division.code: localized(division) for division in geography.divisions()
    }

    def rows() -> Iterator[tuple]:
        # A Core cursor: no ORM objects are built for a million rows.
        for row in db.session.connection().execute(statement):
            values = list(row)
            values[created_at] = values[created_at][:16].replace(" ", "T")
            values[occurred_at] = values[occurred_at][:10]
            values[delegation_at + 1 : delegation_at + 1] = (
                place_names.get(values[governorate_at]),
                place_names.get(values[delegation_at]),
            )
            yield tuple(values)

    return names, rows()


def csv_chunks(
    names: list[str], rows: Iterable[tuple], delimiter: str = ","
) -> Iterator[str]:
    """CSV that Excel opens with Arabic intact (a byte-order mark) and no formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(names)
    yield BYTE_ORDER_MARK + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    # Only what citizens typed can start like a formula; codes and dates cannot.
    typed = [at for at, name in enumerate(names) if name in TYPED_COLUMNS]
    while batch := list(itertools.islice(rows, 500)):
        if typed:
            batch = [list(row) for row in batch]
            for row in batch:
                for at in typed:
                    row[at] = neutralize(row[at])
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def jsonl_chunks(names: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    """One JSON object per report and per line."""
    lines = []
    for row in rows:
        lines.append(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
        if len(lines) == 500:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def xlsx_file(names: list[str], rows: Iterable[tuple]) -> str:
    """A spreadsheet written in constant memory; returns its temporary path."""
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet("reports")
    sheet.write_row(0, 0, names)
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            # Strings are written as strings: nothing in them runs as a formula.
            if isinstance(value, int):
                sheet.write_number(number, column, value)
            elif value is not None:
                sheet.write_string(number, column, str(value))
    workbook.close()
    return path


def sqlite_file(names: list[str], rows: Iterable[tuple]) -> str:
    """A SQLite database that opens as it is in Datasette or sqlite3."""
    fd, path = tempfile.mkstemp(suffix=".sqlite")
    os.close(fd)
    database = sqlite_utils.Database(path)
    database["reports"].insert_all(
        (dict(zip(names, row, strict=True)) for row in rows),
        pk="id",
        batch_size=BATCH,
    )
    database.close()
    return path


def file_chunks(path: str) -> Iterator[bytes]:
    """Send a temporary file in pieces, and delete it once sent."""
    try:
        with open(path, "rb") as source:
            while chunk := source.read(64 * 1024):
                yield chunk
    finally:
        os.unlink(path)


def stream(
    fmt: str, names: list[str], rows: Iterator[tuple], delimiter: str = ","
) -> Iterator[str] | Iterator[bytes]:
    """The chosen format's content, as pieces to send."""
    if fmt == "csv":
        return csv_chunks(names, rows, delimiter)
    if fmt == "jsonl":
        return jsonl_chunks(names, rows)
    if fmt == "xlsx":
        return file_chunks(xlsx_file(names, rows))
    return file_chunks(sqlite_file(names, rows))
