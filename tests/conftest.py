"""Fixtures: an app on its own database, a checking client, and signed-in users."""

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kifikifek import create_app
from kifikifek.accounts import create_account
from kifikifek.extensions import db
from kifikifek.models import Report, User
from kifikifek.reports import file_report
from tests.pages import check_page

PASSWORD = "correct horse battery"
#: Seals contact details in tests, instead of a key file in the instance folder.
CONTACT_KEY = "8x50EjPg6Ea1daYtJ2MP86qygx6wQBeoJSCgW4exwLU="
#: The five governorates with a partner association, and two without.
PARTNER_CODES = ("TN11", "TN23", "TN41", "TN53", "TN61")
OTHER_CODES = ("TN34", "TN52")


class CheckingClient(FlaskClient):
    """A test client that checks the invariants of every HTML page it gets."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not response.is_streamed:
            check_page(response.get_data(as_text=True))
        return response


#: Set to a PostgreSQL server's URL (without a database name) to run the suite
#: on PostgreSQL, each test on a database of its own: .ci/run does, as a second
#: pass after SQLite.
POSTGRES = os.environ.get("KIFIKIFEK_TEST_POSTGRES")
on_sqlite = pytest.mark.skipif(bool(POSTGRES), reason="reads the SQLite file")


@contextmanager
def new_database(folder: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file in ``folder``, or a PostgreSQL database."""
    if not POSTGRES:
        yield f"sqlite:///{folder / 'test.sqlite'}"
        return
    import psycopg

    name = f"kifikifek_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def app_for_tests(database_url: str, **config) -> Iterator[Flask]:
    """The app as tests use it, on ``database_url``; ``config`` overrides."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "STATS_CACHE_SECONDS": 0,
            # Tests fill the form at once; tests/test_floods.py sets these.
            "MIN_FILL_SECONDS": 0,
            "REPORT_RATE_LIMITS": "",
            "CONTACT_KEYS": CONTACT_KEY,
            **config,
        }
    )
    app.test_client_class = CheckingClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A new, empty database for one test."""
    with new_database(tmp_path) as url:
        yield url


@pytest.fixture
def app(database_url) -> Iterator[Flask]:
    with app_for_tests(database_url) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> CheckingClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def report_fields(**changes) -> dict[str, str]:
    """Form data of a complete, valid report; ``changes`` override fields."""
    fields = {
        "category": "harassment",
        "setting": "street",
        "governorate": "TN41",
        "delegation": "TN4151",
        "occurred_on": "",
        "occurred_month": "3",
        "occurred_year": str(date.today().year - 1),
        "reporter": "self",
        "age_range": "18_29",
        "gender": "woman",
        "description": "رجل يلاحقني كل يوم في الشارع قرب المعهد ويقول كلاما بذيئا.",
        "contact": "",
        "consent": "y",
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


@pytest.fixture
def make_report(app: Flask):
    """File a report straight through the domain layer."""

    def make(governorate_code: str = "TN41", **changes) -> Report:
        fields = {
            "category": "work",
            "setting": "work",
            "governorate_code": governorate_code,
            "occurred_on": date(2026, 1, 15),
            "occurred_precision": "day",
            "reporter": "witness",
            "description": f"Refused a job in {governorate_code}: she is a woman.",
            "language": "en",
        }
        fields.update(changes)
        with app.app_context():
            report = file_report(**fields)
            return report.id

    return make


@pytest.fixture
def make_user(app: Flask):
    def make(username: str, role: str = "moderator", governorate: str | None = None):
        with app.app_context():
            return create_account(username, role, PASSWORD, governorate).id

    return make


class Auth:
    """Sign a test client in as a moderator of a governorate, or as an admin."""

    def __init__(self, client: FlaskClient, make_user) -> None:
        self.client = client
        self.make_user = make_user

    def login(self, role: str = "moderator", governorate: str | None = "TN41") -> None:
        username = f"{role}-{governorate or 'all'}".lower()
        if role == "admin":
            governorate = None
            username = "admin"
        self.make_user(username, role, governorate)
        response = self.client.post(
            "/moderation/login", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 302, "login failed"

    def logout(self) -> None:
        self.client.post("/moderation/logout")


@pytest.fixture
def auth(client: FlaskClient, make_user) -> Auth:
    return Auth(client, make_user)


def receipt_code(html: str) -> str:
    """The receipt code shown on a receipt page."""
    return re.search(r'class="receipt"[^>]*>\s*([0-9A-Z-]+)\s*<', html).group(1)


def error_messages(html: str) -> list[str]:
    return re.findall(r'class="error"[^>]*>([^<]+)<', html)


def user_id(app: Flask, username: str) -> int:
    from kifikifek.extensions import db

    with app.app_context():
        return db.session.query(User).filter_by(username=username).one().id


def translated(app: Flask, language: str, message: str, **variables) -> str:
    """``message`` as the catalogue of ``language`` gives it."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(language):
        return gettext(message, **variables)
