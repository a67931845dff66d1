"""Moderators work their own governorate's reports; admins see every report."""

from sqlalchemy import select

from kifikifek.extensions import db
from kifikifek.models import Report, User
from tests.conftest import (
    OTHER_CODES,
    PARTNER_CODES,
    PASSWORD,
    error_messages,
    report_fields,
    translated,
)


def test_login_error_does_not_say_which_part_was_wrong(app, client, make_user):
    make_user("gafsa", "moderator", "TN61")

    wrong_name = client.post(
        "/moderation/login", data={"username": "nobody", "password": PASSWORD}
    )
    wrong_password = client.post(
        "/moderation/login", data={"username": "gafsa", "password": "not it at all"}
    )

    assert wrong_name.status_code == wrong_password.status_code == 200
    messages = [
        error_messages(r.get_data(as_text=True)) for r in (wrong_name, wrong_password)
    ]
    assert (
        messages[0]
        == messages[1]
        == [translated(app, "ar", "The user name or the password is wrong.")]
    )


def test_passwords_are_hashed_with_scrypt(app, make_user):
    make_user("kef", "moderator", "TN23")

    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def test_moderation_needs_a_login(client):
    response = client.get("/moderation/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/login")


def test_moderator_sees_reports_of_their_governorate(client, auth, make_report):
    own = make_report("TN61", description="Gafsa: a phosphate firm hires no women.")
    make_report("TN41", description="Kairouan: the imam refused a woman witness.")
    auth.login("moderator", "TN61")

    html = client.get("/moderation/").get_data(as_text=True)

    assert f"#{own}" in html
    assert "phosphate" in html
    assert "imam" not in html


def test_unknown_report_is_404_as_well(client, auth):
    auth.login("moderator", "TN11")

    assert client.get("/moderation/reports/999").status_code == 404


def test_admin_sees_all_including_the_national_queue(client, auth, make_report):
    ids = {code: make_report(code) for code in PARTNER_CODES + OTHER_CODES}
    auth.login("admin")

    everything = client.get("/moderation/").get_data(as_text=True)
    national = client.get("/moderation/?region=national").get_data(as_text=True)

    for code, report_id in ids.items():
        assert f"#{report_id}<" in everything
        assert (f"#{report_id}<" in national) == (code in OTHER_CODES)
    for report_id in ids.values():
        assert client.get(f"/moderation/reports/{report_id}").status_code == 200


def test_unknown_status_is_refused(app, client, auth, make_report):
    report_id = make_report("TN53")
    auth.login("moderator", "TN53")

    response = client.post(
        f"/moderation/reports/{report_id}/status", data={"status": "deleted"}
    )

    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Report, report_id).status == "new"


def test_filed_report_reaches_its_moderator(client, auth):
    client.post("/", data=report_fields(governorate="TN23", delegation="TN2351"))
    auth.login("moderator", "TN23")

    html = client.get("/moderation/").get_data(as_text=True)

    assert "رجل يلاحقني" in html


def test_deactivated_account_is_signed_out_at_once(app, client, auth, make_report):
    auth.login("moderator", "TN41")
    assert client.get("/moderation/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="moderator-tn41"))
        user.active = False
        db.session.commit()

    assert client.get("/moderation/").status_code == 302


def test_new_password_ends_other_sessions(app, client, auth):
    auth.login("moderator", "TN41")
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="moderator-tn41"))
        user.set_password("a brand new passphrase")
        db.session.commit()

    assert client.get("/moderation/").status_code == 302


def test_only_admins_manage_accounts(client, auth):
    auth.login("moderator", "TN41")

    assert client.get("/moderation/accounts").status_code == 403


def test_admin_creates_a_moderator(app, client, auth):
    auth.login("admin")

    response = client.post(
        "/moderation/accounts",
        data={
            "username": "kef.joussour",
            "role": "moderator",
            "governorate": "TN23",
            "password": "long enough pass",
        },
    )

    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(username="kef.joussour"))
        assert (user.role, user.governorate_code) == ("moderator", "TN23")


def test_moderator_of_a_governorate_without_partner_is_refused(client, auth):
    auth.login("admin")

    response = client.post(
        "/moderation/accounts",
        data={
            "username": "sfax",
            "role": "moderator",
            "governorate": "TN34",
            "password": "long enough pass",
        },
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 400
    assert "Not a valid choice." in error_messages(response.get_data(as_text=True))


def test_next_only_leads_within_the_site(client, make_user):
    make_user("tunis", "moderator", "TN11")

    response = client.post(
        "/moderation/login?next=https://evil.example/",
        data={"username": "tunis", "password": PASSWORD},
    )

    assert response.headers["Location"] == "/moderation/"
