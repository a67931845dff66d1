"""With CSRF on, forged posts are refused and a stale report form loses nothing."""

import re

import pytest
from sqlalchemy import func, select

from kifikifek import create_app
from kifikifek.extensions import db
from kifikifek.models import Report
from tests.conftest import CheckingClient, report_fields


@pytest.fixture
def csrf_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'csrf.sqlite'}",
            "MIN_FILL_SECONDS": 0,
        }
    )
    app.test_client_class = CheckingClient
    return app


def token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def count_reports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Report))


def test_report_with_a_valid_token_is_filed(csrf_app):
    client = csrf_app.test_client()
    form = client.get("/").get_data(as_text=True)

    response = client.post("/", data=report_fields(csrf_token=token(form)))

    assert response.status_code == 303
    assert count_reports(csrf_app) == 1


def test_tokenless_report_is_refused_and_comes_back_with_the_text(csrf_app):
    client = csrf_app.test_client()
    description = "Mon patron refuse de me payer comme mes collègues hommes."

    response = client.post(
        "/",
        data=report_fields(description=description),
        headers={"Accept-Language": "fr"},
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert description.replace("'", "&#39;") in html
    assert token(html)  # a fresh token: one more tap files it
    assert count_reports(csrf_app) == 0


def test_stale_token_resubmits_with_one_more_tap(csrf_app):
    client = csrf_app.test_client()
    client.get("/")
    stale = client.post("/", data=report_fields(csrf_token="expired.token"))
    assert count_reports(csrf_app) == 0

    response = client.post(
        "/", data=report_fields(csrf_token=token(stale.get_data(as_text=True)))
    )

    assert response.status_code == 303
    assert count_reports(csrf_app) == 1


def test_moderation_forms_refuse_a_missing_token(csrf_app):
    client = csrf_app.test_client()

    login = client.post("/moderation/login", data={"username": "a", "password": "b"})
    logout = client.post("/moderation/logout")

    assert login.status_code == 400
    assert logout.status_code == 400
