"""Views of the public blueprint."""

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from kifikifek import geography, receipts, reports, throttle, workflow
from kifikifek.extensions import csrf
from kifikifek.i18n import LANGUAGES, current_language, remember
from kifikifek.models import Report
from kifikifek.paging import paginate
from kifikifek.public import bp
from kifikifek.public.forms import (
    PublishedFilterForm,
    ReceiptForm,
    ReportForm,
    normalize_contact,
)
from kifikifek.security import no_store
from kifikifek.taxonomy import CATEGORY_LABELS, STATUS_EXPLANATIONS, STATUSES
from kifikifek.urls import is_local

# The form checks its own CSRF token, so that a stale one brings the form back
# with everything typed instead of an error page.
RECEIPT_KEY = "receipt"
SHOWN_KEY = "receipt_shown"


@bp.route("/", methods=["GET", "POST"])
@csrf.exempt
def report() -> Response | str:
    """Show the report form and file what it sends."""
    form = ReportForm()

    if form.is_submitted() and form.filled_by_a_script():
        # Answered like a success, so that the script learns nothing.
        current_app.logger.warning("report.trapped")
        session[SHOWN_KEY] = True
        return redirect(url_for("public.receipt"), code=303)

    if not form.validate_on_submit():
        stale = bool(form.csrf_token.errors) if form.meta.csrf else False
        return render_form(form, notice="stale" if stale else None)
    if form.sent_too_soon():
        current_app.logger.info("report.sent_too_soon")
        return render_form(form, notice="too_soon")
    if wait := throttle.wait_before_filing():
        current_app.logger.warning("report.rate_limited")
        response = render_form(form, notice="busy", wait=wait)
        response.status_code = 429
        response.headers["Retry-After"] = str(wait)
        return response

    occurred_on, precision = form.occurred()
    filed = reports.file_report(
        category=form.category.data,
        setting=form.setting.data,
        governorate_code=form.governorate.data,
        delegation_code=form.delegation.data,
        occurred_on=occurred_on,
        occurred_precision=precision,
        reporter=form.reporter.data,
        age_range=form.age_range.data,
        gender=form.gender.data,
        description=form.description.data,
        contact=(
            normalize_contact(form.contact.data) if form.wants_contact.data else None
        ),
        language=current_language(),
        submission=form.submission_token(),
    )
    session[RECEIPT_KEY] = filed.receipt_code
    return redirect(url_for("public.receipt"), code=303)


def render_form(form: ReportForm, **notice) -> Response:
    """The form again, with everything typed and a ``notice`` of why, if any."""
    page = render_template("public/report.html", form=form, **notice)
    # 200 even with errors: the page is the form again, and only a successful
    # response is compressed for the phone that waits for it.
    return no_store(make_response(page))


@bp.get("/receipt")
def receipt() -> Response:
    """Show the code of the report just filed, and where to find help."""
    # Shown once: afterwards nothing on the phone links it to the report, and
    # the page only says that the report was received.
    code = session.pop(RECEIPT_KEY, None)
    filed = reports.find_by_receipt(code) if code else None
    if filed is None and not session.get(SHOWN_KEY):
        return redirect(url_for("public.report"))
    session[SHOWN_KEY] = True

    page = render_template(
        "public/receipt.html",
        code=receipts.display(code) if filed else None,
        association=geography.association(filed.governorate_code) if filed else None,
    )
    return no_store(make_response(page))


@bp.route("/status", methods=["GET", "POST"])
@csrf.exempt
def status() -> Response:
    """Show a report's status to whoever holds its receipt code."""
    form = ReceiptForm()
    found = None

    if form.validate_on_submit():
        found = reports.find_by_receipt(form.code.data)
        if found is None:
            form.code.errors.append(
                _("No report has this code. Check it and try again.")
            )

    return render_status(form, found)


def render_status(form: ReceiptForm, found: Report | None) -> Response:
    """The status page: the code form, and the report's status if one was found."""
    page = render_template(
        "public/status.html",
        form=form,
        report=found,
        statuses=STATUSES,
        explanations=STATUS_EXPLANATIONS,
    )
    return no_store(make_response(page))


@bp.post("/status/contact")
@csrf.exempt
def erase_contact() -> Response:
    """Erase the contact details of the report whose code the citizen holds."""
    form = ReceiptForm()
    found = reports.find_by_receipt(form.code.data or "")

    if found is not None and found.contact:
        workflow.erase_contact(found)
    if found is not None:
        flash(_("Your contact details have been erased."), "success")
    return render_status(form, found)


@bp.get("/published")
def published() -> str:
    """Short summaries of checked reports, written by the associations."""
    filters = PublishedFilterForm(request.args)
    query = select(Report).where(Report.status == "published")
    if filters.validate():
        if filters.governorate.data:
            query = query.where(Report.governorate_code == filters.governorate.data)
        if filters.category.data:
            query = query.where(Report.category == filters.category.data)
    page = paginate(query.order_by(Report.published_at.desc(), Report.id.desc()), 20)
    kept_filters = {name: value for name, value in filters.data.items() if value}
    return render_template(
        "public/published.html",
        filters=filters,
        page=page,
        kept_filters=kept_filters,
        categories=CATEGORY_LABELS,
    )


@bp.get("/help")
def help() -> str:
    """Explain rights under law 2017-58 and who can help, by governorate."""
    partners = [
        (geography.by_code(code), association)
        for code, association in geography.PARTNERS.items()
    ]
    return render_template("public/help.html", partners=partners)


@bp.get("/language/<code>")
def language(code: str) -> Response:
    """Remember the visitor's language and go back to where they were."""
    target = request.args.get("next", "")
    if not is_local(target):
        target = url_for("public.report")
    response = redirect(target)
    if code in LANGUAGES:
        remember(response, code)
    return response


@bp.get("/leave")
def leave() -> Response:
    """Quick exit: forget this visit and go at once to a neutral site."""
    session.clear()
    response = redirect(current_app.config["QUICK_EXIT_URL"])
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return no_store(response)
