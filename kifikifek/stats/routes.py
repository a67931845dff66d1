"""Views of the stats blueprint."""

from flask import render_template
from flask_babel import format_date

from kifikifek import geography, statistics
from kifikifek.i18n import alphabetical, localized
from kifikifek.stats import bp
from kifikifek.taxonomy import CATEGORIES


@bp.get("/")
def index() -> str:
    """Counts of reports by governorate, category and month."""
    per_governorate = statistics.by_governorate()
    per_category = statistics.by_category()
    governorates = sorted(geography.governorates(), key=alphabetical)
    return render_template(
        "stats/index.html",
        total=statistics.total(),
        governorates=[(localized(g), per_governorate[g.code]) for g in governorates],
        categories=[(c.label, per_category[c.key]) for c in CATEGORIES],
        months=[
            (format_date(month, "MMMM y"), count)
            for month, count in statistics.by_month()
        ],
        small=statistics.SMALL_COUNT,
    )
