"""Migrations: an installed site upgrades in place and keeps every row.

Nothing here names a revision but the first, so a new one is covered as it
lands: rows written at the first revision must read the same at the newest, and
the newest must match the models.
"""

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select, text
from sqlalchemy.engine import Connection

from kifikifek import create_app, geography, search
from kifikifek.database import ensure_schema, head, include_name, revisions
from kifikifek.extensions import db, migrate
from kifikifek.models import Report
from kifikifek.reports import file_report
from tests.conftest import CONTACT_KEY, POSTGRES

#: The schema that create_all made before migrations, as describe() puts it.
#: Written once from that code, on SQLite and PostgreSQL alike; never to change.
BEFORE_MIGRATIONS = Path(__file__).parent / "data" / "schema_before_migrations.json"
DESCRIPTION = "رجل يلاحقني كل يوم في الشارع قرب المعهد ويقول كلاما بذيئا."

#: Real rows of every kind, as the first revision's tables hold them.
# fmt: off
ROWS = {
    "governorate": [
        {"code": "TN41", "name_ar": "القيروان", "name_fr": "Kairouan",
         "name_en": "Kairouan"},
    ],
    "delegation": [
        {"code": "TN4151", "governorate_code": "TN41",
         "name_ar": "القيروان الشمالية", "name_fr": "Kairouan Nord",
         "name_en": "Kairouan Nord"},
    ],
    "user": [
        {"id": 1, "username": "atmss", "password_hash": "scrypt:32768:8:1$salt$hash",
         "role": "admin", "governorate_code": None, "active": True,
         "session_version": 2, "created_at": datetime(2026, 1, 5, 9, 30, 12, 345678)},
        {"id": 2, "username": "kairouan", "password_hash": "scrypt:32768:8:1$x$y",
         "role": "moderator", "governorate_code": "TN41", "active": False,
         "session_version": 1, "created_at": datetime(2026, 1, 6, 10, 0)},
    ],
    "report": [
        {"id": 1, "receipt_code": "KK-7Q4M-2XRP", "language": "ar",
         "created_at": datetime(2026, 2, 1, 8, 15, 0, 120000),
         "updated_at": datetime(2026, 2, 3, 17, 45),
         "category": "harassment", "setting": "street", "governorate_code": "TN41",
         "delegation_code": "TN4151", "occurred_on": date(2026, 1, 20),
         "occurred_precision": "day", "reporter": "self", "age_range": "18_29",
         "gender": "woman", "description": DESCRIPTION,
         "search_text": search.fold(DESCRIPTION), "submission_token": "a" * 32,
         "contact": "+216 20 123 456", "status": "in_review",
         "first_reviewed_at": datetime(2026, 2, 3, 17, 45), "rejection_reason": None,
         "referral_service": None, "public_summary": None, "published_at": None,
         "duplicate_of_id": None, "assignee_id": 2, "version": 3},
        {"id": 2, "receipt_code": "KK-9T3D-5HWA", "language": "fr",
         "created_at": datetime(2026, 2, 2, 9, 0),
         "updated_at": datetime(2026, 2, 4, 9, 0),
         "category": "harassment", "setting": "street", "governorate_code": "TN41",
         "delegation_code": None, "occurred_on": date(2026, 1, 1),
         "occurred_precision": "month", "reporter": "witness", "age_range": None,
         "gender": None, "description": "Le même homme, près du lycée.",
         "search_text": search.fold("Le même homme, près du lycée."),
         "submission_token": None, "contact": None, "status": "rejected",
         "first_reviewed_at": datetime(2026, 2, 4, 9, 0),
         "rejection_reason": "duplicate", "referral_service": None,
         "public_summary": "Harcèlement répété près d'un lycée.",
         "published_at": None, "duplicate_of_id": 1, "assignee_id": None,
         "version": 2},
    ],
    "note": [
        {"id": 1, "report_id": 1, "author_id": 2,
         "created_at": datetime(2026, 2, 3, 17, 40),
         "body": "اتصلت بها، ستأتي إلى المكتب يوم الاثنين."},
    ],
    "audit_event": [
        {"id": 1, "created_at": datetime(2026, 2, 3, 17, 45), "actor_id": 2,
         "action": "report.status_changed", "governorate_code": "TN41",
         "report_id": 1, "subject_id": None,
         "details": {"from": "new", "to": "in_review", "ملاحظة": "قيد المراجعة"}},
        {"id": 2, "created_at": datetime(2026, 2, 4, 9, 0), "actor_id": 1,
         "action": "account.deactivated", "governorate_code": None,
         "report_id": None, "subject_id": 2, "details": {}},
    ],
}
# fmt: on


