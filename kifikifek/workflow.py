"""A report's life after filing: the moves moderators may make, and their trail.

Every function here checks that the move makes sense, records it in the audit
trail and commits both together. Which reports an account may touch at all is
decided before, by ``scope``.
"""

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from kifikifek import audit, geography
from kifikifek.extensions import db
from kifikifek.models import Note, Report, User, utcnow
from kifikifek.search import fold
from kifikifek.taxonomy import REFERRAL_SERVICES, REJECTION_REASONS, STATUSES
from kifikifek.text import holds_contact, plain_digits, visible

#: Once here, the association's work on a report is done (until it reopens).
CLOSED = ("referred", "published", "rejected")
#: Every move a report may make, from each status. Anything else is refused.
TRANSITIONS = {
    "new": ("in_review", "rejected"),
    "in_review": ("verified", "rejected"),
    "verified": ("referred", "published", "in_review", "rejected"),
    "referred": ("published", "verified"),
    "published": ("verified",),
    "rejected": ("in_review",),
}
SUMMARY_MAX_CHARS = 600
#: The governorate whose association, ATMSS, also runs the national queue.
ATMSS_GOVERNORATE = "TN11"


class WorkflowError(ValueError):
    """A move that cannot be made; the message says why, in the reader's language."""


def move(
    report: Report,
    status: str,
    actor: User,
    *,
    reason: str | None = None,
    service: str | None = None,
) -> None:
    """Move ``report`` to ``status``, if that move is allowed from where it is."""
    if status not in STATUSES:
        raise WorkflowError(_("Choose a status."))
    if status not in TRANSITIONS[report.status]:
        raise WorkflowError(
            _(
                "A report cannot go from %(old)s to %(new)s.",
                old=STATUSES[report.status],
                new=STATUSES[status],
            )
        )
    if status == "rejected" and reason not in REJECTION_REASONS:
        raise WorkflowError(_("Say why the report is rejected."))
    if status == "rejected" and reason == "duplicate":
        raise WorkflowError(_("Give the number of the report this one repeats."))
    if status == "referred" and service not in REFERRAL_SERVICES:
        raise WorkflowError(_("Say which service the report is referred to."))
    if status == "published" and not report.public_summary:
        raise WorkflowError(_("Write the public summary before publishing."))

    old = report.status
    _set_status(report, status, reason, service)
    audit.record(
        "status_changed",
        actor,
        report=report,
        old=old,
        new=status,
        reason=report.rejection_reason,
        service=report.referral_service,
    )
    _commit("report.status_changed: report %s to %s by %s", report, status, actor)


def mark_duplicate(report: Report, original: Report, actor: User) -> None:
    """Reject ``report`` as a repeat of ``original``, linking the two both ways.

    Links always point at the first report of a group: a repeat of a repeat
    points at the original, and the repeats of ``report`` follow it there.
    """
    if original.id == report.id:
        raise WorkflowError(_("A report cannot repeat itself."))
    while original.duplicate_of is not None and original.id != report.id:
        original = original.duplicate_of
    if original.id == report.id:
        raise WorkflowError(
            _("These reports are already linked: this one is the original.")
        )
    if original.governorate_code != report.governorate_code:
        raise WorkflowError(_("Both reports must be from the same governorate."))
    if "rejected" not in TRANSITIONS[report.status]:
        raise WorkflowError(
            _(
                "A report cannot go from %(old)s to %(new)s.",
                old=STATUSES[report.status],
                new=STATUSES["rejected"],
            )
        )
    old = report.status
    _set_status(report, "rejected", "duplicate", None)
    report.duplicate_of_id = original.id
    for repeat in report.duplicates:
        repeat.duplicate_of_id = original.id
    # Saving the original too makes two opposite links at once collide.
    original.updated_at = utcnow()
    audit.record(
        "duplicate_marked", actor, report=report, old=old, original=original.id
    )
    _commit(
        "report.duplicate_marked: report %s of %s by %s", report, original.id, actor
    )


def add_note(report: Report, body: str, actor: User) -> Note:
    """Keep a private note on ``report`` for the region's moderators."""
    if not body.strip():
        raise WorkflowError(_("Write the note first."))
    if report.notes and (report.notes[-1].author_id, report.notes[-1].body) == (
        actor.id,
        body.strip(),
    ):
        return report.notes[-1]  # the same note sent twice: a double tap
    note = Note(report_id=report.id, author_id=actor.id, body=body.strip())
    db.session.add(note)
    db.session.flush()
    audit.record("note_added", actor, report=report, note=note.id)
    _commit("report.note_added: report %s note %s by %s", report, note.id, actor)
    return note


