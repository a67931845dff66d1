"""Public figures that cannot identify anyone.

Only checked reports count: verified, referred and published; rejected reports
and duplicates never do. Every published figure goes through ``protect``:

- a count from 1 to 4 is shown only as "fewer than 5";
- every other count, totals included, is rounded to the nearest 5, so that no
  difference between figures (a total minus the cells shown, or one filter
  minus another) can be worked back to a hidden count;
- and where a table hides a single cell, its next smallest cell is hidden too,
  so that the table's own total cannot single it out.

No figure is published below the governorate.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask import current_app
from sqlalchemy import Integer, Select, func, select

from kifikifek.extensions import db
from kifikifek.models import Report

COUNTED = ("verified", "referred", "published")
SMALL = 5
ROUNDING = 5
#: How many periods of each kind the public page shows.
PERIODS = {"month": 12, "quarter": 8, "year": 5}
T = TypeVar("T")
_CACHE: dict[tuple, tuple[float, object]] = {}


@dataclass(frozen=True)
class Figure:
    """One published count: ``value`` is None when the count is hidden."""

    value: int | None
    kind: str  # "zero", "rounded", "small" (1 to 4) or "hidden" (to guard another)

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Filters:
    governorate: str | None = None
    category: str | None = None
    setting: str | None = None


def counted(filters: Filters) -> Select:
    """The checked reports that ``filters`` select."""
    query = select(Report).where(Report.status.in_(COUNTED))
    for column, value in (
        (Report.governorate_code, filters.governorate),
        (Report.category, filters.category),
        (Report.setting, filters.setting),
    ):
        if value:
            query = query.where(column == value)
    return query


def count_by(column, filters: Filters) -> dict[str, int]:
    """Raw counts of the selected reports by ``column``; never published as is."""
    query = counted(filters).with_only_columns(column, func.count()).group_by(column)
    return remembered(query, lambda: dict(db.session.execute(query).all()))


def remembered(query: Select, compute: Callable[[], T]) -> T:
    """``compute()``, reused for ``STATS_CACHE_SECONDS``: public figures may be a
    minute old, and a million reports need not be counted on every visit."""
    # TODO: keep running totals, so that counting afresh is fast at a million too.
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if not seconds:
        return compute()
    compiled = query.compile(db.engine)
    key = (str(db.engine.url), str(compiled), repr(sorted(compiled.params.items())))
    now = time.monotonic()
    kept = _CACHE.get(key)
    if kept is None or now - kept[0] > seconds:
        if len(_CACHE) > 1_000:
            _CACHE.clear()
        kept = _CACHE[key] = (now, compute())
    return kept[1]


def period_of(granularity: str):
    """SQL for the period a report was received in: ``2026-03``, ``2026-Q1``…"""
    moment = Report.created_at
    if db.engine.dialect.name == "sqlite":
        year = func.strftime("%Y", moment)
        quarter = (func.cast(func.strftime("%m", moment), Integer) + 2) / 3
        return {
            "month": func.strftime("%Y-%m", moment),
            "quarter": func.printf("%s-Q%d", year, quarter),
            "year": year,
        }[granularity]
    return {
        "month": func.to_char(moment, "YYYY-MM"),
        "quarter": func.to_char(moment, 'YYYY-"Q"Q'),
        "year": func.to_char(moment, "YYYY"),
    }[granularity]


def count_by_period(granularity: str, filters: Filters) -> dict[str, int]:
    return count_by(period_of(granularity), filters)


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of 5, halves up."""
    return ROUNDING * ((count + ROUNDING // 2) // ROUNDING)


def figure(count: int) -> Figure:
    if count == 0:
        return Figure(0, "zero")
    if count < SMALL:
        return Figure(None, "small")
    return Figure(rounded(count), "rounded")


def protect(counts: dict[str, int], keys: list[str]) -> dict[str, Figure]:
    """The publishable figure of each key of a table (absent keys count 0)."""
    figures = {key: figure(counts.get(key, 0)) for key in keys}
    small = [key for key, shown in figures.items() if shown.kind == "small"]
    if len(small) == 1:
        others = [key for key in keys if figures[key].kind == "rounded"]
        if others:
            guard = min(others, key=lambda key: counts.get(key, 0))
            figures[guard] = Figure(None, "hidden")
    return figures


def total(filters: Filters) -> Figure:
    query = counted(filters).with_only_columns(func.count())
    return figure(remembered(query, lambda: db.session.scalar(query)))


def periods(granularity: str, today: date | None = None) -> list[str]:
    """The last periods up to ``today``, oldest first, as SQL writes them."""
    today = today or date.today()
    span = PERIODS[granularity]
    keys = []
    year, month = today.year, today.month
    while len(keys) < span:
        key = {
            "month": f"{year}-{month:02d}",
            "quarter": f"{year}-Q{(month - 1) // 3 + 1}",
            "year": f"{year}",
        }[granularity]
        if key not in keys:
            keys.append(key)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]