@pytest.fixture
def bare_app(database_url):
    """The app on an empty database, which it leaves alone at start-up."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CREATE_SCHEMA_ON_START": False,
            "CONTACT_KEYS": CONTACT_KEY,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def run_revisions(target: str) -> None:
    """Run the revisions up to ``target`` as ``flask db upgrade`` would."""
    with db.engine.begin() as connection:
        config = migrate.get_config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def first_revision() -> str:
    return revisions().get_base()


def put_rows(connection: Connection) -> None:
    """Write ``ROWS`` through the tables as the database has them."""
    tables = MetaData()
    tables.reflect(connection, only=list(ROWS))
    for name, rows in ROWS.items():
        connection.execute(tables.tables[name].insert(), rows)


def assert_rows_kept() -> None:
    """Every row of ``ROWS`` reads the same through the newest models."""
    with db.engine.connect() as connection:
        for name, rows in ROWS.items():
            table = db.metadata.tables[name]
            for row in rows:
                key = {column.name: row[column.name] for column in table.primary_key}
                stored = connection.execute(select(table).filter_by(**key)).one()
                assert {column: stored._mapping[column] for column in row} == row


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def differences() -> list:
    """What autogenerate would change to make the database match the models."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        return compare_metadata(context, db.metadata)


def found_by_search(typed: str) -> list[int]:
    query = search.matching(select(Report.id), typed)
    return list(db.session.scalars(query))


def describe(connection: Connection) -> dict:
    """Tables, columns, keys and indexes, in the same words on any database."""
    inspector = inspect(connection)
    tables = {}
    for name in sorted(inspector.get_table_names()):
        if name == "alembic_version" or search.owns(name):
            continue
        columns = inspector.get_columns(name)
        indexes = inspector.get_indexes(name)
        tables[name] = {
            "columns": [
                [c["name"], repr(c["type"].as_generic()), c["nullable"]]
                for c in columns
            ],
            "primary_key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": sorted(
                [
                    fk["constrained_columns"],
                    fk["referred_table"],
                    fk["referred_columns"],
                ]
                for fk in inspector.get_foreign_keys(name)
            ),
            "unique": sorted(
                u["column_names"] for u in inspector.get_unique_constraints(name)
            ),
            "indexes": sorted(
                [i["name"], i["column_names"], bool(i["unique"])]
                for i in indexes
                if not i.get("duplicates_constraint")
            ),
        }
    return tables


def test_every_row_survives_the_upgrade_from_the_first_revision(bare_app):
    run_revisions(first_revision())
    with db.engine.begin() as connection:
        put_rows(connection)

    ensure_schema()

    assert current_revision() == head()
    assert_rows_kept()
    assert found_by_search("يلاحقنى") == [1]
    assert found_by_search("meme homme") == [2]


def test_the_upgrade_seals_stored_contacts_and_dates_closed_reports(bare_app):
    run_revisions(first_revision())
    with db.engine.begin() as connection:
        put_rows(connection)

    ensure_schema()

    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT contact FROM report WHERE id = 1"))
        assert "20 123 456" not in stored.scalar()
    closed = dict(db.session.execute(select(Report.id, Report.closed_at)).all())
    assert closed == {1: None, 2: ROWS["report"][1]["updated_at"]}


def test_the_revisions_build_what_the_models_describe(bare_app):
    assert differences(), "the comparison sees nothing"

    run_revisions("heads")
    ensure_schema()  # adds the search index, which the comparison leaves out

    assert differences() == []


def test_the_first_revision_is_the_schema_made_before_migrations(bare_app):
    run_revisions(first_revision())

    with db.engine.connect() as connection:
        assert describe(connection) == json.loads(BEFORE_MIGRATIONS.read_text())


def test_a_database_made_before_migrations_is_stamped_and_upgraded(bare_app):
    # What the code before migrations left: the tables, the search index and
    # the governorates, and no version table.
    run_revisions(first_revision())
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        put_rows(connection)
        geography.load_divisions(connection)
        search.install_index(connection)

    ensure_schema()

    assert current_revision() == head()
    assert_rows_kept()
    assert differences() == []
    assert found_by_search("يلاحقنى") == [1]


def test_a_new_database_is_stamped_at_the_newest_revision(app):
    with app.app_context():
        assert current_revision() == head()
        assert differences() == []


@pytest.mark.skipif(bool(POSTGRES), reason="PostgreSQL alters tables in place")
def test_search_index_is_mended_after_a_migration_copies_the_report_table(app):
    with app.app_context():
        with db.engine.begin() as connection:
            operations = Operations(MigrationContext.configure(connection))
            # What SQLite does to alter a column: copy the table, drop, rename.
            with operations.batch_alter_table("report", recreate="always"):
                pass

        ensure_schema()
        report = file_report(
            category="work",
            setting="work",
            governorate_code="TN41",
            occurred_on=date(2026, 1, 15),
            occurred_precision="day",
            reporter="self",
            description=DESCRIPTION,
            language="ar",
        )

        assert found_by_search("يلاحقنى") == [report.id]
        assert search._uses_fts()


def test_schema_steps_started_together_make_one_schema(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test"}
    flask = [sys.executable, "-m", "flask", "--app", "kifikifek", "init-db"]
    starts = [
        subprocess.Popen(
            flask,
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]

    errors = [start.communicate(timeout=60)[1].decode() for start in starts]

    assert [start.returncode for start in starts] == [0] * 3, errors
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "CREATE_SCHEMA_ON_START": False,
            "CONTACT_KEYS": CONTACT_KEY,
        }
    )
    with app.app_context():
        assert current_revision() == head()
        assert db.session.scalar(text("SELECT count(*) FROM governorate")) == 24
        db.session.remove()
        db.engine.dispose()
