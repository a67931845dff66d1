"""What the fuzz tests share: the fields each endpoint reads, values that make
sense for them, submissions that go through, and the checks every answer must
pass."""

import inspect
import json
import os
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse
from wtforms.fields.core import UnboundField

from kifikifek import geography, receipts
from kifikifek.i18n import LANGUAGES
from kifikifek.moderation.account_forms import (
    AccountForm,
    ConfirmForm,
    PasswordForm,
    RoleForm,
)
from kifikifek.moderation.forms import (
    AssignForm,
    ExportForm,
    FilterForm,
    LoginForm,
    NoteForm,
    ReassignForm,
    StatusForm,
    SummaryForm,
)
from kifikifek.public.forms import PublishedFilterForm, ReceiptForm, ReportForm
from kifikifek.stats.forms import PERIOD_NAMES, StatsFilterForm
from kifikifek.taxonomy import (
    AGE_RANGES,
    CATEGORIES,
    GENDERS,
    REFERRAL_SERVICES,
    REJECTION_REASONS,
    REPORTERS,
    SETTINGS,
    STATUSES,
)
from tests.conftest import PASSWORD, report_fields
from tests.fuzz_world import ACTORS, DECOY, World
from tests.hostile import DATES, NUMBERS, TYPED, hostile_text

#: Examples per endpoint and role; KIFIKIFEK_FUZZ_EXAMPLES=5000 searches harder.
EXAMPLES = int(os.environ.get("KIFIKIFEK_FUZZ_EXAMPLES", "15"))


def field_names(form_class: type) -> list[str]:
    """The names of the fields a form class declares, in declaration order."""
    fields = inspect.getmembers(form_class, lambda v: isinstance(v, UnboundField))
    fields.sort(key=lambda pair: pair[1].creation_counter)
    return [name for name, _ in fields]


#: The form behind each endpoint that takes a POST; None for a bare button.
POSTED = {
    "public.report": ReportForm,
    "public.status": ReceiptForm,
    "public.erase_contact": ReceiptForm,
    "moderation.login": LoginForm,
    "moderation.logout": None,
    "moderation.account_list": AccountForm,
    "moderation.change_role": RoleForm,
    "moderation.reset_password": PasswordForm,
    "moderation.toggle_active": ConfirmForm,
    "moderation.export_reports": ExportForm,
    "moderation.change_status": StatusForm,
    "moderation.add_note": NoteForm,
    "moderation.write_summary": SummaryForm,
    "moderation.assign": AssignForm,
    "moderation.reassign": ReassignForm,
}
#: What each page that answers a GET reads from its query string, besides the
#: ``lang`` that every page reads.
QUERIED = {
    "static": [],
    "asset": [],
    "public.report": [],
    "public.receipt": [],
    "public.status": field_names(ReceiptForm),
    "public.published": [*field_names(PublishedFilterForm), "page"],
    "public.help": [],
    "public.language": ["next"],
    "public.leave": [],
    "moderation.login": [*field_names(LoginForm), "next"],
    "moderation.account_list": [],
    "moderation.account": [],
    "moderation.dashboard_page": ["region"],
    "moderation.queue": [*field_names(FilterForm), "page"],
    "moderation.export_reports": field_names(ExportForm),
    "moderation.audit_trail": ["page"],
    "moderation.report": [],
    "stats.index": field_names(StatsFilterForm),
    "stats.data": field_names(StatsFilterForm),
}
#: Every format the export offers.
FORMATS = [choice.value for choice in ExportForm.format.kwargs["choices"]]
#: Endpoints whose every accepted request checks or sets a password, which
#: takes a quarter of a second: they get fewer examples.
SLOW = {"moderation.login", "moderation.account_list", "moderation.reset_password"}


def roles(endpoint: str) -> list[str]:
    """Who fuzzes ``endpoint``."""
    if endpoint.startswith("moderation.") and endpoint != "moderation.login":
        return list(ACTORS)
    return ["anonymous"]


