"""The same main job on PostgreSQL, through psycopg 3 and DATABASE_URL.

It runs against the server named by ``TEST_POSTGRES_URL`` (by default the local
one on 127.0.0.1:5432), in a database of its own made for the test and dropped
after. Without a reachable server it is skipped, except in CI, where it fails.
"""

import os
import secrets

import psycopg
import pytest
from sqlalchemy import select

from kifikifek import create_app, statistics
from kifikifek.extensions import db
from kifikifek.models import Delegation, Report, utcnow
from tests.conftest import PASSWORD, CheckingClient, report_fields

SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture
def postgres_url():
    name = f"kifikifek_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(
            f"{SERVER}/postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{SERVER}/{name}"
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def pg_app(postgres_url, monkeypatch):
    """The app on the test database; its connections close before the drop."""
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "pg",
            "WTF_CSRF_ENABLED": False,
            "MIN_FILL_SECONDS": 0,
        }
    )
    app.test_client_class = CheckingClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_main_job_on_postgres(pg_app):
    app = pg_app
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0  # a second time: no-op
    runner.invoke(
        args=["create-user", "gafsa", "--role", "moderator", "--governorate", "TN61"],
        input=PASSWORD + "\n",
    )
    citizen, moderator = app.test_client(), app.test_client()

    # A NUL byte, which PostgreSQL cannot store, is refused with the text shown
    # cleaned; the second send files it.
    fields = report_fields(governorate="TN61", delegation="TN6151")
    refused = citizen.post(
        "/", data={**fields, "description": "رجل يلاحقني\x00 كل يوم في الشارع"}
    )
    assert "رجل يلاحقني كل يوم في الشارع" in refused.get_data(as_text=True)
    response = citizen.post(
        "/", data={**fields, "description": "رجل يلاحقني كل يوم في الشارع"}
    )
    assert response.status_code == 303
    moderator.post(
        "/moderation/login", data={"username": "gafsa", "password": PASSWORD}
    )
    queue = moderator.get("/moderation/").get_data(as_text=True)
    export = moderator.post(
        "/moderation/export", data={"format": "csv", "with_description": "y"}
    ).get_data(as_text=True)

    assert "رجل يلاحقني كل يوم" in queue
    searched = moderator.get("/moderation/", query_string={"q": "يلاحقنى"})
    assert "رجل يلاحقني كل يوم" in searched.get_data(as_text=True)
    assert "رجل يلاحقني كل يوم" in export
    with app.app_context():
        assert db.session.scalar(select(Report.governorate_code)) == "TN61"
        assert len(db.session.scalars(select(Delegation)).all()) == 264
        report = db.session.scalar(select(Report))
        report.status, report.first_reviewed_at = "verified", utcnow()
        db.session.commit()
        for granularity in statistics.PERIODS:
            counts = statistics.count_by_period(granularity, statistics.Filters())
            assert list(counts) == [statistics.periods(granularity)[-1]]
    dashboard = moderator.get(
        "/moderation/dashboard", headers={"Accept-Language": "en"}
    )
    assert "Median wait" in dashboard.get_data(as_text=True)
