"""What an account may see. Every moderation query starts here."""

from flask import abort
from sqlalchemy import ColumnElement, Select, false, func, select

from kifikifek.extensions import db
from kifikifek.models import Report, User


def in_scope(query: Select, region: ColumnElement, user: User) -> Select:
    """``query`` narrowed to what ``user`` may see, by the ``region`` column:
    everything for an admin, their governorate for a moderator, else nothing."""
    if user.is_admin:
        return query
    if user.role == "moderator" and user.governorate_code:
        return query.where(region == user.governorate_code)
    return query.where(false())


def visible_reports(user: User) -> Select[tuple[Report]]:
    """Reports ``user`` may see."""
    return in_scope(select(Report), Report.governorate_code, user)


def get_visible_report(user: User, report_id: int) -> Report:
    """The report with ``report_id`` if ``user`` may see it, else a 404."""
    report = db.session.scalar(visible_reports(user).where(Report.id == report_id))
    if report is None:
        abort(404)
    return report


def count(query: Select) -> int:
    """How many rows ``query`` selects."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return db.session.scalar(counted)
