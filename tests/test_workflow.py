"""A report's life: allowed moves, reasons, notes, summaries, duplicates, moves."""

import pytest
from sqlalchemy import select

from kifikifek import workflow
from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Report, User
from kifikifek.workflow import TRANSITIONS, WorkflowError
from tests.conftest import error_messages


@pytest.fixture
def kef(client, auth, make_report):
    """A Le Kef moderator signed in, and a new report of Le Kef."""
    auth.login("moderator", "TN23")
    return make_report(
        "TN23", description="Le directeur refuse d'embaucher des femmes."
    )


def post(client, report_id, action, **data):
    return client.post(
        f"/moderation/reports/{report_id}/{action}",
        data=data,
        headers={"Accept-Language": "en"},
    )


def report(app, report_id) -> Report:
    with app.app_context():
        found = db.session.get(Report, report_id)
        db.session.expunge(found)
        return found


def trail(app, report_id) -> list[tuple[str, dict]]:
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.report_id == report_id)
        )
        return [(event.action, event.details) for event in events]


def test_every_status_can_be_left_and_reached():
    reachable = {target for targets in TRANSITIONS.values() for target in targets}

    assert set(TRANSITIONS) == reachable | {"new"}
    assert all(TRANSITIONS.values())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["in_review", "verified"], "verified"),
        (["in_review", "verified", "in_review"], "in_review"),
    ],
)
def test_allowed_moves_are_made_and_recorded(app, client, kef, path, expected):
    for status in path:
        assert post(client, kef, "status", status=status).status_code == 303

    assert report(app, kef).status == expected
    moves = [
        details for action, details in trail(app, kef) if action == "status_changed"
    ]
    assert [move["new"] for move in moves] == path


def test_impossible_move_is_refused_with_a_clear_message(app, client, kef):
    response = post(client, kef, "status", status="published")

    assert response.status_code == 400
    assert report(app, kef).status == "new"
    assert "A report cannot go from New to Published." in error_messages(
        response.get_data(as_text=True)
    )


def test_domain_refuses_impossible_moves_in_words(app, make_user, make_report):
    report_id = make_report("TN23")
    moderator_id = make_user("kef", "moderator", "TN23")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        moderator = db.session.get(User, moderator_id)
        with pytest.raises(WorkflowError, match="cannot go from New to Verified"):
            workflow.move(db.session.get(Report, report_id), "verified", moderator)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "rejected"}, "Say why the report is rejected."),
        (
            {"status": "rejected", "reason": "duplicate"},
            "Give the number of the report this one repeats.",
        ),
    ],
)
def test_rejection_needs_a_reason(app, client, kef, data, message):
    response = post(client, kef, "status", **data)

    assert response.status_code == 400
    assert message in error_messages(response.get_data(as_text=True))


def test_rejection_with_a_reason_is_kept(app, client, kef):
    post(client, kef, "status", status="rejected", reason="out_of_scope")

    rejected = report(app, kef)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "out_of_scope")


def test_referral_needs_a_service(app, client, kef):
    post(client, kef, "status", status="in_review")
    post(client, kef, "status", status="verified")

    refused = post(client, kef, "status", status="referred")
    done = post(client, kef, "status", status="referred", service="legal_aid")

    assert "Say which service the report is referred to." in error_messages(
        refused.get_data(as_text=True)
    )
    assert done.status_code == 303
    assert report(app, kef).referral_service == "legal_aid"


