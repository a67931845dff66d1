"""Free-text search that forgives how Arabic and French are typed, and stays fast.

Arabic is written with or without hamza on alef, with taa marbuta or haa at a
word's end, alif maqsura or yaa, tatweel and short-vowel marks; French with or
without accents and capitals. Reports are stored with a folded copy of their
text, and a query is folded the same way, so each spelling finds the others.

Words are found anywhere in the text, as substrings. A trigram index keeps that
fast on a large queue: SQLite's FTS5 with its trigram tokenizer, or PostgreSQL's
pg_trgm. Where neither can be set up, a plain scan gives the same answers.
"""

import unicodedata

from flask import current_app
from sqlalchemy import Select, and_, column, exc, func, select, text
from sqlalchemy.engine import Connection

from kifikifek.extensions import db
from kifikifek.models import Report

TATWEEL = "\u0640"
#: Hamza written on a waw or yaa seat, or alone: مسؤولة and مسئولة are one word.
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء"})
_LETTERS = str.maketrans(
    {"ة": "ه", "ى": "ي", "ٱ": "ا", TATWEEL: None, "œ": "oe", "æ": "ae", "’": "'"}
)
#: Shorter words than this cannot use a trigram index; they are scanned for.
TRIGRAM = 3
FTS_TABLE = "report_search"
#: Words of a query beyond this many are ignored: no one types more, and each
#: one is a condition in the database's query.
MAX_TERMS = 12

#: Made again whenever one is missing. Migrations that alter the report table on
#: SQLite copy it to a new one, and its triggers go with the old.
SQLITE_TRIGGERS = (
    "report_search_insert",
    "report_search_delete",
    "report_search_update",
)
SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS report_search USING fts5(search_text,"
    " content='report', content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER IF NOT EXISTS report_search_insert AFTER INSERT ON report BEGIN
        INSERT INTO report_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS report_search_delete AFTER DELETE ON report BEGIN
        INSERT INTO report_search(report_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS report_search_update
    AFTER UPDATE OF search_text ON report BEGIN
        INSERT INTO report_search(report_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO report_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Reports filed while a trigger was missing are indexed too.
    "INSERT INTO report_search(report_search) VALUES ('rebuild')",
)
POSTGRES_TRIGRAMS = "ix_report_search_trgm"
POSTGRES_INDEX = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TRIGRAMS}"
    " ON report USING gin (search_text gin_trgm_ops)",
)


def fold(value: str) -> str:
    """``value`` without marks, hamza on alef, tatweel, accents or case.

    Decomposing separates the hamza and madda from alef (أ إ آ → ا) and the
    accents from Latin letters; the marks, harakat included, are then dropped.
    """
    decomposed = unicodedata.normalize("NFKD", value.translate(_HAMZA_SEATS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_LETTERS).casefold()


def install_index(connection: Connection) -> None:
    """Create the trigram index, or mend it, if the database can have one.

    It is no part of the migrations: it is optional, differs by database, and
    must be mended after any migration that copies the report table on SQLite.
    """
    dialect = connection.dialect.name
    if dialect == "sqlite" and not _has_sqlite_index(connection):
        statements = SQLITE_INDEX
    elif dialect == "postgresql":
        statements = POSTGRES_INDEX
    else:
        return
    try:
        with connection.begin_nested():
            for statement in statements:
                connection.execute(text(statement))
    except exc.DBAPIError as error:
        # An old SQLite without trigrams, or no right to add pg_trgm: slower
        # search, same results.
        current_app.logger.warning("search.no_index: %s", error.orig)


def owns(name: str) -> bool:
    """Whether the table or index ``name`` is part of the search index."""
    return name in (FTS_TABLE, POSTGRES_TRIGRAMS) or name.startswith(FTS_TABLE + "_")


def matching(query: Select[tuple[Report]], typed: str) -> Select[tuple[Report]]:
    """Narrow ``query`` to reports whose description holds every word of ``typed``."""
    terms = list(dict.fromkeys(fold(typed).split()))[:MAX_TERMS]
    if not terms:
        return query
    indexed = [term for term in terms if len(term) >= TRIGRAM]
    scanned = terms if not _uses_fts() else [t for t in terms if len(t) < TRIGRAM]
    conditions = [
        Report.search_text.contains(term, autoescape=True) for term in scanned
    ]
    if _uses_fts() and indexed:
        phrase = " ".join('"' + term.replace('"', '""') + '"' for term in indexed)
        hits = (
            select(text("rowid"))
            .select_from(text(FTS_TABLE))
            .where(text("report_search MATCH :phrase").bindparams(phrase=phrase))
        )
        conditions.append(Report.id.in_(hits))
    return query.where(and_(*conditions))


def _has_sqlite_index(connection: Connection) -> bool:
    """Whether the trigram table and every trigger that fills it are there."""
    names = (FTS_TABLE, *SQLITE_TRIGGERS)
    found = connection.execute(
        select(func.count())
        .select_from(text("sqlite_master"))
        .where(column("name").in_(names))
    )
    return found.scalar_one() == len(names)


def _has_fts_table() -> bool:
    found = db.session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
    )
    return found.first() is not None


def _uses_fts() -> bool:
    """Whether this database searches through SQLite's trigram table."""
    return db.engine.dialect.name == "sqlite" and _has_fts_table()
