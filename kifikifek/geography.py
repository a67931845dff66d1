"""Tunisia's governorates and delegations, and the associations that cover them."""

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kifikifek.extensions import db
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


def load_divisions() -> int:
    """Insert the governorates and delegations the database lacks; return how many."""
    known = set(db.session.scalars(select(Governorate.code)))
    known.update(db.session.scalars(select(Delegation.code)))
    missing = [division for division in divisions() if division.code not in known]
    # Governorates first: each delegation's foreign key needs its governorate.
    for division in sorted(missing, key=lambda division: bool(division.parent_code)):
        names = {
            "name_ar": division.name_ar,
            "name_fr": division.name_fr,
            "name_en": division.name_en,
        }
        if division.parent_code:
            db.session.add(
                Delegation(
                    code=division.code, governorate_code=division.parent_code, **names
                )
            )
        else:
            db.session.add(Governorate(code=division.code, **names))
            db.session.flush()
    db.session.commit()
    return len(missing)
