"""Views of the moderation blueprint: queue, reports, export and accounts."""

from datetime import date

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as BaseResponse

from kifikifek import export, geography, reports
from kifikifek.accounts import AccountError, create_account
from kifikifek.extensions import db
from kifikifek.models import Report, User
from kifikifek.moderation import bp
from kifikifek.moderation.auth import admin_required
from kifikifek.moderation.forms import AccountForm, ExportForm, FilterForm, StatusForm
from kifikifek.scope import count, get_visible_report, visible_reports
from kifikifek.taxonomy import STATUSES

#: Beyond any real queue; keeps a page number in the URL from overflowing SQL.
LAST_PAGE = 100_000


@bp.get("/")
@login_required
def queue() -> str:
    """List the reports this account may see, newest first, with filters."""
    filters = FilterForm(request.args, admin=current_user.is_admin)
    query = visible_reports(current_user)
    per_status = query.with_only_columns(Report.status, func.count())
    counts = dict(db.session.execute(per_status.group_by(Report.status)).all())
    oldest_new = db.session.scalar(
        query.where(Report.status == "new").order_by(Report.created_at).limit(1)
    )

    if filters.validate():
        if filters.status.data:
            query = query.where(Report.status == filters.status.data)
        if filters.category.data:
            query = query.where(Report.category == filters.category.data)
        region = filters.region.data if "region" in filters else None
        if region == "national":
            query = query.where(Report.governorate_code.not_in(geography.PARTNERS))
        elif region:
            query = query.where(Report.governorate_code == region)
    query = query.options(
        selectinload(Report.governorate), selectinload(Report.delegation)
    )
    page = db.paginate(
        query.order_by(Report.created_at.desc(), Report.id.desc()),
        page=min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE),
        per_page=current_app.config["REPORTS_PER_PAGE"],
        error_out=False,
    )
    # Page links carry the filters the form accepted, nothing else from the URL.
    kept_filters = {name: value for name, value in filters.data.items() if value}

    return render_template(
        "moderation/queue.html",
        filters=filters,
        page=page,
        kept_filters=kept_filters,
        counts=counts,
        statuses=STATUSES,
        oldest_new=oldest_new,
    )


@bp.get("/reports/<int(max=2147483647):report_id>")
@login_required
def report(report_id: int) -> str:
    """Show one report, its history and the form to move it on."""
    shown = get_visible_report(current_user, report_id)
    form = StatusForm(status=shown.status)
    return render_template("moderation/report.html", report=shown, form=form)


@bp.post("/reports/<int(max=2147483647):report_id>/status")
@login_required
def change_status(report_id: int) -> BaseResponse | str:
    """Move a report to a new status, keeping a private note."""
    shown = get_visible_report(current_user, report_id)
    form = StatusForm()

    if form.validate_on_submit():
        reports.change_status(shown, form.status.data, form.note.data, current_user)
        flash(
            _("Status changed to %(status)s.", status=STATUSES[shown.status]),
            "success",
        )
        return redirect(url_for("moderation.report", report_id=shown.id), code=303)

    return render_template("moderation/report.html", report=shown, form=form), 400


@bp.route("/export", methods=["GET", "POST"])
@login_required
def export_reports() -> BaseResponse | str:
    """Download the reports this account may see as a CSV file."""
    form = ExportForm()
    if not current_user.is_admin:
        # Contact details leave the platform only at an admin's request.
        del form.with_contact

    if form.validate_on_submit():
        with_contact = "with_contact" in form and form.with_contact.data
        query = visible_reports(current_user)
        current_app.logger.info(
            "reports.exported: by %s, contact details %s",
            current_user.username,
            "included" if with_contact else "left out",
        )
        filename = f"kifikifek-reports-{date.today().isoformat()}.csv"
        return Response(
            stream_with_context(export.csv_lines(query, with_contact)),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    total = count(visible_reports(current_user))
    return render_template("moderation/export.html", form=form, total=total)


@bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def accounts() -> BaseResponse | str:
    """List accounts and create new ones."""
    form = AccountForm()

    if form.validate_on_submit():
        try:
            user = create_account(
                form.username.data,
                form.role.data,
                form.password.data,
                form.governorate.data,
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("moderation.accounts"), code=303)

    users = db.session.scalars(select(User).order_by(User.username)).all()
    page = render_template("moderation/accounts.html", form=form, users=users)
    return page, 400 if form.errors else 200
