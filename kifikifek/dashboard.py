"""The associations' own numbers: unsuppressed, for the reports they may see."""

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, func

from kifikifek import geography
from kifikifek.extensions import db
from kifikifek.models import Report
from kifikifek.statistics import period_of, periods


@dataclass(frozen=True)
class Waiting:
    """How long reports waited before someone first moved them on."""

    reviewed: int
    median: timedelta | None
    slowest_tenth: timedelta | None  # the 90th percentile
    still_new: int


def counts(query: Select, column) -> dict[str, int]:
    grouped = query.with_only_columns(column, func.count()).group_by(column)
    return dict(db.session.execute(grouped).all())


def waiting(query: Select) -> Waiting:
    """Median and 90th percentile (nearest rank) of the wait before first review."""
    pairs = db.session.execute(
        query.with_only_columns(Report.created_at, Report.first_reviewed_at).where(
            Report.first_reviewed_at.is_not(None)
        )
    ).all()
    # Sorting in Python measured faster than two sorted reads in SQLite
    # (bench/data_bench.py: 1.0 s against 1.4 s for 120,000 reports).
    waits = sorted(reviewed - created for created, reviewed in pairs)
    still_new = db.session.scalar(
        query.with_only_columns(func.count()).where(Report.status == "new")
    )
    if not waits:
        return Waiting(0, None, None, still_new)
    ninth_decile = math.ceil(0.9 * len(waits)) - 1
    return Waiting(
        len(waits), waits[(len(waits) - 1) // 2], waits[ninth_decile], still_new
    )


def region_numbers(query: Select) -> dict:
    """Everything a region's dashboard shows, for the reports ``query`` selects."""
    # TODO: about a second for a region of 120,000 reports; keep running totals.
    month = period_of("month")
    return {
        "statuses": counts(query, Report.status),
        "categories": counts(query, Report.category),
        "delegations": counts(query, Report.delegation_code),
        "months": counts(query, month),
        "month_keys": periods("month"),
        "waiting": waiting(query),
    }


def regions() -> list[tuple[str, str]]:
    """The regions admins compare: each partner governorate, then the national queue."""
    return [(code, geography.place_name(code)) for code in geography.PARTNERS] + [
        ("national", "")
    ]


def in_region(query: Select, region: str) -> Select:
    if region == "national":
        return query.where(Report.governorate_code.not_in(geography.PARTNERS))
    return query.where(Report.governorate_code == region)


def overview(query: Select) -> list[tuple[str, dict[str, int], Waiting]]:
    """Every region side by side: counts per status and waiting times."""
    return [
        (
            region,
            counts(in_region(query, region), Report.status),
            waiting(in_region(query, region)),
        )
        for region, _ in regions()
    ]
