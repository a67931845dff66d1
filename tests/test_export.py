"""The CSV export opens in Excel with Arabic intact and runs no formula."""

import csv
import io

import pytest

from kifikifek.export import neutralize


def exported(client, **form) -> list[dict[str, str]]:
    response = client.post("/moderation/export", data=form)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_keeps_arabic_and_leaves_contact_out(client, auth, make_report):
    make_report(
        "TN41",
        description="حرموني من الميراث متاع بابا",
        contact="+21698123456",
        language="ar",
    )
    auth.login("admin")

    (row,) = exported(client)

    assert row["description"] == "حرموني من الميراث متاع بابا"
    assert row["governorate_code"] == "TN41"
    assert "contact" not in row
    assert "+21698123456" not in str(row)


def test_admin_may_ask_for_contact_details(client, auth, make_report):
    make_report("TN41", contact="+21698123456")
    auth.login("admin")

    (row,) = exported(client, with_contact="y")

    assert row["contact"] == "'+21698123456"  # a leading + is neutralised too


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

    (row,) = exported(client)

    assert row["description"].startswith("'=")


def test_moderator_export_holds_only_their_governorate(client, auth, make_report):
    own = make_report("TN53")
    make_report("TN61")
    make_report("TN34")
    auth.login("moderator", "TN53")

    rows = exported(client, with_contact="y")

    assert [int(row["id"]) for row in rows] == [own]
    assert "contact" not in rows[0]  # contact export is for admins only
