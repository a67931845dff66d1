"""The associations' own numbers: unsuppressed, for the reports they may see."""

import statistics as stats
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
    """Median and 90th percentile of the wait before first review."""
    pairs = db.session.execute(
        query.with_only_columns(Report.created_at, Report.first_reviewed_at).where(
            Report.first_reviewed_at.is_not(None)
        )
    ).all()
    seconds = sorted(
        (reviewed - created).total_seconds() for created, reviewed in pairs
    )
    still_new = db.session.scalar(
        query.with_only_columns(func.count()).where(Report.status == "new")
    )
    if not seconds:
        return Waiting(0, None, None, still_new)
    tenth = stats.quantiles(seconds, n=10)[-1] if len(seconds) > 1 else seconds[0]
    return Waiting(
        len(seconds),
        timedelta(seconds=stats.median(seconds)),
        timedelta(seconds=tenth),
        still_new,
    )


def region_numbers(query: Select) -> dict:
    """Everything a region's dashboard shows, for the reports ``query`` selects."""
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
