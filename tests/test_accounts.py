"""Admins run accounts: create, change, deactivate, reactivate, reset passwords."""

from sqlalchemy import select

from kifikifek.extensions import db
from kifikifek.models import AuditEvent, User
from tests.conftest import PASSWORD


def account(app, username) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username=username))
        db.session.expunge(user)
        return user


def sign_in(app, username, password=PASSWORD):
    client = app.test_client()
    response = client.post(
        "/moderation/login", data={"username": username, "password": password}
    )
    return client, response.status_code == 302


def test_deactivation_signs_out_and_reactivation_lets_back_in(
    app, client, auth, make_user
):
    user_id = make_user("tataouine", "moderator", "TN53")
    moderator, _ = sign_in(app, "tataouine")
    auth.login("admin")

    client.post(f"/moderation/accounts/{user_id}/active")

    assert moderator.get("/moderation/").status_code == 302
    assert sign_in(app, "tataouine")[1] is False
    client.post(f"/moderation/accounts/{user_id}/active")
    assert sign_in(app, "tataouine")[1] is True


def test_admin_cannot_deactivate_themself(app, client, auth):
    auth.login("admin")
    admin = account(app, "admin")

    response = client.post(f"/moderation/accounts/{admin.id}/active")

    assert response.status_code == 400
    assert account(app, "admin").active


def test_role_and_governorate_change_and_end_sessions(app, client, auth, make_user):
    user_id = make_user("mover", "moderator", "TN53")
    moderator, _ = sign_in(app, "mover")
    auth.login("admin")

    response = client.post(
        f"/moderation/accounts/{user_id}/role",
        data={"role": "moderator", "governorate": "TN61"},
    )

    assert response.status_code == 303
    assert account(app, "mover").governorate_code == "TN61"
    assert moderator.get("/moderation/").status_code == 302


def test_an_admin_takes_no_governorate(app, client, auth, make_user):
    user_id = make_user("promoted", "moderator", "TN53")
    auth.login("admin")

    done = client.post(
        f"/moderation/accounts/{user_id}/role",
        data={"role": "admin", "governorate": "TN53"},  # left over in the form
    )

    assert done.status_code == 303
    promoted = account(app, "promoted")
    assert (promoted.role, promoted.governorate_code) == ("admin", None)


def test_password_reset_ends_sessions_and_sets_the_new_one(
    app, client, auth, make_user
):
    user_id = make_user("forgetful", "moderator", "TN11")
    moderator, _ = sign_in(app, "forgetful")
    auth.login("admin")

    client.post(
        f"/moderation/accounts/{user_id}/password",
        data={"password": "a fresh passphrase"},
    )

    assert moderator.get("/moderation/").status_code == 302
    assert sign_in(app, "forgetful")[1] is False
    assert sign_in(app, "forgetful", "a fresh passphrase")[1] is True


def test_account_actions_and_failed_sign_ins_are_on_the_trail(
    app, client, auth, make_user
):
    user_id = make_user("kairouan", "moderator", "TN41")
    sign_in(app, "kairouan", "wrong password")
    sign_in(app, "nobody-at-all", "whatever")
    auth.login("admin")
    client.post(f"/moderation/accounts/{user_id}/active")

    with app.app_context():
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.subject_id, AuditEvent.details)
        ).all()
    actions = [action for action, _, _ in events]
    assert actions.count("account_created") == 2
    assert ("login_failed", user_id, {}) in events
    assert ("login_failed", None, {}) in events  # the typed name is not kept
    assert ("account_changed", user_id, {"active": False, "unassigned": 0}) in events
    page = client.get("/moderation/audit", headers={"Accept-Language": "en"})
    assert "Failed sign-in" in page.get_data(as_text=True)


def test_moderators_read_only_their_region_trail(app, client, auth, make_user):
    make_user("kef-two", "moderator", "TN23")
    make_user("gafsa-two", "moderator", "TN61")
    auth.login("moderator", "TN23")

    page = client.get("/moderation/audit").get_data(as_text=True)

    assert "kef-two" in page
    assert "gafsa-two" not in page
