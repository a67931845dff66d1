"""The world the fuzz tests act in: accounts, reports and signed-in clients,
and the addresses of its pages, with arguments drawn from it."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from kifikifek import reports
from kifikifek.demo import make_reports
from kifikifek.extensions import db
from kifikifek.i18n import LANGUAGES
from kifikifek.models import Report, User
from kifikifek.taxonomy import STATUSES
from tests.conftest import PASSWORD, app_for_tests, new_database
from tests.hostile import NUMBERS, TYPED, hostile_text

#: Who is signed in to fuzz an endpoint: anonymous on the public side, an
#: admin and a regional moderator on the moderation side.
ACTORS = {"admin": "admin", "moderator": "mod-tn41"}
#: Accounts that an admin's fuzzing may change, deactivate or give a password.
VICTIMS = {
    "chief": ("admin", None),
    "helper-tn41": ("moderator", "TN41"),
    "mod-tn61": ("moderator", "TN61"),
    "sleeper": ("moderator", "TN23"),
}
#: Signed in to, and guessed at, by the sign-in fuzz; no actor is throttled.
DECOY = "decoy"
#: Signed in to with the right password only, by the fuzz of ``next``.
TRAVELLER = "traveller"


@dataclass
class World:
    """An app with accounts and reports, and a signed-in client per role."""

    app: Flask
    csrf: bool
    users: dict[str, int]
    #: The governorate of each report the world began with, by id.
    regions: dict[int, str]
    receipt_codes: list[str]
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def report_ids(self) -> list[int]:
        return list(self.regions)

    def report_ids_in(self, governorate: str) -> list[int]:
        return [id_ for id_, region in self.regions.items() if region == governorate]

    def client(self, role: str) -> FlaskClient:
        """The client of ``role``: anonymous, or signed in through the form."""
        if role not in self.clients:
            client = self.app.test_client()
            if role in ACTORS:
                fields = {"username": ACTORS[role], "password": PASSWORD}
                if self.csrf:
                    fields["csrf_token"] = self.token(client)
                response = client.post("/moderation/login", data=fields)
                assert response.status_code == 302, "sign-in failed"
            self.clients[role] = client
        return self.clients[role]

    def token(self, client: FlaskClient, role: str = "anonymous") -> str:
        """The CSRF token a page gives this client, as a browser would read it;
        a signed-in client keeps the one it read first."""
        if role in self.tokens:
            return self.tokens[role]
        page = client.get("/moderation/login").get_data(as_text=True)
        if "csrf_token" not in page:
            page = client.get("/moderation/export").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        if role in ACTORS:
            self.tokens[role] = token
        return token

    def stay_signed_in(self, role: str, response: TestResponse) -> None:
        """Sign ``role`` back in after a request that signed it out.

        Only the sign-out button does, and signing in again through the form
        would cost a password check: the session is restored instead.
        """
        landed = response.location or response.request.path
        if role not in ACTORS or "/moderation/login" not in landed:
            return
        with self.app.app_context():
            session_id = db.session.get(User, self.users[ACTORS[role]]).get_id()
        with self.clients[role].session_transaction() as session:
            session["_user_id"] = session_id

    def new_report(self, governorate: str, status: str) -> int:
        """A report in ``governorate`` at ``status``, for one example to act on."""
        with self.app.app_context():
            report = reports.file_report(
                category="work",
                setting="work",
                governorate_code=governorate,
                occurred_on=date(2025, 1, 15),
                occurred_precision="day",
                reporter="self",
                description=TYPED[0],
                language="ar",
                contact="98123456",
            )
            report.status = status
            report.public_summary = "A woman was followed near her school."
            db.session.commit()
            return report.id


@cache
def password_hash() -> str:
    """One scrypt hash of the test password for every fuzz account: each costs
    a quarter of a second to make."""
    return generate_password_hash(PASSWORD, method="scrypt")


@contextmanager
def fuzz_world(folder: Path, csrf: bool) -> Iterator[World]:
    """A world on a new database; errors propagate out of the test client."""
    with (
        new_database(folder) as url,
        app_for_tests(url, PROPAGATE_EXCEPTIONS=True, WTF_CSRF_ENABLED=csrf) as app,
    ):
        # Requests would share an app context left open, and its cached locale.
        with app.app_context():
            users, seeded = populate()
        yield World(
            app=app,
            csrf=csrf,
            users=users,
            regions={report_id: region for report_id, region, _ in seeded},
            receipt_codes=[code for _, _, code in seeded],
        )


def populate() -> tuple[dict[str, int], list]:
    """Add the actors, their victims and reports of every kind; return the
    accounts' ids by name, and the reports' ids and receipt codes."""
    accounts = {name: ("admin", None) for name in ("admin", DECOY, TRAVELLER)}
    accounts |= {"mod-tn41": ("moderator", "TN41")} | VICTIMS
    for username, (role, governorate) in accounts.items():
        db.session.add(
            User(
                username=username,
                role=role,
                governorate_code=governorate,
                password_hash=password_hash(),
                active=username != "sleeper",
            )
        )
    make_reports(80, seed=58)
    db.session.commit()
    users = dict(db.session.execute(select(User.username, User.id)).all())
    seeded = db.session.execute(
        select(Report.id, Report.governorate_code, Report.receipt_code)
    ).all()
    db.session.remove()
    return users, seeded


def report_id(world: World, role: str, data: st.DataObject) -> str:
    """A report made for this example, one of the world's, or no report at all."""
    how = data.draw(st.sampled_from(("fresh", "seeded", "none")), label="report")
    if how == "fresh":
        regions = ["TN41"] if role == "moderator" else ["TN41", "TN11", "TN34"]
        region = data.draw(st.sampled_from(regions), label="region")
        status = data.draw(st.sampled_from(list(STATUSES)), label="status")
        return str(world.new_report(region, status))
    if how == "seeded":
        return str(data.draw(st.sampled_from(world.report_ids)))
    return data.draw(st.sampled_from(NUMBERS) | hostile_text())


def user_id(world: World, role: str, data: st.DataObject) -> str:
    """An account an admin may change (never the actor's own), or none at all."""
    victims = [str(world.users[name]) for name in VICTIMS]
    return data.draw(st.sampled_from(victims) | st.sampled_from(NUMBERS))


def any_of(*known: str):
    """An argument that is one of ``known`` or anything else."""

    def draw(world: World, role: str, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(known) | hostile_text())

    return draw


def arguments(world: World) -> dict:
    """How to draw each argument of a URL rule."""
    digests = world.app.extensions["kifikifek.assets"]["digests"]
    return {
        "report_id": report_id,
        "user_id": user_id,
        "code": any_of(*LANGUAGES),
        "filename": any_of(*digests, "../kifikifek/settings.py", "%2e%2e/x"),
        "digest": any_of(*digests.values()),
    }


def address(world: World, endpoint: str, role: str, data: st.DataObject) -> str:
    """The path of ``endpoint`` with drawn arguments, percent-encoded as sent."""
    (rule,) = world.app.url_map.iter_rules(endpoint)
    drawers = arguments(world)
    unknown = rule.arguments - drawers.keys()
    assert not unknown, f"teach tests/fuzz_world.py to draw {unknown} in {rule}"
    values = {name: drawers[name](world, role, data) for name in sorted(rule.arguments)}
    return re.sub(
        r"<[^>]*?(\w+)>",
        lambda match: quote(
            values[match.group(1)].encode("utf-8", "surrogatepass"), safe="/"
        ),
        rule.rule,
    )
