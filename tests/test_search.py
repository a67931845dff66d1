"""Finding reports: search that forgives spelling, and every queue filter."""

from datetime import timedelta

import pytest

from kifikifek.extensions import db
from kifikifek.models import Report, utcnow
from kifikifek.search import fold


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("أمي", "امي"),  # hamza above alef
        ("إدارة", "اداره"),  # hamza below alef, taa marbuta
        ("آخر", "اخر"),  # madda
        ("مستشفى", "مستشفي"),  # alif maqsura
        ("مـــدرسة", "مدرسه"),  # tatweel
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat
        ("Égalité SALARIALE", "egalite salariale"),
        ("Sœur, jusqu’à", "soeur, jusqu'a"),
    ],
)
def test_fold(typed, stored):
    assert fold(typed) == stored


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("الإدارة", True),
        ("الادارة", True),
        ("الاداره", True),
        ("المستشفى", True),
        ("المستشفي", True),
        ("الـمـسـتـشـفـى", True),
        ("رَفَضَت", True),
        ("mairie", True),
        ("MAIRIE", True),
        ("hopital", True),
        ("Hôpital", True),
        ("الإدارة hôpital", True),  # every word must be there
        ("الإدارة tribunal", False),
        ("%", False),  # wildcards are searched as text
        ("et", True),  # too short for the trigram index: scanned instead
        ('"mairie', False),  # a quote is searched as typed, and breaks nothing
    ],
)
def test_search_forgives_spelling(client, auth, make_report, query, found):
    report_id = make_report(
        "TN41",
        description="رفضت الإدارة قبولي في المستشفى. La mairie et l'hôpital aussi.",
    )
    auth.login("moderator", "TN41")

    page = client.get("/moderation/", query_string={"q": query}).get_data(as_text=True)

    assert (f"#{report_id}<" in page) is found


def test_search_is_in_the_url_so_it_can_be_shared(client, auth, make_report):
    make_report("TN41", description="Le patron refuse les femmes.")
    auth.login("moderator", "TN41")

    page = client.get("/moderation/?q=patron").get_data(as_text=True)

    assert 'value="patron"' in page


def test_filters_narrow_the_queue(app, client, auth, make_report):
    at_home = make_report("TN41", setting="home", category="physical")
    at_work = make_report("TN41", setting="work", category="pay")
    in_town = make_report("TN41", delegation_code="TN4151")
    old = make_report("TN41")
    with app.app_context():
        db.session.get(Report, old).created_at = utcnow() - timedelta(days=400)
        db.session.commit()
    auth.login("moderator", "TN41")

    def shown(query):
        page = client.get(f"/moderation/?{query}").get_data(as_text=True)
        return {rid for rid in (at_home, at_work, in_town, old) if f"#{rid}<" in page}

    assert shown("setting=home") == {at_home}
    assert shown("category=pay") == {at_work}
    assert shown("delegation=TN4151") == {in_town}
    this_year = (utcnow() - timedelta(days=30)).date().isoformat()
    assert shown(f"received_from={this_year}") == {at_home, at_work, in_town}
    assert shown(f"received_to={this_year}") == {old}


def test_queue_counts_and_oldest_untouched(app, client, auth, make_report):
    oldest = make_report("TN41")
    make_report("TN41")
    with app.app_context():
        db.session.get(Report, oldest).created_at = utcnow() - timedelta(days=9)
        db.session.commit()
    auth.login("moderator", "TN41")

    page = client.get("/moderation/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert "New: <strong>2</strong>" in page
    assert f"Oldest unread report: #{oldest}" in page


def test_a_bad_filter_says_so(client, auth):
    auth.login("moderator", "TN41")

    response = client.get("/moderation/?received_from=yesterday")

    assert response.status_code == 400
