"""Exports: filtered, anonymised by default, in four formats, on the trail."""

import csv
import io
import json
import re
import sqlite3
import zipfile

import pytest
from sqlalchemy import select

from kifikifek.export import neutralize
from kifikifek.extensions import db
from kifikifek.models import AuditEvent


def exported(client, **form):
    response = client.post("/moderation/export", data={"format": "csv", **form})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    return response


def csv_rows(response, delimiter=","):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(
        csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter)
    )


def test_export_is_anonymised_unless_asked(client, auth, make_report):
    make_report(
        "TN41", description="حرموني من الميراث متاع بابا", contact="0021698123456"
    )
    auth.login("admin")

    (plain,) = csv_rows(exported(client))
    (full,) = csv_rows(exported(client, with_description="y", with_contact="y"))

    assert "description" not in plain and "contact" not in plain
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", plain["submitted_at_utc"])
    assert plain["occurred_on"] == "2026-01-15"
    assert plain["governorate"] == "القيروان"  # Arabic intact
    assert full["description"] == "حرموني من الميراث متاع بابا"
    assert full["contact"] == "0021698123456"


def test_semicolons_for_french_excel(client, auth, make_report):
    make_report("TN41")
    auth.login("admin")

    (row,) = csv_rows(exported(client, format="csv;"), delimiter=";")

    assert row["governorate_code"] == "TN41"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain text", "plain text"),
        ("نص عربي", "نص عربي"),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_cells_are_neutralised(cell, safe):
    assert neutralize(cell) == safe


def test_formula_in_a_report_does_not_reach_the_spreadsheet(client, auth, make_report):
    make_report("TN41", description="=cmd|' /C calc'!A0 he took my wages")
    auth.login("admin")

    (row,) = csv_rows(exported(client, with_description="y"))

    assert row["description"].startswith("'=")


def test_filters_narrow_the_export_and_go_on_the_trail(app, client, auth, make_report):
    make_report("TN41", category="pay")
    make_report("TN41", category="work")
    make_report("TN61", category="pay")
    auth.login("admin")

    rows = csv_rows(exported(client, category="pay", governorates=["TN41"]))

    assert [(r["governorate_code"], r["category"]) for r in rows] == [("TN41", "pay")]
    with app.app_context():
        details = db.session.scalar(
            select(AuditEvent.details).where(AuditEvent.action == "exported")
        )
    assert details["reports"] == 1
    assert details["filters"] == {"category": "pay", "governorates": ["TN41"]}
    assert details["with_description"] is False


def test_moderator_exports_only_their_region_and_no_contact(client, auth, make_report):
    own = make_report("TN53")
    make_report("TN61")
    auth.login("moderator", "TN53")

    rows = csv_rows(exported(client, with_contact="y", governorates=["TN61"]))

    assert [int(row["id"]) for row in rows] == [own]
    assert "contact" not in rows[0]


def test_json_lines(client, auth, make_report):
    make_report("TN41", description="Une ligne par signalement.")
    auth.login("admin")

    body = exported(client, format="jsonl", with_description="y").get_data(as_text=True)

    (line,) = body.splitlines()
    assert json.loads(line)["description"] == "Une ligne par signalement."


def test_xlsx_opens_as_a_workbook_with_text_as_text(client, auth, make_report):
    make_report("TN41", description="=1+1 is not a formula here")
    auth.login("admin")

    raw = exported(client, format="xlsx", with_description="y").get_data()

    with zipfile.ZipFile(io.BytesIO(raw)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "=1+1 is not a formula here" in sheet


def test_sqlite_file_opens_in_sqlite3(client, auth, make_report, tmp_path):
    make_report("TN41")
    make_report("TN23")
    auth.login("admin")

    path = tmp_path / "export.sqlite"
    path.write_bytes(exported(client, format="sqlite").get_data())

    with sqlite3.connect(path) as database:
        rows = database.execute(
            "SELECT governorate_code FROM reports ORDER BY id"
        ).fetchall()
    assert rows == [("TN41",), ("TN23",)]
