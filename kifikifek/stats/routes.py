"""Views of the stats blueprint: the public page and its JSON twin."""

from flask import jsonify, render_template, request
from werkzeug.wrappers import Response

from kifikifek import statistics
from kifikifek.stats import bp
from kifikifek.stats.figures import governorate_paths, shade, tables
from kifikifek.stats.forms import StatsFilterForm


def figures_for_request() -> tuple[StatsFilterForm, str, dict, statistics.Figure]:
    form = StatsFilterForm(request.args)
    filters, granularity = form.filters(), form.granularity()
    return form, granularity, tables(filters, granularity), statistics.total(filters)


@bp.get("/")
def index() -> str:
    """Checked reports by governorate, kind, setting and period, with a map."""
    form, granularity, rows, total = figures_for_request()
    largest = max((row.figure.value or 0 for row in rows["governorates"]), default=0)
    return render_template(
        "stats/index.html",
        form=form,
        granularity=granularity,
        rows=rows,
        total=total,
        paths=governorate_paths(),
        shades={row.key: shade(row.figure, largest) for row in rows["governorates"]},
        small=statistics.SMALL,
        rounding=statistics.ROUNDING,
        # The JSON link carries the filters, nothing else from the URL: a
        # name such as _method or _external would steer url_for.
        kept_filters={name: value for name, value in form.data.items() if value},
    )


@bp.get("/data.json")
def data() -> Response:
    """The same figures as the page, protected the same way, as JSON."""
    form, granularity, rows, total = figures_for_request()
    filters = form.filters()
    return jsonify(
        {
            "counted_statuses": list(statistics.COUNTED),
            "threshold": statistics.SMALL,
            "rounding": statistics.ROUNDING,
            "filters": {
                "governorate": filters.governorate,
                "category": filters.category,
                "setting": filters.setting,
                "period": granularity,
            },
            "total": as_json(total),
            **{
                name: [
                    {"key": row.key, "label": row.label, **as_json(row.figure)}
                    for row in table
                ]
                for name, table in rows.items()
            },
        }
    )


def as_json(figure: statistics.Figure) -> dict:
    return {"value": figure.value, "kind": figure.kind}
