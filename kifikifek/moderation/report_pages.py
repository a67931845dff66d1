"""One report: its page, and every action a moderator takes on it."""

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from kifikifek import audit, workflow
from kifikifek.extensions import db
from kifikifek.forms import options
from kifikifek.models import AuditEvent, Report, User
from kifikifek.moderation import bp
from kifikifek.moderation.forms import (
    AssignForm,
    NoteForm,
    ReassignForm,
    StatusForm,
    SummaryForm,
)
from kifikifek.scope import get_visible_report, visible_reports
from kifikifek.taxonomy import STATUSES
from kifikifek.workflow import WorkflowError

REPORT_URL = "/reports/<int(max=2147483647):report_id>"


def status_form(report: Report, **kwargs) -> StatusForm:
    """The status form, offering only the moves allowed from where the report is."""
    form = StatusForm(**kwargs)
    form.status.choices = options(
        ((status, STATUSES[status]) for status in workflow.TRANSITIONS[report.status]),
        _("Choose…"),
    )
    return form


def assign_form(report: Report, **kwargs) -> AssignForm:
    """The assignment form, offering the colleagues of the report's association."""
    form = AssignForm(assignee=str(report.assignee_id or ""), **kwargs)
    form.assignee.choices = options(
        ((str(user.id), user.username) for user in workflow.colleagues(report)),
        _("Nobody"),
    )
    return form


def render_report(report: Report, status: int = 200, **forms) -> tuple[str, int]:
    """The report page, with fresh forms except those passed in with errors."""
    forms = {
        "status_form": status_form(report, formdata=None),
        "note_form": NoteForm(formdata=None),
        "summary_form": SummaryForm(formdata=None, summary=report.public_summary),
        "assign_form": assign_form(report, formdata=None),
        "reassign_form": ReassignForm(formdata=None),
    } | forms
    trail = db.session.scalars(
        audit.visible_events(current_user)
        .where(AuditEvent.report_id == report.id)
        .order_by(AuditEvent.id)
    ).all()
    page = render_template(
        "moderation/report.html",
        report=report,
        trail=trail,
        actions=audit.ACTIONS,
        **forms,
    )
    return page, status


def act(
    report: Report,
    form,
    name: str,
    action: Callable[[], str],
    then: str | None = None,
):
    """Validate ``form``, run ``action`` and go to ``then`` (the report by
    default); else show the report again with the reason."""
    if form.validate_on_submit():
        try:
            message = action()
        except WorkflowError as error:
            form.form_errors.append(str(error))
        else:
            flash(message, "success")
            target = then or url_for("moderation.report", report_id=report.id)
            return redirect(target, 303)
    return render_report(report, 400, **{name: form})


@bp.get(REPORT_URL)
@login_required
def report(report_id: int) -> tuple[str, int]:
    """Show one report, its notes and trail, and the forms to act on it."""
    return render_report(get_visible_report(current_user, report_id))


@bp.post(REPORT_URL + "/status")
@login_required
def change_status(report_id: int) -> Response | tuple[str, int]:
    """Move a report on: review, verify, refer, publish, reject or reopen."""
    shown = get_visible_report(current_user, report_id)
    form = status_form(shown)

    def move() -> str:
        if form.status.data == "rejected" and form.reason.data == "duplicate":
            original = get_original(shown, form.duplicate_of.data)
            workflow.mark_duplicate(shown, original, current_user)
        else:
            workflow.move(
                shown,
                form.status.data,
                current_user,
                reason=form.reason.data or None,
                service=form.service.data or None,
            )
        return _("Status changed to %(status)s.", status=STATUSES[shown.status])

    return act(shown, form, "status_form", move)


def get_original(report: Report, original_id: int | None) -> Report:
    """The report a duplicate repeats, found only among those the moderator sees."""
    if not original_id:
        raise WorkflowError(_("Give the number of the report this one repeats."))
    original = db.session.scalar(
        visible_reports(current_user).where(
            Report.id == original_id,
            Report.governorate_code == report.governorate_code,
        )
    )
    if original is None:
        raise WorkflowError(_("No report with this number in the same governorate."))
    return original


@bp.post(REPORT_URL + "/notes")
@login_required
def add_note(report_id: int) -> Response | tuple[str, int]:
    """Leave a private note for the region's moderators."""
    shown = get_visible_report(current_user, report_id)
    form = NoteForm()

    def note() -> str:
        workflow.add_note(shown, form.body.data, current_user)
        return _("Note added.")

    return act(shown, form, "note_form", note)


@bp.post(REPORT_URL + "/summary")
@login_required
def write_summary(report_id: int) -> Response | tuple[str, int]:
    """Write or edit the short public summary."""
    shown = get_visible_report(current_user, report_id)
    form = SummaryForm()

    def summary() -> str:
        workflow.write_summary(shown, form.summary.data, current_user)
        return _("Public summary saved.")

    return act(shown, form, "summary_form", summary)


@bp.post(REPORT_URL + "/assignee")
@login_required
def assign(report_id: int) -> Response | tuple[str, int]:
    """Give the report to a colleague of the association, or to nobody."""
    shown = get_visible_report(current_user, report_id)
    form = assign_form(shown)

    def give() -> str:
        chosen = form.assignee.data  # "" or the id of one of the colleagues offered
        assignee = db.session.get(User, int(chosen)) if chosen else None
        workflow.assign(shown, assignee, current_user)
        if assignee is None:
            return _("The report is assigned to nobody.")
        return _("Report assigned to %(name)s.", name=assignee.username)

    return act(shown, form, "assign_form", give)


@bp.post(REPORT_URL + "/governorate")
@login_required
def reassign(report_id: int) -> Response | tuple[str, int]:
    """Move the report to the queue of the governorate it belongs to."""
    shown = get_visible_report(current_user, report_id)
    form = ReassignForm()

    def move() -> str:
        workflow.reassign(shown, form.governorate.data, current_user)
        return _("Report #%(id)s moved to another governorate.", id=shown.id)

    # It may have left this account's queue: go back to the queue.
    return act(shown, form, "reassign_form", move, then=url_for("moderation.queue"))
