"""A receipt code is easy to copy, hard to guess, and opens only its status."""

import pytest

from kifikifek import receipts, workflow
from kifikifek.extensions import db
from kifikifek.models import Report, User
from tests.conftest import error_messages, receipt_code, report_fields


def test_codes_are_twelve_unambiguous_characters():
    codes = {receipts.new_code() for _ in range(2000)}

    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 12
        assert not set(code) & set("ILOU")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("K7M4-Q9XD-2HPT", "K7M4Q9XD2HPT"),
        (" k7m4 q9xd 2hpt ", "K7M4Q9XD2HPT"),
        ("K7M4-Q9XD-2HPO", "K7M4Q9XD2HP0"),  # O read as zero
        ("k7m4-q9xd-2hpl", "K7M4Q9XD2HP1"),  # l read as one
        ("K7M4-Q9XD-2HP", None),
        ("K7M4-Q9XD-2HP!", None),
    ],
)
def test_typed_codes_are_forgiving(typed, stored):
    assert receipts.normalize(typed) == stored


def test_receipt_code_opens_the_status(client):
    client.post("/", data=report_fields(), headers={"Accept-Language": "en"})
    code = receipt_code(client.get("/receipt").get_data(as_text=True))

    response = client.post(
        "/status", data={"code": code.lower()}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Status: New" in html
    assert "waiting to be read" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_status_page_never_shows_private_notes(app, client, make_user):
    client.post("/", data=report_fields(), headers={"Accept-Language": "en"})
    code = receipt_code(client.get("/receipt").get_data(as_text=True))
    moderator_id = make_user("kairouan", "moderator", "TN41")
    with app.app_context():
        report = db.session.scalars(db.select(Report)).one()
        moderator = db.session.get(User, moderator_id)
        workflow.move(report, "in_review", moderator)
        workflow.add_note(report, "Called her sister, confirmed.", moderator)
        workflow.move(report, "verified", moderator)

    html = client.post(
        "/status", data={"code": code}, headers={"Accept-Language": "en"}
    ).get_data(as_text=True)

    assert "Status: Verified" in html
    assert "sister" not in html
    assert "kairouan" not in html
    assert "رجل يلاحقني" not in html  # nor the report itself


def test_unknown_code_says_so_and_keeps_it(client):
    response = client.post(
        "/status", data={"code": "ZZZZ-ZZZZ-ZZZZ"}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No report has this code. Check it and try again." in error_messages(html)
    assert 'value="ZZZZ-ZZZZ-ZZZZ"' in html
