"""The workflow holds under odd input, races and repeated links."""

import pytest
from sqlalchemy import select, text

from kifikifek import accounts, workflow
from kifikifek.accounts import AccountError
from kifikifek.extensions import db
from kifikifek.models import Note, Report, User
from kifikifek.text import holds_contact
from kifikifek.workflow import WorkflowError
from tests.conftest import PASSWORD


@pytest.fixture
def moderator(app, make_user):
    """A Kairouan moderator, inside a request context in English."""
    user_id = make_user("kairouan", "moderator", "TN41")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield db.session.get(User, user_id)


def get(report_id) -> Report:
    return db.session.get(Report, report_id)


@pytest.mark.parametrize(
    "summary",
    [
        "Refused  a job in TN41:\\nshe is a woman.",  # spacing
        "Refused a job in TN41: she is a\\u200b woman.",  # a zero-width space
        "REFUSED a job in tn41 - she is a woman",  # case and punctuation
    ],
)
def test_a_copy_of_the_citizen_text_is_refused(make_report, moderator, summary):
    report = get(make_report("TN41"))

    with pytest.raises(WorkflowError, match="own words"):
        workflow.write_summary(
            report, summary.encode().decode("unicode_escape"), moderator
        )


@pytest.mark.parametrize(
    ("words", "contact"),
    [
        ("appeler le 98/123/456", True),
        ("appeler le 98_123_456", True),
        ("اتصلوا على ٩٨،١٢٣،٤٥٦", True),
        ("appeler le 98\u200b123\u200b456", True),
        ("écrire à fatma＠gmail.com", True),
        ("joindre le +216 71 000 000", True),
        ("joindre le +21698123456", True),
        ("joindre le 0021698123456", True),
        ("joindre le 9812 3456", True),
        ("joindre le +33612345678", True),
        ("écrire à a @ b.tn", True),
        ("la loi 2017-58", False),
        ("année scolaire 2023-2024", False),
        ("une dette de 1 500 000 dinars", False),
        ("en 2023 (12 mois)", False),
    ],
)
def test_contact_details_are_recognised_however_written(words, contact):
    assert holds_contact(words) is contact


def test_duplicate_links_always_point_at_the_first_report(make_report, moderator):
    first, second, third = (get(make_report("TN41")) for _ in range(3))

    workflow.mark_duplicate(second, first, moderator)
    workflow.mark_duplicate(third, second, moderator)  # a repeat of a repeat

    assert third.duplicate_of_id == first.id
    with pytest.raises(WorkflowError, match="this one is the original"):
        workflow.mark_duplicate(first, third, moderator)


def test_a_report_with_repeats_brings_them_along(make_report, moderator):
    first, second, third = (get(make_report("TN41")) for _ in range(3))
    workflow.mark_duplicate(third, second, moderator)

    workflow.mark_duplicate(second, first, moderator)

    assert (second.duplicate_of_id, third.duplicate_of_id) == (first.id, first.id)


def test_linked_duplicates_stay_in_their_governorate(make_report, moderator):
    first, second = (get(make_report("TN41")) for _ in range(2))
    workflow.mark_duplicate(second, first, moderator)

    for report in (first, second):
        with pytest.raises(WorkflowError, match="stay in their governorate"):
            workflow.reassign(report, "TN61", moderator)


def test_a_change_made_meanwhile_is_not_overwritten(make_report, moderator):
    report = get(make_report("TN41"))
    with db.engine.begin() as other:  # another moderator saves first
        other.execute(
            text("UPDATE report SET status = 'in_review', version = version + 1")
        )

    with pytest.raises(WorkflowError, match="at the same time"):
        workflow.move(report, "in_review", moderator)


def test_a_note_sent_twice_is_kept_once(make_report, moderator):
    report = get(make_report("TN41"))

    workflow.add_note(report, "Called her back.", moderator)
    workflow.add_note(report, "Called her back.", moderator)

    assert len(db.session.scalars(select(Note)).all()) == 1


def test_the_last_active_admin_stays(app, make_user):
    only = make_user("only", "admin")
    other = make_user("other", "admin")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        only, other = db.session.get(User, only), db.session.get(User, other)
        accounts.set_active(other, False, only)

        with pytest.raises(AccountError, match="at least one active admin"):
            accounts.change_role(only, "moderator", "TN41", only)


def test_deactivation_ends_sessions_for_good(app, client, auth, make_user):
    user_id = make_user("tunis", "moderator", "TN11")
    moderator = app.test_client()
    moderator.post(
        "/moderation/login", data={"username": "tunis", "password": PASSWORD}
    )
    auth.login("admin")

    client.post(f"/moderation/accounts/{user_id}/active")  # deactivate
    client.post(f"/moderation/accounts/{user_id}/active")  # and reactivate

    assert moderator.get("/moderation/").status_code == 302


def test_deactivation_frees_the_reports_assigned(app, make_report, make_user):
    report_id = make_report("TN41")
    helper, admin = make_user("helper", "moderator", "TN41"), make_user("boss", "admin")
    with app.test_request_context():
        helper, admin = db.session.get(User, helper), db.session.get(User, admin)
        workflow.assign(get(report_id), helper, admin)

        accounts.set_active(helper, False, admin)

        assert get(report_id).assignee_id is None


@pytest.mark.parametrize(
    "query",
    ["q=" + "+".join(["ab"] * 1200), "received_to=9999-12-31", "page=99999"],
)
def test_queue_answers_odd_queries(client, auth, make_report, query):
    make_report("TN41")
    auth.login("moderator", "TN41")

    assert client.get(f"/moderation/?{query}").status_code == 200


def test_moving_a_moderator_frees_their_reports(app, make_report, make_user):
    report_id = make_report("TN41")
    helper, admin = make_user("helper", "moderator", "TN41"), make_user("boss", "admin")
    with app.test_request_context():
        helper, admin = db.session.get(User, helper), db.session.get(User, admin)
        workflow.assign(get(report_id), helper, admin)

        accounts.change_role(helper, "moderator", "TN53", admin)

        assert get(report_id).assignee_id is None


def test_a_summary_never_holds_the_report_own_contact(make_report, moderator):
    report = get(make_report("TN41", contact="0021698123456"))

    with pytest.raises(WorkflowError, match="phone number"):
        workflow.write_summary(report, "Rappeler le numéro 9 8 1 2 3 4 5 6.", moderator)
