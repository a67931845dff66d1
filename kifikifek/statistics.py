"""Public counts of reports, by governorate, category and month."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from kifikifek.extensions import db
from kifikifek.models import Report

#: A public cell with fewer reports than this is shown only as "fewer than 5".
# TODO: suppress complementary cells too, so that no hidden figure can be worked
# out from a total minus the cells that are shown.
SMALL_COUNT = 5


def _counted(column) -> Counter:
    """Non-rejected reports counted by ``column``."""
    query = (
        select(column, func.count()).where(Report.status != "rejected").group_by(column)
    )
    return Counter(dict(db.session.execute(query).all()))


def by_governorate() -> Counter:
    return _counted(Report.governorate_code)


def by_category() -> Counter:
    return _counted(Report.category)


def month_of(column):
    """SQL for the ``YYYY-MM`` a timestamp falls in, on SQLite or PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def by_month(months: int = 12, today: date | None = None) -> list[tuple[date, int]]:
    """Counts for each of the last ``months`` months, oldest first, by filing date."""
    today = today or date.today()
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    month = month_of(Report.created_at)
    query = (
        select(month, func.count())
        .where(Report.status != "rejected", Report.created_at >= firsts[0])
        .group_by(month)
    )
    counts = dict(db.session.execute(query).all())
    return [(first, counts.get(first.strftime("%Y-%m"), 0)) for first in firsts]


def total() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Report).where(Report.status != "rejected")
    )