def test_publishing_needs_a_summary_and_shows_it_publicly(app, client, kef):
    post(client, kef, "status", status="in_review")
    post(client, kef, "status", status="verified")
    refused = post(client, kef, "status", status="published")
    post(client, kef, "summary", summary="Un employeur refuse d'embaucher des femmes.")

    published = post(client, kef, "status", status="published")

    assert "Write the public summary before publishing." in error_messages(
        refused.get_data(as_text=True)
    )
    assert published.status_code == 303
    listing = client.get("/published?governorate=TN23&category=work").get_data(
        as_text=True
    )
    assert "Un employeur refuse d&#39;embaucher des femmes." in listing
    assert "Le directeur" not in listing  # never the citizen's own words
    other = client.get("/published?governorate=TN41").get_data(as_text=True)
    assert "Un employeur" not in other


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        (
            "Le directeur refuse d'embaucher des femmes.",
            "Write the summary in your own words, not the citizen's text.",
        ),
        (
            "Une femme écarte, appeler le 98 123 456.",
            "A summary must not hold a phone number or an e-mail address.",
        ),
        (
            "Écrire à victime@example.tn pour en savoir plus.",
            "A summary must not hold a phone number or an e-mail address.",
        ),
    ],
)
def test_summary_is_never_the_citizen_text_nor_a_contact(client, kef, summary, message):
    response = post(client, kef, "summary", summary=summary)

    assert response.status_code == 400
    assert message.replace("'", "&#39;") in response.get_data(as_text=True)


def test_duplicates_are_linked_both_ways(app, client, kef, make_report):
    original = make_report("TN23")

    response = post(
        client,
        kef,
        "status",
        status="rejected",
        reason="duplicate",
        duplicate_of=original,
    )

    assert response.status_code == 303
    assert report(app, kef).duplicate_of_id == original
    duplicate_page = client.get(f"/moderation/reports/{kef}").get_data(as_text=True)
    original_page = client.get(f"/moderation/reports/{original}").get_data(as_text=True)
    assert f'href="/moderation/reports/{original}"' in duplicate_page
    assert f'href="/moderation/reports/{kef}"' in original_page


def test_duplicate_must_be_of_the_same_region(app, client, kef, make_report):
    elsewhere = make_report("TN41")

    response = post(
        client,
        kef,
        "status",
        status="rejected",
        reason="duplicate",
        duplicate_of=elsewhere,
    )

    assert response.status_code == 400
    assert "No report with this number in the same governorate." in error_messages(
        response.get_data(as_text=True)
    )
    assert report(app, kef).status == "new"


def test_private_notes_are_kept_and_recorded(app, client, kef):
    post(client, kef, "notes", body="J'ai appelé l'inspection du travail.")

    page = client.get(f"/moderation/reports/{kef}").get_data(as_text=True)
    assert "J&#39;ai appelé l&#39;inspection du travail." in page
    assert [action for action, _ in trail(app, kef)] == ["note_added"]


def test_assignment_and_the_mine_filter(app, client, kef, make_report, make_user):
    other = make_report("TN23", description="Another report nobody owns yet.")
    with app.app_context():
        me = db.session.scalar(select(User).filter_by(username="moderator-tn23"))

    post(client, kef, "assignee", assignee=str(me.id))

    mine = client.get("/moderation/?mine=y").get_data(as_text=True)
    assert f"#{kef}<" in mine
    assert f"#{other}<" not in mine
    assert report(app, kef).assignee_id == me.id


def test_assignment_only_to_a_colleague_of_the_association(app, client, kef, make_user):
    stranger = make_user("gafsa", "moderator", "TN61")

    response = post(client, kef, "assignee", assignee=str(stranger))

    assert response.status_code == 400
    assert report(app, kef).assignee_id is None


def test_reassignment_moves_the_report_to_the_other_queue(app, client, kef, make_user):
    response = post(client, kef, "governorate", governorate="TN41")

    assert response.status_code == 303
    assert client.get(f"/moderation/reports/{kef}").status_code == 404
    moved = report(app, kef)
    assert (moved.governorate_code, moved.delegation_code) == ("TN41", None)
    with app.app_context():
        regions = db.session.scalars(
            select(AuditEvent.governorate_code).where(AuditEvent.action == "reassigned")
        ).all()
    assert sorted(regions) == ["TN23", "TN41"]  # both trails show the move


def test_the_trail_is_append_only(app, client, kef):
    post(client, kef, "notes", body="Une note.")

    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        event.action = "status_changed"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AuditEvent)))
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.commit()
