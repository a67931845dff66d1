"""Contact details are sealed at rest and erased some days after closing."""

import logging
import stat
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text

from kifikifek import create_app, workflow
from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Report, User, utcnow
from kifikifek.vault import instance_key
from tests.conftest import CONTACT_KEY, on_sqlite, report_fields

PHONE = "98123456"
OTHER_KEY = "0YEzbssp0kcY8Tci4fIQctNsFxeXfl9DjQfXM4guKgQ="


def stored_contact(app) -> str | None:
    """The contact column as the database holds it, without the vault."""
    with app.app_context():
        return db.session.execute(text("SELECT contact FROM report")).scalar()


def test_the_database_holds_no_contact_in_clear(app, client):
    client.post("/", data=report_fields(wants_contact="y", contact="98 123 456"))

    assert PHONE not in stored_contact(app)
    with app.app_context():
        assert db.session.scalar(select(Report.contact)) == PHONE


@on_sqlite
def test_no_copy_of_the_file_shows_the_contact(app, client):
    client.post("/", data=report_fields(wants_contact="y", contact="amel@example.tn"))
    with app.app_context():
        db.engine.dispose()  # write the WAL back into the file

    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    assert b"amel@example" not in path.read_bytes()


def test_the_key_is_made_once_and_kept_private(tmp_path):
    key = instance_key(tmp_path)

    assert instance_key(tmp_path) == key
    assert stat.S_IMODE((tmp_path / "contact_key").stat().st_mode) == 0o600


def test_a_replaced_key_still_opens_old_details(app, client, database_url):
    client.post("/", data=report_fields(wants_contact="y", contact=PHONE))
    renewed = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTACT_KEYS": f"{OTHER_KEY},{CONTACT_KEY}",
        }
    )

    with renewed.app_context():
        report = db.session.scalars(select(Report)).one()
        assert report.contact == PHONE
        report.contact = "0021655000111"
        db.session.commit()
        db.engine.dispose()
    with app.app_context():  # the old key alone cannot open the new seal
        assert db.session.scalar(select(Report.contact)) is None


def test_a_lost_key_hides_the_details_without_an_error(
    app, client, auth, database_url, caplog
):
    client.post("/", data=report_fields(wants_contact="y", contact=PHONE))
    app.config["CONTACT_KEYS"] = OTHER_KEY
    from kifikifek import vault

    vault.init_app(app)
    auth.login("admin")

    with caplog.at_level(logging.WARNING):
        page = client.get("/moderation/reports/1")

    assert page.status_code == 200
    assert "vault.unreadable_contact" in caplog.text
    assert PHONE not in caplog.text


def close(app, report_id: int, days_ago: int, status: str = "rejected") -> None:
    with app.app_context():
        report = db.session.get(Report, report_id)
        report.status = status
        report.closed_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


def test_closing_and_reopening_a_report_keep_its_closing_time(app, make_report):
    report_id = make_report(contact=PHONE)
    with app.app_context():
        actor = User(username="x", role="admin")
        report = db.session.get(Report, report_id)
        workflow.move(report, "rejected", actor, reason="out_of_scope")
        assert report.closed_at is not None

        workflow.move(report, "in_review", actor)
        assert report.closed_at is None


def test_details_are_erased_once_their_time_is_past(app, client, auth, make_report):
    past = make_report(contact=PHONE)
    recent = make_report(contact="22333444")
    still_open = make_report(contact="55666777")
    close(app, past, days_ago=31)
    close(app, recent, days_ago=29, status="published")
    auth.login("admin")

    client.get("/moderation/")

    with app.app_context():
        contacts = dict(db.session.execute(select(Report.id, Report.contact)).all())
        trail = db.session.scalars(select(AuditEvent)).all()
    assert contacts == {past: None, recent: "22333444", still_open: "55666777"}
    erased = [event for event in trail if event.action == "contact_expired"]
    assert [(event.report_id, event.details) for event in erased] == [
        (past, {"days": 30})
    ]


def test_the_trail_says_how_long_details_were_kept(app, client, auth, make_report):
    close(app, make_report(contact=PHONE), days_ago=40)
    auth.login("admin")

    page = client.get("/moderation/reports/1", headers={"Accept-Language": "en"})

    assert "Contact details erased after closing: kept 30 days" in page.get_data(
        as_text=True
    )


def test_the_retention_is_a_setting_and_a_command(app, make_report):
    close(app, make_report(contact=PHONE), days_ago=8)
    app.config["CONTACT_RETENTION_DAYS"] = 7

    result = app.test_cli_runner().invoke(args=["erase-contacts"])

    assert "Erased the contact details of 1 reports." in result.output
    assert stored_contact(app) is None
