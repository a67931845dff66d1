"""The queue of reports, its filters and search, the export and the audit trail."""

from datetime import date, datetime, time

from flask import (
    Response,
    current_app,
    render_template,
    request,
    stream_with_context,
)
from flask_login import current_user, login_required
from sqlalchemy import Select, false, func
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as BaseResponse

from kifikifek import audit, export, geography, search
from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Report
from kifikifek.moderation import bp
from kifikifek.moderation.forms import ExportForm, FilterForm
from kifikifek.paging import paginate
from kifikifek.scope import count, visible_reports
from kifikifek.taxonomy import LABELS, STATUSES


def filtered(query: Select, filters: FilterForm) -> Select:
    """Narrow the reports an account may see by the filters that validated."""
    if filters.q.data:
        query = search.matching(query, filters.q.data)
    for name, column in (
        ("status", Report.status),
        ("category", Report.category),
        ("setting", Report.setting),
        ("delegation", Report.delegation_code),
    ):
        if filters[name].data:
            query = query.where(column == filters[name].data)
    if filters.received_from.data:
        query = query.where(Report.created_at >= filters.received_from.data)
    if filters.received_to.data:
        until = datetime.combine(filters.received_to.data, time.max)
        query = query.where(Report.created_at <= until)
    if filters.mine.data:
        query = query.where(Report.assignee_id == current_user.id)
    region = filters.region.data if "region" in filters else None
    if region == "national":
        query = query.where(Report.governorate_code.not_in(geography.PARTNERS))
    elif region:
        query = query.where(Report.governorate_code == region)
    return query


@bp.get("/")
@login_required
def queue() -> tuple[str, int]:
    """List the reports this account may see, newest first, with filters."""
    filters = FilterForm(request.args, user=current_user)
    visible = visible_reports(current_user)
    per_status = visible.with_only_columns(Report.status, func.count())
    counts = dict(db.session.execute(per_status.group_by(Report.status)).all())
    oldest_new = db.session.scalar(
        visible.where(Report.status == "new").order_by(Report.created_at).limit(1)
    )

    valid = filters.validate()
    query = filtered(visible, filters) if valid else visible.where(false())
    page = paginate(
        query.options(
            selectinload(Report.governorate), selectinload(Report.delegation)
        ).order_by(Report.created_at.desc(), Report.id.desc()),
        current_app.config["REPORTS_PER_PAGE"],
    )
    # Page links carry the filters the form accepted, nothing else from the URL.
    kept_filters = {name: value for name, value in filters.data.items() if value}

    page_html = render_template(
        "moderation/queue.html",
        filters=filters,
        page=page,
        kept_filters=kept_filters,
        counts=counts,
        statuses=STATUSES,
        oldest_new=oldest_new,
    )
    return page_html, 200 if valid else 400


@bp.route("/export", methods=["GET", "POST"])
@login_required
def export_reports() -> BaseResponse | str:
    """Download the reports this account may see, filtered, in a chosen format."""
    form = ExportForm(user=current_user)
    visible = visible_reports(current_user)

    if form.validate_on_submit():
        query, chosen = export_filters(visible, form)
        with_description = form.with_description.data
        with_contact = "with_contact" in form and form.with_contact.data
        fmt, delimiter = (
            form.format.data.rstrip(";"),
            ";" if ";" in form.format.data else ",",
        )
        count_selected = count(query)
        audit.record(
            "exported",
            current_user,
            governorate_code=current_user.governorate_code,
            reports=count_selected,
            format=form.format.data,
            with_description=with_description,
            with_contact=with_contact,
            filters=chosen,
        )
        db.session.commit()
        current_app.logger.info(
            "reports.exported: %s rows as %s by %s",
            count_selected,
            fmt,
            current_user.username,
        )
        names, rows = export.records(query, with_description, with_contact)
        filename = f"kifikifek-reports-{date.today().isoformat()}.{fmt}"
        return Response(
            stream_with_context(export.stream(fmt, names, rows, delimiter)),
            mimetype=export.MIMETYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return render_template("moderation/export.html", form=form, total=count(visible))


def export_filters(query: Select, form: ExportForm) -> tuple[Select, dict]:
    """Narrow an export by the form's filters; also say which were chosen."""
    chosen = {}
    if form.received_from.data:
        query = query.where(Report.created_at >= form.received_from.data)
        chosen["received_from"] = form.received_from.data.isoformat()
    if form.received_to.data:
        until = datetime.combine(form.received_to.data, time.max)
        query = query.where(Report.created_at <= until)
        chosen["received_to"] = form.received_to.data.isoformat()
    for name, column in (("status", Report.status), ("category", Report.category)):
        if form[name].data:
            query = query.where(column == form[name].data)
            chosen[name] = form[name].data
    if "governorates" in form and form.governorates.data:
        query = query.where(Report.governorate_code.in_(form.governorates.data))
        chosen["governorates"] = form.governorates.data
    return query, chosen


@bp.get("/audit")
@login_required
def audit_trail() -> str:
    """The trail of every action on the reports and accounts this account sees."""
    page = paginate(
        audit.visible_events(current_user)
        .options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject))
        .order_by(AuditEvent.id.desc()),
        50,
    )
    return render_template(
        "moderation/audit.html", page=page, actions=audit.ACTIONS, labels=LABELS
    )
