"""The append-only audit trail: every moderation action, who took it, and when."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, event, select
from sqlalchemy.orm import Session

from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Report, User
from kifikifek.scope import in_scope

#: What each action is called on the trail page.
ACTIONS = {
    "status_changed": _l("Status changed"),
    "note_added": _l("Note added"),
    "summary_edited": _l("Public summary edited"),
    "duplicate_marked": _l("Marked as a duplicate"),
    "assigned": _l("Assigned"),
    "reassigned": _l("Moved to another governorate"),
    "contact_erased": _l("Contact details erased at the citizen's request"),
    "contact_expired": _l("Contact details erased after closing"),
    "exported": _l("Reports exported"),
    "account_created": _l("Account created"),
    "account_changed": _l("Account changed"),
    "password_reset": _l("Password reset"),
    "login_failed": _l("Failed sign-in"),
}


def record(
    action: str,
    actor: User | None = None,
    *,
    report: Report | None = None,
    governorate_code: str | None = None,
    subject: User | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an event to the session; it is committed with the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if governorate_code is None and report is not None:
        governorate_code = report.governorate_code
    entry = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        report_id=report.id if report else None,
        subject_id=subject.id if subject else None,
        governorate_code=governorate_code,
        details=details,
    )
    db.session.add(entry)
    return entry


def visible_events(user: User) -> Select[tuple[AuditEvent]]:
    """The events ``user`` may read: all for an admin, their region's otherwise."""
    return in_scope(select(AuditEvent), AuditEvent.governorate_code, user)


@event.listens_for(Session, "before_flush")
def _keep_the_trail_append_only(session: Session, context, instances) -> None:
    """Refuse to change or delete an event once it is written."""
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent) and session.is_modified(instance):
            raise RuntimeError("the audit trail is append-only")
        if isinstance(instance, AuditEvent) and instance in session.deleted:
            raise RuntimeError("the audit trail is append-only")