def write_summary(report: Report, summary: str, actor: User) -> None:
    """Set the short public summary, refusing the citizen's words or contact."""
    summary = summary.strip()
    if not summary:
        raise WorkflowError(_("Write the summary first."))
    if len(summary) > SUMMARY_MAX_CHARS:
        raise WorkflowError(
            _("Keep the summary to %(max)d characters.", max=SUMMARY_MAX_CHARS)
        )
    if _letters(report.description) in _letters(summary) or _letters(
        summary
    ) in _letters(report.description):
        raise WorkflowError(
            _("Write the summary in your own words, not the citizen's text.")
        )
    own = report.contact and plain_digits(report.contact).lstrip("+0")[-8:]
    if holds_contact(summary) or (
        own and own in re.sub(r"\D", "", plain_digits(visible(summary)))
    ):
        raise WorkflowError(
            _("A summary must not hold a phone number or an e-mail address.")
        )
    old = report.public_summary
    report.public_summary = summary
    audit.record("summary_edited", actor, report=report, old=old, new=summary)
    _commit("report.summary_edited: report %s by %s", report, actor)


def colleagues(report: Report) -> list[User]:
    """The active accounts of the association that handles ``report``."""
    handled_by_atmss = (
        report.governorate_code not in geography.PARTNERS
        or report.governorate_code == ATMSS_GOVERNORATE
    )
    same_region = (User.role == "moderator") & (
        User.governorate_code == report.governorate_code
    )
    who = or_(same_region, User.role == "admin") if handled_by_atmss else same_region
    query = select(User).where(User.active, who).order_by(User.username)
    return list(db.session.scalars(query))


def assign(report: Report, assignee: User | None, actor: User) -> None:
    """Give ``report`` to a colleague of its association, or to nobody."""
    if assignee is not None and assignee not in colleagues(report):
        raise WorkflowError(
            _("Assign the report to someone of the association that handles it.")
        )
    report.assignee_id = assignee.id if assignee else None
    audit.record(
        "assigned",
        actor,
        report=report,
        subject=assignee,
        assignee=assignee.username if assignee else None,
    )
    _commit("report.assigned: report %s by %s", report, actor)


def reassign(report: Report, governorate_code: str, actor: User) -> None:
    """Move ``report`` to another governorate's queue."""
    if (
        geography.by_code(governorate_code) is None
        or geography.by_code(governorate_code).parent_code
    ):
        raise WorkflowError(_("Choose the governorate."))
    old = report.governorate_code
    if governorate_code == old:
        raise WorkflowError(_("The report is already in this governorate."))
    if report.duplicate_of_id or report.duplicates:
        raise WorkflowError(
            _("Linked duplicates stay in their governorate; reopen the report first.")
        )
    # Both queues' trails show the move: one saw it leave, the other arrive.
    for region in (old, governorate_code):
        audit.record(
            "reassigned",
            actor,
            report=report,
            governorate_code=region,
            old=old,
            new=governorate_code,
        )
    report.governorate_code = governorate_code
    report.delegation_code = None
    report.assignee_id = None
    _commit("report.reassigned: report %s to %s by %s", report, governorate_code, actor)


def erase_contact(report: Report) -> None:
    """Forget the citizen's contact details, as they asked from the status page."""
    report.contact = None
    audit.record("contact_erased", report=report)
    _commit("report.contact_erased: report %s", report)


def _letters(text: str) -> str:
    """Only the letters and digits of ``text``, folded: spacing, punctuation and
    invisible characters cannot hide a copy of the citizen's words."""
    return "".join(char for char in fold(visible(text)) if char.isalnum())


def _set_status(
    report: Report, status: str, reason: str | None, service: str | None
) -> None:
    if report.first_reviewed_at is None:
        report.first_reviewed_at = utcnow()
    report.status = status
    report.rejection_reason = reason if status == "rejected" else None
    report.referral_service = service if status == "referred" else None
    if status != "rejected":
        report.duplicate_of_id = None
    report.published_at = utcnow() if status == "published" else None
    if status not in CLOSED:
        report.closed_at = None
    elif report.closed_at is None:
        report.closed_at = utcnow()
    report.updated_at = utcnow()


def _commit(message: str, report: Report, *args) -> None:
    """Commit, unless someone changed the report meanwhile; log the event."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise WorkflowError(
            _("Someone changed this report at the same time. Look at it again.")
        ) from None
    names = [arg.username if isinstance(arg, User) else arg for arg in args]
    current_app.logger.info(message, report.id, *names)
