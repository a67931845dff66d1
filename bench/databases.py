"""Fresh databases for the load benchmarks, what they hold, and their integrity.

SQLite is a file in the benchmark's temporary folder. PostgreSQL is a database
made for the run on the server at ``BENCH_POSTGRES_URL`` (by default
postgresql://postgres@127.0.0.1:5432) and dropped afterwards.
"""

import os
import secrets
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from citizen import MARKED, MARKER
from gunicorn_server import init_db
from psycopg import sql
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from kifikifek.settings import psycopg_url

POSTGRES_SERVER = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432"
)
KINDS = ("sqlite", "postgres")
MARKED_REPORTS = "SELECT count(*) FROM report WHERE search_text LIKE :word"
AMCHECK_AVAILABLE = "SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'"
BTREE_INDEXES = """
    SELECT c.oid FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.amname = 'btree' AND n.nspname = 'public'
"""
#: Planner switches that leave only index reads, or only a sequential scan.
INDEX_ONLY = ("enable_seqscan",)
SCAN_ONLY = ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan")


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database of ``kind``, gone afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'load.sqlite'}"
        return
    name = f"kifikifek_load_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
            drop = sql.SQL("DROP DATABASE {} WITH (FORCE)")
            server.execute(drop.format(sql.Identifier(name)))


@contextmanager
def prepared(kind: str) -> Iterator[tuple[str, Path]]:
    """A run on a fresh ``kind`` database: its URL, with the schema, and a folder.

    Prints the run's heading first and its elapsed time last.
    """
    started = time.monotonic()
    print(f"{kind}:")
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(kind, Path(folder)) as url,
    ):
        init_db(url)
        yield url, Path(folder)
    print(f"  elapsed {time.monotonic() - started:.1f} s")


@contextmanager
def connect(url: str) -> Iterator[Connection]:
    """A connection to the database at ``url``, through the app's driver."""
    engine = create_engine(psycopg_url(url))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def filed_reports(url: str) -> tuple[Counter[int], int]:
    """Reports counted by submission number, and how many carry no marker."""
    filed: Counter[int] = Counter()
    unmarked = 0
    with connect(url) as connection:
        # Read in memory only to find the markers: never printed.
        descriptions = connection.execute(text("SELECT description FROM report"))
        for description in descriptions.scalars():
            found = MARKED.search(description)
            if found:
                filed[int(found.group(1))] += 1
            else:
                unmarked += 1
    return filed, unmarked


def integrity(url: str) -> list[tuple[str, bool]]:
    """Each integrity check the database allows, as (what was checked, passed)."""
    with connect(url) as connection:
        if connection.dialect.name == "sqlite":
            return sqlite_integrity(connection)
        return postgres_integrity(connection)


def sqlite_integrity(connection: Connection) -> list[tuple[str, bool]]:
    """SQLite's own check, then the search index against the reports."""
    rows = connection.execute(text("PRAGMA integrity_check")).scalars().all()
    checks = [("PRAGMA integrity_check", rows == ["ok"])]
    has_index = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = 'report_search'")
    ).first()
    if not has_index:
        return checks

    # rank 1 also compares the index with the report table it indexes.
    command = "INSERT INTO report_search(report_search, rank) VALUES (:check, 1)"
    try:
        connection.execute(text(command), {"check": "integrity-check"})
        passed = True
    except DBAPIError:  # how SQLite says that the index is corrupt
        passed = False
    connection.rollback()
    checks.append(("FTS5 'integrity-check' of report_search", passed))

    through_index = connection.scalar(
        text("SELECT count(*) FROM report_search WHERE report_search MATCH :word"),
        {"word": f'"{MARKER}"'},
    )
    # search_text has no index of its own: LIKE reads every report.
    by_scan = connection.scalar(text(MARKED_REPORTS), {"word": f"%{MARKER}%"})
    checks.append(agreement("marked reports", "the FTS5 index", through_index, by_scan))
    return checks


def postgres_integrity(connection: Connection) -> list[tuple[str, bool]]:
    """amcheck on every B-tree index, then counts through indexes and without."""
    checks = []
    if connection.scalar(text(AMCHECK_AVAILABLE)):
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        connection.commit()
        indexes = connection.execute(text(BTREE_INDEXES)).scalars().all()
        # heapallindexed: every row of the table is found in the index too.
        check = text("SELECT bt_index_check(:index, true)")
        try:
            for index in indexes:
                connection.execute(check, {"index": index})
            passed = True
        except DBAPIError:  # how amcheck says that an index is corrupt
            passed = False
        connection.rollback()
        checks.append(
            (f"amcheck bt_index_check of {len(indexes)} B-tree indexes", passed)
        )

    for what, query, word in (
        ("reports", "SELECT count(*) FROM report", None),
        ("marked reports", MARKED_REPORTS, f"%{MARKER}%"),
    ):
        through_index = planned_count(connection, query, word, index=True)
        by_scan = planned_count(connection, query, word, index=False)
        checks.append(agreement(what, "an index", through_index, by_scan))
    return checks


def planned_count(
    connection: Connection, query: str, word: str | None, index: bool
) -> int | None:
    """``query``'s count with the planner made to use an index, or to scan.

    None when the planner could not be made to read the way asked.
    """
    switches = INDEX_ONLY if index else SCAN_ONLY
    try:
        for switch in switches:
            connection.execute(text(f"SET LOCAL {switch} = off"))
        params = {"word": word} if word else {}
        plan = " ".join(connection.execute(text("EXPLAIN " + query), params).scalars())
        if ("Index" in plan) != index:
            return None
        return connection.scalar(text(query), params)
    finally:
        connection.rollback()


def agreement(
    what: str, index: str, through_index: int | None, by_scan: int
) -> tuple[str, bool]:
    """A check that ``index`` finds as many ``what`` as reading the whole table."""
    if through_index is None:
        return (f"{what} through {index}: the planner would not use one", False)
    return (
        f"{what} through {index} and by reading the table: "
        f"{through_index:,} and {by_scan:,}",
        through_index == by_scan,
    )
