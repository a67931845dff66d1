"""The isolation proof: a regional account sees nothing of another region.

Every moderation, stats and export URL is taken from the app's URL map, so a
route added later is tried too; a route with a parameter this test does not
know fails it until the test learns what that parameter must hide.
"""

import pytest
from flask import url_for
from sqlalchemy import func, select

from kifikifek import geography, workflow
from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Note, Report, User
from tests.conftest import OTHER_CODES, PARTNER_CODES, PASSWORD

REGIONS = PARTNER_CODES + OTHER_CODES
KNOWN_ARGUMENTS = {"report_id", "user_id"}


def marker(code: str, kind: str) -> str:
    """A word that appears only in one region's reports, notes or summaries."""
    return f"{kind}{code.lower()}zq"


@pytest.fixture
def world(app, make_report, make_user):
    """Two reports per region, worked on so that each has notes, a summary,
    an assignee and trail entries; a moderator per partner region."""
    moderators = {
        code: make_user(f"mod-{code.lower()}", "moderator", code)
        for code in PARTNER_CODES
    }
    admin_id = make_user("chief", "admin")
    reports = {code: [] for code in REGIONS}
    with app.app_context():
        admin = db.session.get(User, admin_id)
        for code in REGIONS:
            for n in range(2):
                report_id = make_report(
                    code,
                    description=f"Refused a job {marker(code, 'desc')} number {n}.",
                    contact=f"0021698{code[2:]}000{n}",
                )
                report = db.session.get(Report, report_id)
                workflow.move(report, "in_review", admin)
                workflow.add_note(report, f"Called back {marker(code, 'note')}", admin)
                workflow.write_summary(
                    report, f"A woman was refused work {marker(code, 'sum')}.", admin
                )
                helper = moderators.get(code)
                if helper:
                    workflow.assign(report, db.session.get(User, helper), admin)
                reports[code].append(report_id)
    return reports


def snapshot(app, report_ids) -> list:
    """Everything a forbidden request could have changed about these reports."""
    with app.app_context():
        rows = db.session.execute(
            select(
                Report.id,
                Report.status,
                Report.governorate_code,
                Report.assignee_id,
                Report.public_summary,
                Report.contact,
                Report.duplicate_of_id,
            )
            .where(Report.id.in_(report_ids))
            .order_by(Report.id)
        ).all()
        notes = db.session.scalar(
            select(func.count()).select_from(Note).where(Note.report_id.in_(report_ids))
        )
        events = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.report_id.in_(report_ids))
        )
    return [rows, notes, events]


def checked_rules(app):
    """The URL rules of the moderation and stats blueprints."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in {"moderation", "stats"}:
            continue
        unknown = rule.arguments - KNOWN_ARGUMENTS
        assert not unknown, f"teach the isolation test about {unknown} in {rule}"
        yield rule


def url(app, rule, **values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


@pytest.mark.parametrize("region", PARTNER_CODES)
def test_nothing_of_another_region_is_shown_counted_changed_or_exported(
    app, client, world, region
):
    foreign = {code: ids for code, ids in world.items() if code != region}
    foreign_ids = [report_id for ids in foreign.values() for report_id in ids]
    own_ids = world[region]
    client.post(
        "/moderation/login",
        data={"username": f"mod-{region.lower()}", "password": PASSWORD},
    )
    before = snapshot(app, foreign_ids)
    action = {
        "status": "rejected",
        "reason": "spam",
        "duplicate_of": str(own_ids[0]),
        "body": "sneaky note",
        "summary": "A sneaky summary of a foreign report.",
        "assignee": "",
        "governorate": region,
        "format": "csv",
        "governorates": list(foreign),
    }
    leaks = []

    def look(response, where, echoed) -> None:
        """Note every foreign marker or report id in a page, but the query's own."""
        body = response.get_data(as_text=True)
        for code in foreign:
            for kind in ("desc", "note", "sum"):
                if marker(code, kind) in body and marker(code, kind) not in echoed:
                    leaks.append((where, marker(code, kind)))
        for report_id in foreign_ids:
            if f"#{report_id}<" in body or f'/reports/{report_id}"' in body:
                leaks.append((where, report_id))

    for rule in checked_rules(app):
        methods = rule.methods & {"GET", "POST"}
        if "report_id" in rule.arguments:
            for report_id in foreign_ids:
                for method in methods:
                    target = url(app, rule, report_id=report_id)
                    response = client.open(target, method=method, data=action)
                    assert response.status_code == 404, (method, target)
        elif "user_id" in rule.arguments:
            with app.app_context():
                user_ids = db.session.scalars(select(User.id)).all()
            for user_id in user_ids:
                for method in methods:
                    target = url(app, rule, user_id=user_id)
                    response = client.open(target, method=method, data=action)
                    assert response.status_code == 403, (method, target)
        elif rule.endpoint not in {"moderation.login", "moderation.logout"}:
            for code in foreign:
                delegation = geography.delegations(code)[0].code
                for query in (
                    {},
                    {"q": marker(code, "desc")},
                    {"region": code},
                    {"delegation": delegation},
                    {"status": "in_review", "mine": "y"},
                ):
                    target = url(app, rule, **query)
                    sends = [("GET", None)] if "GET" in methods else []
                    if "POST" in methods:
                        # Once with every field, once with the fewest, which
                        # selects the most.
                        fewest = {"format": "csv", "with_description": "y"}
                        sends += [("POST", action), ("POST", fewest)]
                    for method, data in sends:
                        response = client.open(target, method=method, data=data)
                        if response.status_code != 403:
                            look(response, (method, target), set(query.values()))

    assert leaks == []
    assert snapshot(app, foreign_ids) == before
    queue = client.get("/moderation/", headers={"Accept-Language": "en"})
    assert f"<p>{len(own_ids)} reports</p>" in queue.get_data(as_text=True)
    assert "In review: <strong>2</strong>" in queue.get_data(as_text=True)
    export = client.post("/moderation/export", data={"format": "csv"}).get_data(
        as_text=True
    )
    rows = [line.split(",")[0] for line in export.splitlines()[1:]]
    assert sorted(map(int, rows)) == sorted(own_ids)
