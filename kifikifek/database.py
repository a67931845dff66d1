"""Bringing the database to the newest schema, and loading what it depends on."""

import functools
import sqlite3

import sqlite_utils
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from kifikifek import geography, search
from kifikifek.extensions import db, migrate

#: Any number, the same in every process: PostgreSQL's lock on the schema step.
SCHEMA_LOCK = 0x6B69666B


def ensure_schema() -> None:
    """Bring the database to the newest schema and load the governorates.

    Safe any time, and from several processes or machines at once: each waits
    for the one before it to finish, then finds nothing left to do.
    """
    with db.engine.connect() as connection:
        lock_schema(connection)
        upgrade(connection)
        geography.load_divisions(connection)
        search.install_index(connection)
        connection.commit()
    if db.engine.dialect.name == "sqlite":
        enable_wal()


def lock_schema(connection: Connection) -> None:
    """Keep every other schema step out until ``connection`` commits."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK}
        )
    elif connection.dialect.name == "sqlite":
        # Python's sqlite3 opens no transaction for DDL: open one that writes.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(connection: Connection) -> None:
    """Run the revisions the database lacks, recognising one made before them."""
    context = MigrationContext.configure(connection)
    if context.get_current_revision() is None:
        if not inspect(connection).has_table("report"):
            # A new database gets the models' tables, stamped as the newest
            # revision: a test proves them the same, and it is much faster.
            db.metadata.create_all(connection)
            context.stamp(revisions(), "heads")
            current_app.logger.info("database.created: at %s", head())
            return
        # Tables but no version: made before migrations, at the first revision.
        context.stamp(revisions(), revisions().get_base())
        current_app.logger.info(
            "database.stamped: made before migrations, at %s", revisions().get_base()
        )
    before = context.get_current_revision()
    if before != head():
        config = migrate.get_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
        current_app.logger.info("database.upgraded: from %s to %s", before, head())


def include_name(name: str | None, kind: str, parents: dict) -> bool:
    """Leave the search index out of migrations: ``install_index`` keeps it."""
    return name is None or not search.owns(name)


@functools.cache
def revisions() -> ScriptDirectory:
    """The package's revisions, read once per process."""
    return ScriptDirectory(migrate.directory)


def head() -> str:
    return revisions().get_current_head()


def enable_wal() -> None:
    """Let readers and the writer of a SQLite file work at the same time."""
    path = db.engine.url.database
    if not path or path == ":memory:":
        return
    try:
        sqlite_utils.Database(path).enable_wal()
    except sqlite3.OperationalError as error:
        # Another process is in its schema step, and will switch when it ends.
        current_app.logger.info("database.wal_postponed: %s", error)
        return
    current_app.logger.debug("database.wal_enabled: %s", path)
