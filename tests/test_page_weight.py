"""Every public page fits in 14 KB on the wire, compressed, with its CSS."""

import pytest

from kifikifek.extensions import db
from kifikifek.models import Report, utcnow
from tests.conftest import report_fields

BUDGET = 14 * 1024
LANGUAGES = ("ar", "fr", "en")
PAGES = ("/", "/status", "/stats/", "/help", "/published")


def wire_size(response) -> int:
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") in {"gzip", "br"}
    return len(response.get_data())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_public_page_fits_the_budget(app, client, make_report, path, language):
    for n in range(30):  # a full page of the longest summaries, and statistics
        report_id = make_report("TN41")
        with app.app_context():
            report = db.session.get(Report, report_id)
            report.status, report.published_at = "published", utcnow()
            report.public_summary = f"{n} " + "ملخص طويل يصف ما حدث دون أسماء. " * 18
            db.session.commit()
    headers = {"Accept-Language": language, "Accept-Encoding": "gzip"}

    size = wire_size(client.get(path, headers=headers))

    assert size <= BUDGET, f"{path} in {language}: {size} bytes"


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_with_errors_and_receipt_fit_the_budget(client, language):
    headers = {"Accept-Language": language, "Accept-Encoding": "gzip"}
    errors = client.post("/", data=report_fields(category=""), headers=headers)
    client.post("/", data=report_fields(), headers=headers)
    receipt = client.get("/receipt", headers=headers)

    assert len(errors.get_data()) <= BUDGET
    assert wire_size(receipt) <= BUDGET


def test_static_files_are_cached_for_a_year_under_their_hash(app, client):
    with app.test_request_context():
        from kifikifek.assets import asset_url

        url = asset_url("style.css")

    with client.get(url) as response:
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
    assert client.get(url.replace("/assets/", "/assets/0")).status_code == 404
