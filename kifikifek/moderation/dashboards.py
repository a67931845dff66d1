"""The associations' dashboards: their own numbers, and every region for admins."""

from flask import render_template, request
from flask_login import current_user, login_required

from kifikifek import dashboard, geography
from kifikifek.moderation import bp
from kifikifek.scope import visible_reports
from kifikifek.stats.figures import period_label
from kifikifek.taxonomy import CATEGORY_LABELS, STATUSES


@bp.get("/dashboard")
@login_required
def dashboard_page() -> str:
    """A region's numbers, unsuppressed; admins also compare every region."""
    visible = visible_reports(current_user)
    overview, region = None, current_user.governorate_code
    if current_user.is_admin:
        overview = dashboard.overview(visible)
        # Only an admin's view narrows by the address; a moderator's region is
        # the account's own.
        chosen = request.args.get("region", "")
        known = {code for code, _ in dashboard.regions()}
        region = chosen if chosen in known else None
    query = dashboard.in_region(visible, region) if region else visible
    numbers = dashboard.region_numbers(query)
    return render_template(
        "moderation/dashboard.html",
        numbers=numbers,
        months=[(key, period_label(key, "month")) for key in numbers["month_keys"]],
        overview=overview,
        region=region,
        regions=dashboard.regions(),
        statuses=STATUSES,
        categories=CATEGORY_LABELS,
        delegations=geography.delegations(region) if region else [],
    )
