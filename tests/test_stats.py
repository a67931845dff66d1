"""Public statistics: only checked reports, and nothing that singles anyone out."""

import pytest

from kifikifek import statistics
from kifikifek.extensions import db
from kifikifek.models import Report
from kifikifek.statistics import Figure, Filters, protect


def make_counted(app, make_report, governorate, count, status="verified", **fields):
    ids = [make_report(governorate, **fields) for _ in range(count)]
    with app.app_context():
        for report_id in ids:
            db.session.get(Report, report_id).status = status
        db.session.commit()


def test_only_checked_reports_count(app, make_report):
    for status in ("verified", "referred", "published", "new", "in_review", "rejected"):
        make_counted(app, make_report, "TN41", 2, status)

    with app.app_context():
        counts = statistics.count_by(Report.governorate_code, Filters())
    assert counts == {"TN41": 6}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (
            {"a": 0, "b": 12, "c": 7},
            {"a": (0, "zero"), "b": (10, "rounded"), "c": (5, "rounded")},
        ),
        (
            {"a": 3, "b": 12, "c": 7},
            {"a": (None, "small"), "b": (10, "rounded"), "c": (None, "hidden")},
        ),
        (
            {"a": 3, "b": 2, "c": 7},
            {"a": (None, "small"), "b": (None, "small"), "c": (5, "rounded")},
        ),
        ({"a": 3, "b": 0}, {"a": (None, "small"), "b": (0, "zero")}),
        ({"a": 13, "b": 18}, {"a": (15, "rounded"), "b": (20, "rounded")}),
    ],
)
def test_protection_of_a_table(counts, expected):
    figures = protect(counts, list(counts))

    assert {key: (f.value, f.kind) for key, f in figures.items()} == expected


def feasible(table, totals) -> set[int]:
    """Every true value of the one small cell consistent with what is published.

    ``table`` maps cells to published figures; ``totals`` are the ranges that the
    true total can take given every other published table."""

    def bounds(figure: Figure) -> tuple[int, int]:
        if figure.kind == "zero":
            return 0, 0
        if figure.kind == "small":
            return 1, 4
        if figure.kind == "hidden":
            return 5, 10_000
        return figure.value - 2, figure.value + 2

    (secret,) = [key for key, figure in table.items() if figure.kind == "small"]
    low = sum(bounds(f)[0] for key, f in table.items() if key != secret)
    high = sum(bounds(f)[1] for key, f in table.items() if key != secret)
    total_low = max(lo for lo, _ in totals)
    total_high = min(hi for _, hi in totals)
    return {
        value
        for value in range(1, 5)
        if value + low <= total_high and value + high >= total_low
    }


def test_a_hidden_count_cannot_be_worked_out_from_the_totals(app, client, make_report):
    make_counted(app, make_report, "TN41", 7, category="work")
    make_counted(app, make_report, "TN23", 12, category="work")
    make_counted(app, make_report, "TN61", 1, category="work")  # the one to protect

    data = client.get("/stats/data.json").get_json()

    governorates = {
        row["key"]: Figure(row["value"], row["kind"]) for row in data["governorates"]
    }
    assert governorates["TN61"] == Figure(None, "small")
    total = data["total"]["value"]
    work = next(row for row in data["categories"] if row["key"] == "work")["value"]
    totals = [(total - 2, total + 2), (work - 2, work + 2)]
    assert len(feasible(governorates, totals)) > 1


def test_the_page_and_the_json_agree(app, client, make_report):
    make_counted(app, make_report, "TN41", 12, category="pay")
    make_counted(app, make_report, "TN61", 2, category="physical")

    page = client.get("/stats/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    data = client.get("/stats/data.json?lang=en").get_json()

    assert "About 15 checked reports." in page
    assert '<th scope="row">Gafsa</th>\n      <td>fewer than 5</td>' in page
    assert '<th scope="row">Kairouan</th>\n      <td>hidden</td>' in page
    assert data["total"] == {"value": 15, "kind": "rounded"}
    by_key = {row["key"]: row for row in data["governorates"]}
    assert by_key["TN61"]["value"] is None and by_key["TN61"]["kind"] == "small"
    assert by_key["TN41"]["kind"] == "hidden"


def test_filters_and_periods(app, client, make_report):
    make_counted(app, make_report, "TN41", 6, setting="street")
    make_counted(app, make_report, "TN41", 9, setting="home")

    data = client.get("/stats/data.json?setting=street&period=year").get_json()

    assert data["filters"]["setting"] == "street"
    assert data["total"] == {"value": 5, "kind": "rounded"}
    assert data["periods"][-1]["value"] == 5
    assert len(data["periods"]) == statistics.PERIODS["year"]


def test_map_draws_every_governorate_with_its_attribution(client):
    html = client.get("/stats/?lang=fr").get_data(as_text=True)

    assert html.count('<path class="shade-') == 24
    assert "https://www.openstreetmap.org/copyright" in html
    assert "geoBoundaries" in html


def test_stats_page_in_arabic_is_right_to_left(client):
    response = client.get("/stats/", headers={"Accept-Language": "ar"})

    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)


def test_public_counts_are_reused_for_a_while(app, client, make_report):
    app.config["STATS_CACHE_SECONDS"] = 60
    make_counted(app, make_report, "TN41", 5)
    first = client.get("/stats/data.json").get_json()["total"]

    make_counted(app, make_report, "TN41", 5)
    again = client.get("/stats/data.json").get_json()["total"]
    app.config["STATS_CACHE_SECONDS"] = 0
    fresh = client.get("/stats/data.json").get_json()["total"]

    assert first == again == {"value": 5, "kind": "rounded"}
    assert fresh == {"value": 10, "kind": "rounded"}


@pytest.mark.parametrize(
    "trick", ["_method=POST", "_scheme=javascript", "_external=1", "_anchor=x"]
)
def test_json_link_carries_only_the_filters(client, trick):
    response = client.get(f"/stats/?governorate=TN41&{trick}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/stats/data.json?governorate=TN41&amp;period=month"' in html
