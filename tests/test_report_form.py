"""Citizens file reports in Arabic, French and English, and lose nothing."""

import pytest
import sqlite_utils
from sqlalchemy import func, select

from kifikifek.extensions import db
from kifikifek.models import Report
from tests.conftest import (
    error_messages,
    on_sqlite,
    receipt_code,
    report_fields,
    translated,
)


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")]
)
def test_form_speaks_the_browser_language(app, client, language, direction):
    heading = translated(app, language, "Report gender inequality")

    response = client.get("/", headers={"Accept-Language": language})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
    if language != "en":
        assert heading != "Report gender inequality", "catalogue not compiled"


@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("ar", "رفضوا تشغيلي في المصنع لأني امرأة وقالوا الخدمة للرجال فقط."),
        ("fr", "On m'a refusé le poste de chef d'atelier parce que je suis une femme."),
        ("en", "The hotel told me they only hire men for the night reception."),
    ],
)
def test_report_filed_in_each_language(app, client, language, description):
    headers = {"Accept-Language": language}
    fields = report_fields(category="work", setting="work", description=description)

    response = client.post("/", data=fields, headers=headers)

    assert response.status_code == 303
    assert response.headers["Location"] == "/receipt"
    receipt = client.get("/receipt", headers=headers)
    assert receipt.status_code == 200
    assert "1899" in receipt.get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.description == description
        assert report.language == language
        assert report.governorate_code == "TN41"
        assert report.status == "new"
        assert report.contact is None
        assert report.receipt_code.replace("-", "") == receipt_code(
            receipt.get_data(as_text=True)
        ).replace("-", "")


def test_arabic_receipt_is_right_to_left_and_names_the_association(client):
    client.post("/", data=report_fields(), headers={"Accept-Language": "ar"})

    html = client.get("/receipt", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )

    assert '<html lang="ar" dir="rtl">' in html
    assert "القيروان" in html  # the Kairouan section of the UNFT reads it


def test_errors_keep_every_typed_value(app, client):
    description = "Un homme me suit chaque jour jusqu'à l'école de ma fille."
    fields = report_fields(
        description=description,
        delegation="TN1151",  # Carthage is in Tunis, not Kairouan
        consent=None,
        age_range="30_44",
    )

    response = client.post("/", data=fields, headers={"Accept-Language": "fr"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    errors = error_messages(html)
    for message in (
        "This delegation is not in the governorate you chose.",
        "Please tick this box to send the report.",
    ):
        assert translated(app, "fr", message).replace("'", "&#39;") in errors
    assert description.replace("'", "&#39;") in html
    assert '<option selected value="30_44">' in html
    assert '<option selected value="harassment">' in html
    assert 'value="3" selected' in html or '<option selected value="3">' in html
    with app.app_context():
        assert db.session.scalar(select(Report)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": ""}, "Choose what kind of inequality this was."),
        ({"governorate": ""}, "Choose the governorate."),
        ({"description": "help"}, "Describe what happened, in a few words at least."),
        (
            {"description": "word " * 1001},
            "Please shorten the description to 5000 characters or fewer.",
        ),
        (
            {"occurred_month": "", "occurred_year": ""},
            "Give the date, or at least the month and the year.",
        ),
        ({"occurred_on": "2999-01-01"}, "This date is in the future."),
        ({"reporter": None}, "Tell us who is reporting."),
        (
            {"contact": "+216 98 123 456"},
            "Tick the box above if you want to be contacted, or clear this field.",
        ),
        (
            {"wants_contact": "y", "contact": ""},
            "Give a phone number or an e-mail address to be contacted.",
        ),
        (
            {"wants_contact": "y", "contact": "call me"},
            "This does not look like a phone number or an e-mail address.",
        ),
        ({"consent": None}, "Please tick this box to send the report."),
    ],
)
def test_each_mistake_gets_its_message(client, changes, message):
    response = client.post(
        "/", data=report_fields(**changes), headers={"Accept-Language": "en"}
    )

    assert response.status_code == 200
    assert message in error_messages(response.get_data(as_text=True))


def test_arabic_errors_are_in_arabic(app, client):
    response = client.post(
        "/", data=report_fields(governorate=""), headers={"Accept-Language": "ar"}
    )

    errors = error_messages(response.get_data(as_text=True))
    assert errors == [translated(app, "ar", "Choose the governorate.")]
    assert errors[0] != "Choose the governorate."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+216 98 123 456", "0021698123456"),
        ("٩٨ ١٢٣ ٤٥٦ ٧٨", "9812345678"),
        ("９８１２３４５６", "98123456"),  # full-width digits
        ("९८१२३४५६", "98123456"),  # Devanagari digits
        ("amira@example.tn", "amira@example.tn"),
    ],
)
def test_contact_kept_only_when_asked_for(app, client, typed, stored):
    client.post("/", data=report_fields(wants_contact="y", contact=typed))

    with app.app_context():
        assert db.session.scalar(select(Report.contact)) == stored


def test_exact_date_is_kept_as_a_day(app, client):
    client.post("/", data=report_fields(occurred_on="2025-11-02"))

    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.occurred_on.isoformat() == "2025-11-02"
        assert report.occurred_precision == "day"


def test_month_and_year_are_kept_as_a_month(app, client):
    client.post("/", data=report_fields(occurred_month="7", occurred_year="2024"))

    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.occurred_on.isoformat() == "2024-07-01"
        assert report.occurred_precision == "month"


@on_sqlite
def test_nothing_about_the_device_is_stored(app, client, tmp_path):
    address, agent = "203.0.113.77", "Mozilla/5.0 (Linux; Android 8.1; itel A16)"

    client.post(
        "/",
        data=report_fields(),
        headers={"User-Agent": agent},
        environ_base={"REMOTE_ADDR": address},
    )

    database = sqlite_utils.Database(tmp_path / "test.sqlite")
    assert database["report"].count == 1
    columns = {column.name for column in database["report"].columns}
    assert not columns & {"ip", "ip_address", "user_agent", "remote_addr"}
    for table in database.tables:
        for row in table.rows:
            for value in row.values():
                assert address not in str(value)
                assert "Android" not in str(value)


def test_receipt_without_a_report_goes_back_to_the_form(client):
    response = client.get("/receipt")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_report_pages_are_never_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    client.post("/", data=report_fields())
    assert client.get("/receipt").headers["Cache-Control"] == "no-store"


def test_the_same_form_sent_twice_files_one_report(app, client):
    form = client.get("/").get_data(as_text=True)
    token = form.split('name="submission" type="hidden" value="')[1].split('"')[0]
    fields = report_fields(submission=token)

    first = client.post("/", data=fields)
    second = client.post("/", data=fields)  # a double tap, or a retry

    assert first.status_code == second.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    receipt = client.get("/receipt")
    assert receipt.status_code == 200  # the second send still shows the code


def test_each_new_form_gets_its_own_submission_token(client):
    tokens = {
        client.get("/").get_data(as_text=True).split('name="submission"')[1][:60]
        for _ in range(3)
    }

    assert len(tokens) == 3
