"""Dashboards: a region's exact numbers for its association, all regions for admins."""

from datetime import timedelta

from kifikifek import workflow
from kifikifek.dashboard import waiting
from kifikifek.extensions import db
from kifikifek.models import Report, User, utcnow
from kifikifek.scope import visible_reports


def review_after(app, report_id, hours, moderator_id):
    with app.app_context():
        report = db.session.get(Report, report_id)
        report.created_at = utcnow() - timedelta(hours=hours)
        db.session.commit()
        workflow.move(report, "in_review", db.session.get(User, moderator_id))


def test_waiting_times_median_and_ninetieth_percentile(app, make_report, make_user):
    moderator_id = make_user("kairouan", "moderator", "TN41")
    for hours in (1, 2, 3, 4, 100):
        review_after(app, make_report("TN41"), hours, moderator_id)
    make_report("TN41")  # still new

    with app.test_request_context():
        numbers = waiting(visible_reports(db.session.get(User, moderator_id)))

    assert numbers.reviewed == 5
    assert round(numbers.median.total_seconds() / 3600) == 3
    assert numbers.slowest_tenth.total_seconds() / 3600 > 50
    assert numbers.still_new == 1


def test_moderator_sees_their_region_exactly(client, auth, make_report):
    for _ in range(3):
        make_report("TN41", delegation_code="TN4151")
    make_report("TN61")
    auth.login("moderator", "TN41")

    page = client.get(
        "/moderation/dashboard?region=TN61", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)

    assert '<th scope="row">New</th><td>3</td>' in page  # not TN61's, not rounded
    assert '<th scope="row">Kairouan Nord</th><td>3</td>' in page
    assert "Every region" not in page


def test_admin_compares_every_region(client, auth, make_report):
    make_report("TN41")
    make_report("TN34")  # Sfax: the national queue
    auth.login("admin")

    page = client.get("/moderation/dashboard", headers={"Accept-Language": "en"})
    detail = client.get(
        "/moderation/dashboard?region=national", headers={"Accept-Language": "en"}
    )

    html = page.get_data(as_text=True)
    assert "Every region" in html
    assert html.count('href="/moderation/dashboard?region=') == 6
    assert '<th scope="row">New</th><td>1</td>' in detail.get_data(as_text=True)
