"""Public statistics count non-rejected reports and hide small numbers."""

from datetime import date

from kifikifek import statistics
from kifikifek.extensions import db
from kifikifek.models import Report


def set_status(app, report_ids, status):
    with app.app_context():
        for report_id in report_ids:
            db.session.get(Report, report_id).status = status
        db.session.commit()


def test_counts_leave_rejected_reports_out(app, make_report):
    kept = [make_report("TN41", category="pay") for _ in range(6)]
    rejected = [make_report("TN41", category="pay") for _ in range(3)]
    make_report("TN61", category="physical")
    set_status(app, rejected, "rejected")
    set_status(app, kept[:2], "verified")

    with app.app_context():
        assert statistics.total() == 7
        assert statistics.by_governorate() == {"TN41": 6, "TN61": 1}
        assert statistics.by_category() == {"pay": 6, "physical": 1}
        months = statistics.by_month(today=date.today())
    assert len(months) == 12
    assert months[-1] == (date.today().replace(day=1), 7)
    assert sum(count for _, count in months) == 7


def test_page_shows_counts_and_hides_small_ones(client, make_report):
    for _ in range(6):
        make_report("TN41", category="pay")
    make_report("TN61", category="physical")

    response = client.get("/stats/", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "7 reports received" in html
    assert '<th scope="row">Kairouan</th><td>6</td>' in html
    assert '<th scope="row">Gafsa</th><td>fewer than 5</td>' in html
    assert '<th scope="row">Tunis</th><td>0</td>' in html
    assert '<th scope="row">Unequal pay for the same work</th><td>6</td>' in html


def test_stats_page_in_arabic_is_right_to_left(client):
    response = client.get("/stats/", headers={"Accept-Language": "ar"})

    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)
