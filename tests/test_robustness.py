"""Odd and hostile input gets a clear answer, never a server error."""

import io

import pytest
from sqlalchemy import select

from kifikifek import create_app
from kifikifek.extensions import db
from kifikifek.models import Report
from tests.conftest import PASSWORD, error_messages, receipt_code, report_fields


def test_control_characters_are_refused_with_the_text_cleaned(app, client):
    refused = client.post(
        "/",
        data=report_fields(description="my boss\x00 took\x07 my wages\r\nagain"),
        headers={"Accept-Language": "en"},
    )
    html = refused.get_data(as_text=True)
    assert "invisible control characters, now removed" in html
    assert "my boss took my wages\nagain" in html

    client.post("/", data=report_fields(description="my boss took my wages\nagain"))

    with app.app_context():
        assert db.session.scalar(select(Report.description)) == (
            "my boss took my wages\nagain"
        )


def test_invisible_characters_are_not_words(client):
    response = client.post(
        "/",
        data=report_fields(description="\u200b \u200b \u200b"),
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 200
    assert "Describe what happened, in a few words at least." in error_messages(
        response.get_data(as_text=True)
    )


def test_dates_before_1990_are_refused(client):
    response = client.post(
        "/",
        data=report_fields(occurred_on="0001-01-01"),
        headers={"Accept-Language": "en"},
    )

    assert "Please give a date from 1990 onwards." in error_messages(
        response.get_data(as_text=True)
    )


def test_a_file_instead_of_text_is_refused_not_crashed(client):
    fields = report_fields()
    fields["description"] = (io.BytesIO(b"not a description"), "story.txt")

    response = client.post(
        "/",
        data=fields,
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 200
    assert "Describe what happened, in a few words at least." in error_messages(
        response.get_data(as_text=True)
    )


def test_too_large_a_request_gets_a_page_of_its_own(client):
    response = client.post(
        "/",
        data=report_fields(description="x " * 200_000),
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 413
    assert "too long to send" in response.get_data(as_text=True)


def test_receipt_code_is_shown_once(client):
    client.post("/", data=report_fields())

    first = client.get("/receipt")
    again = client.get("/receipt", headers={"Accept-Language": "en"})

    assert receipt_code(first.get_data(as_text=True))
    assert again.status_code == 200  # a refresh says it was received, code aside
    assert 'class="receipt"' not in again.get_data(as_text=True)
    assert "shown only once" in again.get_data(as_text=True)
    assert client.get("/receipt").status_code == 200
    assert client.application.test_client().get("/receipt").status_code == 302


@pytest.mark.parametrize("target", ["/%0D%0ASet-Cookie:%20x=1", "/%0Ax", "/\x7f"])
def test_next_with_control_characters_goes_home(client, target):
    response = client.get(f"/language/fr?next={target}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_huge_report_id_is_simply_unknown(client, auth):
    auth.login("admin")

    assert client.get("/moderation/reports/9223372036854775808").status_code == 404


def test_queue_ignores_page_and_url_tricks(client, auth, make_report):
    for _ in range(30):  # enough for a second page
        make_report("TN41")
    auth.login("admin")

    for query in ("page=9223372036854775807", "endpoint=x", "_method=POST", "page=-3"):
        assert client.get(f"/moderation/?{query}").status_code == 200, query
    html = client.get("/moderation/?_scheme=https&_anchor=x&status=new").get_data(
        as_text=True
    )
    assert 'href="/moderation/?page=2&amp;status=new"' in html


def test_signing_out_ends_copies_of_the_session(client, auth, make_report):
    report_id = make_report("TN41")
    auth.login("moderator", "TN41")
    stolen = client.get_cookie("session").value

    auth.logout()
    client.set_cookie("session", stolen)

    assert client.get(f"/moderation/reports/{report_id}").status_code == 302


def test_https_login_works_with_the_referrer_browsers_send(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "https",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'https.sqlite'}",
        }
    )
    with app.app_context():
        from kifikifek.accounts import create_account

        create_account("kef", "moderator", PASSWORD, "TN23")
    client = app.test_client()
    base = "https://kifikifek.example"
    page = client.get("/moderation/login", base_url=base).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    response = client.post(
        "/moderation/login",
        base_url=base,
        data={"username": "kef", "password": PASSWORD, "csrf_token": token},
        headers={"Referer": f"{base}/moderation/login"},  # as same-origin allows
    )

    assert response.status_code == 302


def test_usernames_refuse_invisible_and_markup_characters(runner):
    result = runner.invoke(
        args=["create-user", "\u202eevil <b>", "--role", "admin"],
        input="a long passphrase\n",
    )

    assert result.exit_code == 1
    assert "Latin letters" in result.output


def test_places_sort_as_people_read_them(client):
    html = client.get("/stats/", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )

    assert html.index(">Béja<") < html.index(">Ben Arous<") < html.index(">Bizerte<")


def test_text_is_stored_in_one_unicode_form(app, client):
    decomposed = "Le re\u0301sultat de l'examen"  # é written as e + accent

    client.post("/", data=report_fields(description=decomposed + " fut refuse."))

    with app.app_context():
        assert db.session.scalar(select(Report.description)).startswith(
            "Le résultat de l'examen"
        )


def test_direction_overrides_are_dropped_from_one_line_fields(app, client):
    client.post(
        "/", data=report_fields(wants_contact="y", contact="\u202e98 123 456\u202c")
    )

    with app.app_context():
        assert db.session.scalar(select(Report.contact)) == "98123456"


def test_a_script_filling_the_trap_files_nothing(app, client):
    response = client.post("/", data=report_fields(extra="http://spam.example"))

    assert response.status_code == 303  # it looks like a success
    assert client.get("/receipt").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Report)) is None


def test_unencoded_bytes_in_the_query_are_read_as_if_encoded(client, auth, make_report):
    make_report("TN41", description="Refused a job: أنت امرأة، قال المدير.")
    make_report("TN41", description="Paid less than the men.")
    auth.login("admin")
    # What some WSGI servers pass on when a client sends UTF-8 without encoding it.
    raw = "lang=en&q=" + "امرأة".encode().decode("latin-1")

    found = client.get("/moderation/", environ_overrides={"QUERY_STRING": raw})
    broken = client.get("/help", environ_overrides={"QUERY_STRING": "lang=fr&q=\xff"})

    assert found.status_code == 200
    assert "<p>1 report</p>" in found.get_data(as_text=True)
    assert broken.status_code == 200
    assert '<html lang="fr"' in broken.get_data(as_text=True)
