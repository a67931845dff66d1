"""The commands that set up a site: init-db, create-user, demo-data."""

from sqlalchemy import func, select

from kifikifek.extensions import db
from kifikifek.models import Delegation, Governorate, Report, User


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_init_db_loads_geography_and_is_safe_twice(app, runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])

    assert first.exit_code == second.exit_code == 0
    assert count(app, Governorate) == 24
    assert count(app, Delegation) == 264
    with app.app_context():
        kef = db.session.get(Governorate, "TN23")
        assert (kef.name_ar, kef.name_fr, kef.name_en) == ("الكاف", "Le Kef", "Kef")


def test_create_user_reads_the_password_from_standard_input(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "kairouan",
            "--role",
            "moderator",
            "--governorate",
            "TN41",
        ],
        input="a long passphrase\n",
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.username, user.role, user.governorate_code) == (
            "kairouan",
            "moderator",
            "TN41",
        )
        assert user.check_password("a long passphrase")


def test_create_user_explains_what_is_wrong(app, runner):
    no_region = runner.invoke(
        args=["create-user", "kef", "--role", "moderator"], input="a long passphrase\n"
    )
    short = runner.invoke(
        args=["create-user", "boss", "--role", "admin"], input="short\n"
    )

    assert no_region.exit_code == short.exit_code == 1
    assert "partner association" in no_region.output
    assert "at least 10 characters" in short.output
    assert count(app, User) == 0


def test_demo_data_fills_the_database(app, runner):
    result = runner.invoke(args=["demo-data", "--count", "250", "--seed", "7"])

    assert result.exit_code == 0, result.output
    assert count(app, Report) == 250
    with app.app_context():
        regions = set(db.session.scalars(select(Report.governorate_code)))
    assert {"TN11", "TN23", "TN41", "TN53", "TN61"} <= regions
