"""Creating the schema and loading the geography it depends on."""

import sqlite_utils
from flask import current_app

from kifikifek import geography, search
from kifikifek.extensions import db


def ensure_schema() -> None:
    """Create missing tables and load the governorates; safe to run any time."""
    db.create_all()
    geography.load_divisions()
    search.install_index()
    if db.engine.dialect.name == "sqlite":
        enable_wal()


def enable_wal() -> None:
    """Let readers and the writer of a SQLite file work at the same time."""
    path = db.engine.url.database
    if not path or path == ":memory:":
        return
    sqlite_utils.Database(path).enable_wal()
    current_app.logger.debug("database.wal_enabled: %s", path)
