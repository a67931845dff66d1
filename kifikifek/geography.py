"""Tunisia's governorates and delegations, and the associations that cover them."""

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from kifikifek.i18n import localized
from kifikifek.models import Delegation, Governorate


@dataclass(frozen=True)
class Division:
    """A governorate or a delegation as the packaged CSV describes it."""

    code: str
    parent_code: str
    name_ar: str
    name_fr: str
    name_en: str


#: The governorates with a partner association and moderators of their own.
#: Reports from every other governorate go to the national queue run by ATMSS.
PARTNERS = {
    "TN11": _l("Tunisian Association for Management and Social Stability (ATMSS)"),
    "TN41": _l("National Union of Tunisian Women (UNFT), Kairouan section"),
    "TN61": _l("Gafsa South Development Association"),
    "TN53": _l("Afaq Hawa Ghomrassen Association"),
    "TN23": _l("Joussour Citizenship Association"),
}
NATIONAL = _l("ATMSS, national queue")


@functools.cache
def divisions() -> tuple[Division, ...]:
    """Every row of the packaged CSV, read once."""
    source = resources.files("kifikifek") / "data" / "tunisia_divisions.csv"
    with source.open(encoding="utf-8", newline="") as rows:
        return tuple(
            Division(
                code=row["code"],
                parent_code=row["parent_code"],
                name_ar=row["name_ar"],
                name_fr=row["name_fr"],
                name_en=row["name_en"],
            )
            for row in csv.DictReader(rows)
        )


def governorates() -> list[Division]:
    return [d for d in divisions() if not d.parent_code]


def delegations(governorate_code: str | None = None) -> list[Division]:
    """Delegations of one governorate, or of all of them."""
    return [
        d
        for d in divisions()
        if d.parent_code and governorate_code in (None, d.parent_code)
    ]


@functools.cache
def _index() -> dict[str, Division]:
    return {d.code: d for d in divisions()}


def by_code(code: str | None) -> Division | None:
    return _index().get(code or "")


def place_name(code: str | None) -> str:
    """A governorate's or delegation's name in the reader's language, or ""."""
    division = by_code(code)
    return localized(division) if division else ""


def association(governorate_code: str) -> str:
    """Who reads reports from this governorate: its partner, or ATMSS nationally."""
    return str(PARTNERS.get(governorate_code, NATIONAL))


def load_divisions(connection: Connection) -> int:
    """Insert the governorates and delegations the database lacks; return how many."""
    known = set(connection.scalars(select(Governorate.code)))
    known.update(connection.scalars(select(Delegation.code)))
    missing = [division for division in divisions() if division.code not in known]
    governorates = [_names(d) for d in missing if not d.parent_code]
    delegations = [
        {**_names(d), "governorate_code": d.parent_code}
        for d in missing
        if d.parent_code
    ]
    # Governorates first: each delegation's foreign key needs its governorate.
    for model, rows in ((Governorate, governorates), (Delegation, delegations)):
        if rows:
            connection.execute(insert(model), rows)
    return len(missing)


def _names(division: Division) -> dict[str, str]:
    return {
        "code": division.code,
        "name_ar": division.name_ar,
        "name_fr": division.name_fr,
        "name_en": division.name_en,
    }