def fuzzing(endpoint: str) -> settings:
    """Hypothesis settings for ``endpoint``: its share of examples, and no
    deadline, since a password check takes a quarter of a second."""
    return settings(
        max_examples=max(EXAMPLES // 4, 3) if endpoint in SLOW else EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def receipt_code(world: World) -> st.SearchStrategy[str]:
    """A real receipt code, typed as people type them."""
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    return st.sampled_from(world.receipt_codes).flatmap(
        lambda code: st.sampled_from(
            (
                code,
                receipts.display(code),
                code.lower(),
                receipts.display(code).replace("0", "O").replace("1", "l"),
                code.translate(arabic),
                f" {receipts.display(code)}\n",
                code[:-1],
            )
        )
    )


def plausible(world: World) -> dict[str, st.SearchStrategy[str]]:
    """Values in each field's own domain, whatever form the field is in."""
    governorates = sorted(g.code for g in geography.governorates())
    delegations = sorted(d.code for d in geography.delegations())
    ids = st.sampled_from(world.report_ids).map(str)
    this_year = date.today().year
    dates = st.one_of(st.dates().map(date.isoformat), st.sampled_from(DATES))
    ticked = st.sampled_from(("y", "", "on", "false", "0"))
    return {
        "submission": st.text("abcXYZ019_-", min_size=24, max_size=24),
        "extra": st.just(""),
        # A signed opening time: forged, empty or old ones must bring the form back.
        "opened": st.sampled_from(["", "form", "form.AAAAAA.forged", "x" * 300]),
        "category": st.sampled_from([category.key for category in CATEGORIES]),
        "setting": st.sampled_from(list(SETTINGS)),
        "governorate": st.sampled_from(governorates + ["", "TN4151"]),
        "governorates": st.sampled_from(governorates),
        "delegation": st.sampled_from(["", *delegations]),
        "region": st.sampled_from(["national", *governorates]),
        "occurred_on": dates,
        "occurred_month": st.integers(0, 13).map(str),
        "occurred_year": st.integers(1989, this_year + 1).map(str),
        "received_from": dates,
        "received_to": dates,
        "reporter": st.sampled_from(list(REPORTERS)),
        "age_range": st.sampled_from(["", *AGE_RANGES]),
        "gender": st.sampled_from(["", *GENDERS]),
        "description": st.sampled_from(TYPED),
        "wants_contact": ticked,
        "consent": ticked,
        "mine": ticked,
        "with_description": ticked,
        "with_contact": ticked,
        "contact": st.sampled_from(
            ("", "98 123 456", "+216 98 123 456", "٩٨١٢٣٤٥٦", "salma@example.tn")
        ),
        "code": receipt_code(world),
        "username": st.one_of(
            st.sampled_from([*world.users, "ADMIN", "Decoy "]),
            st.from_regex(r"[A-Za-z0-9_.-]{1,70}", fullmatch=True),
        ),
        "password": st.sampled_from((PASSWORD, "short", PASSWORD * 40)),
        "role": st.sampled_from(("moderator", "admin")),
        "status": st.sampled_from(list(STATUSES)),
        "reason": st.sampled_from(list(REJECTION_REASONS)),
        "service": st.sampled_from(list(REFERRAL_SERVICES)),
        "duplicate_of": ids,
        "assignee": st.sampled_from(["", *map(str, world.users.values())]),
        "body": st.sampled_from(TYPED),
        "summary": st.sampled_from(
            ("A woman was paid less than the men.", "Appelez le 98 123 456", TYPED[1])
        ),
        "format": st.sampled_from(FORMATS),
        "q": st.sampled_from(TYPED).map(str.split).flatmap(st.sampled_from),
        "page": st.integers(-3, 9).map(str) | st.sampled_from(NUMBERS),
        "period": st.sampled_from(list(PERIOD_NAMES)),
        "next": st.sampled_from(
            ("/moderation/", "/moderation/reports/1", "/stats/?period=year", "/")
        ),
        "lang": st.sampled_from(list(LANGUAGES)),
    }


def valid_submissions(world: World, endpoint: str) -> list[dict[str, str]]:
    """Submissions of ``endpoint`` that go through, or nearly, to disturb from:
    one for each path that the view takes with good input."""
    helper = str(world.users["helper-tn41"])
    kairouan = str(world.report_ids_in("TN41")[0])
    return {
        "public.report": [
            report_fields(),
            report_fields(
                occurred_on="2024-02-29", wants_contact="y", contact="+216 98 123 456"
            ),
        ],
        "public.status": [{"code": world.receipt_codes[0]}],
        "public.erase_contact": [{"code": world.receipt_codes[1]}],
        "moderation.login": [
            {"username": DECOY, "password": PASSWORD},
            {"username": DECOY, "password": "not the password"},
        ],
        "moderation.logout": [{}],
        "moderation.account_list": [
            {"username": "newcomer", "role": "moderator", "governorate": "TN41"}
            | {"password": PASSWORD}
        ],
        "moderation.change_role": [
            {"role": "moderator", "governorate": "TN23"},
            {"role": "admin", "governorate": ""},
        ],
        "moderation.reset_password": [{"password": PASSWORD}],
        "moderation.toggle_active": [{}],
        "moderation.export_reports": [
            *({"format": name, "with_description": "y"} for name in FORMATS),
            {"format": "csv", "with_contact": "y", "governorates": "TN41"}
            | {"status": "new", "category": "work", "received_from": "2024-01-01"},
        ],
        "moderation.change_status": [
            {"status": "in_review"},
            {"status": "rejected", "reason": "spam"},
            {"status": "rejected", "reason": "duplicate", "duplicate_of": kairouan},
            {"status": "referred", "service": "legal_aid"},
            {"status": "published"},
        ],
        "moderation.add_note": [{"body": "Called her back: she comes on Monday."}],
        "moderation.write_summary": [{"summary": "A woman was paid less than men."}],
        "moderation.assign": [{"assignee": ""}, {"assignee": helper}],
        "moderation.reassign": [{"governorate": "TN23"}],
    }[endpoint]


@st.composite
def disturbed(
    draw,
    valid: list[dict[str, str]],
    names: list[str],
    values: dict[str, st.SearchStrategy[str]],
) -> list[tuple[str, str]]:
    """Fields that start from one of ``valid`` and drift: a few fields, or many,
    take other values of their kind, hostile text, nothing, or several values;
    unknown fields join.

    Often nothing or little drifts, so that most requests reach the view's
    action; and a failure shrinks towards the least that breaks.
    """
    start = draw(st.sampled_from(valid)) if valid else {}
    few = st.sets(st.sampled_from(names), max_size=2) if names else st.just(set())
    changed = draw(st.just(set()) | few | st.sets(st.sampled_from(names or [""])))
    ways = ("other", "other", "hostile", "missing", "empty", "many")
    pairs = []
    for name in names:
        how = draw(st.sampled_from(ways)) if name in changed else "kept"
        if how == "kept" and name in start:
            pairs.append((name, start[name]))
        elif how == "other":
            pairs.append((name, draw(values[name])))
        elif how == "hostile":
            pairs.append((name, draw(hostile_text())))
        elif how == "empty":
            pairs.append((name, ""))
        elif how == "many":
            repeats = draw(st.lists(values[name] | hostile_text(), min_size=2))
            pairs += [(name, value) for value in repeats]
    unknown = st.sampled_from(
        ("csrf_token", "id", "role", "is_admin", "_method", "_external", "_anchor")
    )
    extras = st.tuples(unknown | st.text(max_size=8), hostile_text())
    return pairs + draw(st.lists(extras, max_size=2))


def check_answer(
    response: TestResponse, *, oversized: bool = False, language: str | None = None
) -> None:
    """What every answer must be: no server error, even in a stream; 413 for
    too long a request; pages in the language asked for, JSON that parses.

    The client has checked HTML pages already (see ``CheckingClient``).
    """
    body = response.get_data()  # runs a streamed export to its end
    response.close()  # as a server would: a static file's stays open otherwise
    redirect = 300 <= response.status_code < 400
    assert response.status_code < 500, response.status_code
    if oversized:
        # Refused unread, unless refused, or signed out, before it was read.
        refused = response.status_code in {403, 404, 413}
        assert refused or response.request.path == "/moderation/login"
    if response.mimetype == "application/json":
        json.loads(body)
    if language in LANGUAGES and response.mimetype == "text/html" and not redirect:
        assert f'<html lang="{language}"' in body.decode(), body.decode()[:300]
