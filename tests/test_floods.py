"""Scripted floods of reports are refused; a person is at worst asked to send again."""

import re
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from kifikifek import throttle
from kifikifek.extensions import db
from kifikifek.models import Report
from kifikifek.public import forms
from tests.conftest import report_fields

PHONE = "198.51.100.7"


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def count_reports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Report))


def limit(app, limits: str) -> None:
    """Set the report limit, which the app reads when it starts."""
    app.config["REPORT_RATE_LIMITS"] = limits
    throttle.init_app(app)


def send(client, address=PHONE, headers=None, **fields):
    return client.post(
        "/",
        data=report_fields(**fields),
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "en", **(headers or {})},
    )


@pytest.fixture
def patient(app):
    """The app with its minimum fill time, which even a slow test machine beats."""
    app.config["MIN_FILL_SECONDS"] = 5
    return app


def wait_out(monkeypatch, seconds: float = 6) -> None:
    """Let ``seconds`` pass for the form's clock, without sleeping."""
    now = time.time() + seconds
    monkeypatch.setattr(forms, "time", SimpleNamespace(time=lambda: now))


def test_a_form_sent_at_once_comes_back_whole(patient, client):
    opened = hidden(client.get("/").get_data(as_text=True), "opened")

    response = send(client, opened=opened, description="بنت عمي حرموها من الورث")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your report is not sent yet" in page
    assert "بنت عمي حرموها من الورث" in page
    assert hidden(page, "opened") == opened  # the time already waited counts
    assert count_reports(patient) == 0


def test_the_same_form_sent_again_later_is_filed(patient, client, monkeypatch):
    opened = hidden(client.get("/").get_data(as_text=True), "opened")
    assert send(client, opened=opened).status_code == 200

    wait_out(monkeypatch)
    response = send(client, opened=opened)

    assert response.status_code == 303
    assert count_reports(patient) == 1


@pytest.mark.parametrize("opened", [None, "", "form.AAAAAA.forged"])
def test_a_missing_or_forged_opening_time_starts_the_clock(
    patient, client, monkeypatch, opened
):
    response = send(client, opened=opened)

    page = response.get_data(as_text=True)
    assert "Your report is not sent yet" in page
    wait_out(monkeypatch)
    assert send(client, opened=hidden(page, "opened")).status_code == 303
    assert count_reports(patient) == 1


def test_a_flood_from_one_address_is_slowed(app, client):
    limit(app, "3/minute")
    for _ in range(3):
        assert send(client).status_code == 303

    flooded = send(client, description="الشاف في الخدمة يخلّص الرجال أكثر منّا")

    page = flooded.get_data(as_text=True)
    assert flooded.status_code == 429
    assert 0 < int(flooded.headers["Retry-After"]) <= 60
    assert "Many reports are arriving from your network" in page
    assert "الشاف في الخدمة يخلّص الرجال أكثر منّا" in page
    assert count_reports(app) == 3


def test_the_limit_is_per_address(app, client):
    limit(app, "1/minute")
    assert send(client).status_code == 303

    assert send(client, address="203.0.113.9").status_code == 303
    assert send(client).status_code == 429


def test_the_slow_down_is_explained_in_arabic(app, client):
    limit(app, "1/minute")
    send(client)

    flooded = send(client, headers={"Accept-Language": "ar"})

    assert "بلاغات كثيرة" in flooded.get_data(as_text=True)


def test_behind_a_proxy_each_reader_counts_apart(database_url):
    from kifikifek import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "MIN_FILL_SECONDS": 0,
            "REPORT_RATE_LIMITS": "1/minute",
            "PROXY_COUNT": 1,
        }
    )
    client = app.test_client()

    def through_proxy(reader):
        return send(client, address="10.0.0.1", headers={"X-Forwarded-For": reader})

    assert through_proxy("198.51.100.20").status_code == 303
    assert through_proxy("198.51.100.21").status_code == 303
    assert through_proxy("198.51.100.20").status_code == 429
    with app.app_context():
        db.engine.dispose()
