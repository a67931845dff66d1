"""What bench/sqli_scan.py injects: each endpoint, its parameters, how to reach them.

Each ``Scan`` is one sqlmap run. Base values are valid, so that a payload in one
field arrives with every other field accepted and reaches the code behind it.
Scans run in three phases, so that no page sqlmap compares changes under it
because another scan writes: pages that only read, then forms that write only
to the trail (or erase a contact), then forms that change reports and accounts.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

READ, TRAIL, WRITE = 1, 2, 3
#: Routes left out on purpose, and why.
NOT_SCANNED = {
    ("moderation.logout", "POST"): (
        "reads nothing but its CSRF token; a scan would only sign itself out"
    ),
}
#: Fields in groups of three, scanned side by side: one sqlmap run per group.
REPORT_FIELD_GROUPS = (
    ("extra", "category", "setting"),
    ("governorate", "delegation", "occurred_on"),
    ("occurred_month", "occurred_year", "reporter"),
    ("age_range", "gender", "description"),
    ("wants_contact", "contact", "consent"),
)
QUEUE_FILTER_GROUPS = (
    ("q", "status", "category"),
    ("setting", "delegation", "mine"),
    ("received_from", "received_to", "page"),
)
EXPORT_FIELD_GROUPS = (
    ("format", "received_from", "received_to"),
    ("status", "category", "with_description"),
)


@dataclass(frozen=True)
class Scan:
    """One sqlmap run against one endpoint and a set of its parameters."""

    endpoint: str
    method: str
    #: Path and query string; ``*`` marks a path parameter to inject.
    url: str
    #: The query or form parameters sqlmap injects (its ``-p``).
    params: tuple[str, ...] = ()
    #: A POST's form fields, all valid; ``csrf_token`` is filled in by sqlmap.
    data: dict[str, str] | None = None
    #: Who is signed in: "admin", "moderator", or nobody.
    account: str | None = None
    #: The page sqlmap takes a fresh CSRF token from, if the form has one.
    csrf_page: str | None = None
    #: The page that shows this form: each of its fields must be injected.
    form_page: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    phase: int = READ

    def expected(self) -> set[str]:
        """What the traffic must show varied: parameters, cookies, the path."""
        names = set(self.params)
        names |= {f"cookie:{name}" for name in self.cookies if name in self.params}
        return names | ({"path"} if "*" in self.url else set())


@dataclass(frozen=True)
class Fixtures:
    """Ids and values in the scan's database that base requests start from."""

    asset_digest: str
    #: The day (UTC) the sample report and the fresh ones were filed.
    day: str
    #: A published report's governorate and category, and a counted one's.
    published: dict[str, str]
    counted: dict[str, str]
    receipt: str
    receipt_with_contact: str
    #: New Kairouan reports: one for each scan that acts on a report.
    fresh: list[int]
    colleague_id: int
    #: Accounts the account forms change, by form: role, password, active.
    targets: dict[str, int]
    signin: tuple[str, str]


def scans(f: Fixtures) -> list[Scan]:
    """Every scan of one run, in the order the summary lists them."""
    queue = SAMPLE_FILTERS | {
        "received_from": f.day,
        "received_to": f.day,
        "mine": "",
        "page": "1",
    }
    stats = {
        "governorate": "TN41",
        "category": f.counted["category"],
        "setting": f.counted["setting"],
        "period": "quarter",
    }
    export = {
        "format": "csv",
        "received_from": queue["received_from"],
        "received_to": queue["received_to"],
        "status": queue["status"],
        "category": queue["category"],
        "with_description": "y",
    }
    report, *others = (f"/moderation/reports/{id_}" for id_ in f.fresh)
    original, noted, summarised, assigned, moved = others[:5]
    role, password, active = (
        f"/moderation/accounts/{f.targets[form]}"
        for form in ("role", "password", "active")
    )
    signin_name, signin_password = f.signin
    return [
        *(
            page(endpoint, path, {"lang": "fr"}, account)
            for endpoint, path, account in LANGUAGE_ONLY
        ),
        Scan("public.help", "GET", "/help?lang=fr", ("lang",), cookies={"lang": "fr"}),
        page("public.published", "/published", f.published | {"page": "1"}, form=True),
        page("public.language", "/language/fr", {"next": "/help"}),
        Scan("public.language", "GET", "/language/fr*?next=%2Fhelp"),
        page("stats.index", "/stats/", stats, form=True),
        page("stats.data", "/stats/data.json", stats),
        # Every filter as a moderator; as an admin, what only admins have, and
        # the search, the one filter that is more than a comparison.
        *(
            page(
                "moderation.queue",
                "/moderation/",
                queue,
                "moderator",
                params=group,
                form=True,
            )
            for group in QUEUE_FILTER_GROUPS
        ),
        page(
            "moderation.queue",
            "/moderation/",
            queue | {"region": "TN41"},
            "admin",
            params=("region", "q"),
            form=True,
        ),
        page("moderation.dashboard_page", "/moderation/dashboard", {"region": "TN41"}),
        page(
            "moderation.dashboard_page",
            "/moderation/dashboard",
            {"region": "TN41"},
            "moderator",
        ),
        page("moderation.audit_trail", "/moderation/audit", {"page": "1"}),
        page("moderation.audit_trail", "/moderation/audit", {"page": "1"}, "moderator"),
        Scan("moderation.report", "GET", f"{report}*", account="moderator"),
        Scan("moderation.account", "GET", f"{role}*", account="admin"),
        Scan("static", "GET", "/static/app.js*"),
        Scan("asset", "GET", f"/assets/{f.asset_digest}*/app.js*"),
        # Forms that write only to the trail, or erase a contact.
        form(
            "moderation.login",
            "/moderation/login?next=%2Fmoderation%2Faudit",
            {"username": "kairouan", "password": "not the passphrase"},
            params=("username",),
            phase=TRAIL,
        ),
        form(
            "moderation.login",
            "/moderation/login?next=%2Fmoderation%2Faudit",
            {"username": "kairouan", "password": "not the passphrase"},
            params=("password",),
            phase=TRAIL,
        ),
        # Only a sign-in that succeeds reads next: each try signs in, so the
        # token comes from a page that first forgets the session.
        form(
            "moderation.login",
            "/moderation/login?next=%2Fmoderation%2Faudit",
            {"username": signin_name, "password": signin_password},
            params=("next",),
            page="/leave",
            shows_form=False,
            phase=TRAIL,
        ),
        form("public.status", "/status", {"code": f.receipt}, csrf=False, phase=TRAIL),
        form(
            "public.erase_contact",
            "/status/contact",
            {"code": f.receipt_with_contact},
            csrf=False,
            # The form shows only after a lookup; its one field is the code.
            shows_form=False,
            phase=TRAIL,
        ),
        # Likewise: every field as a moderator, the admins' own as an admin.
        *(
            form(
                "moderation.export_reports",
                "/moderation/export",
                export,
                "moderator",
                params=group,
                phase=TRAIL,
            )
            for group in EXPORT_FIELD_GROUPS
        ),
        form(
            "moderation.export_reports",
            "/moderation/export",
            export | {"governorates": "TN41", "with_contact": "y"},
            "admin",
            params=("governorates", "with_contact"),
            phase=TRAIL,
        ),
        # Forms that change reports and accounts.
        *(
            form("public.report", "/", REPORT, params=group)
            for group in REPORT_FIELD_GROUPS
        ),
        # The same token twice files once, so it gets a scan of its own.
        form(
            "public.report",
            "/",
            REPORT | {"submission": "AAAAbbbbCCCCddddEEEEffff"},
            params=("submission",),
        ),
        # The signed opening time is read before anything is filed.
        form("public.report", "/", REPORT | {"opened": "form"}, params=("opened",)),
        *with_path(
            form(
                "moderation.change_status",
                f"{report}/status",
                # Rejecting as a duplicate is the one move that looks up
                # another report, by the number typed.
                {
                    "status": "rejected",
                    "reason": "duplicate",
                    "duplicate_of": original.rsplit("/", 1)[1],
                    "service": "",
                },
                "moderator",
                page=report,
            )
        ),
        *with_path(
            form(
                "moderation.add_note",
                f"{noted}/notes",
                {"body": "Called the citizen back."},
                "moderator",
                page=noted,
            )
        ),
        *with_path(
            form(
                "moderation.write_summary",
                f"{summarised}/summary",
                {"summary": "A woman was refused a job because she might marry."},
                "moderator",
                page=summarised,
            )
        ),
        *with_path(
            form(
                "moderation.assign",
                f"{assigned}/assignee",
                {"assignee": str(f.colleague_id)},
                "moderator",
                page=assigned,
            )
        ),
        # An admin moves it: the report stays in sight after the first move.
        *with_path(
            form(
                "moderation.reassign",
                f"{moved}/governorate",
                {"governorate": "TN61"},
                "admin",
                page=moved,
            )
        ),
        form(
            "moderation.account_list",
            "/moderation/accounts",
            {
                "username": "sqlscan-new",
                "role": "moderator",
                "governorate": "TN61",
                "password": "a new account passphrase",
            },
            "admin",
        ),
        *with_path(
            form(
                "moderation.change_role",
                f"{role}/role",
                {"role": "moderator", "governorate": "TN61"},
                "admin",
                page=role,
            )
        ),
        *with_path(
            form(
                "moderation.reset_password",
                f"{password}/password",
                {"password": "another long passphrase"},
                "admin",
                page=password,
            )
        ),
        # A button with nothing but its token: only the address can be injected.
        *with_path(
            form(
                "moderation.toggle_active", f"{active}/active", {}, "admin", page=active
            )
        )[1:],
    ]


#: Queue filters that find the sample report, which the scan files itself.
SAMPLE_FILTERS = {
    "q": "olive",
    "status": "new",
    "category": "work",
    "setting": "work",
    "delegation": "TN4151",
}
SAMPLE_DESCRIPTION = "Refused a job at the olive press because she is a woman."
#: Pages whose only input is the language chosen in the address.
LANGUAGE_ONLY = (
    ("public.report", "/", None),
    ("public.receipt", "/receipt", None),
    ("public.status", "/status", None),
    ("public.leave", "/leave", None),
    ("moderation.login", "/moderation/login", None),
    ("moderation.account_list", "/moderation/accounts", "admin"),
    ("moderation.export_reports", "/moderation/export", "admin"),
)
#: A complete, valid report, with a made-up address to be contacted at.
REPORT = {
    "extra": "",
    "category": "harassment",
    "setting": "street",
    "governorate": "TN41",
    "delegation": "TN4151",
    "occurred_on": "",
    "occurred_month": "3",
    "occurred_year": str(date.today().year - 1),
    "reporter": "self",
    "age_range": "18_29",
    "gender": "woman",
    "description": "A man follows me every day near the school and insults me.",
    "wants_contact": "y",
    "contact": "citizen@example.org",
    "consent": "y",
}


def page(
    endpoint: str,
    path: str,
    query: dict[str, str],
    account: str | None = "admin",
    *,
    params: tuple[str, ...] | None = None,
    form: bool = False,
) -> Scan:
    """A GET page and its query (or ``params`` of it); public pages signed out.

    With ``form``, the page's own form must have no field that is not scanned.
    """
    if not endpoint.startswith("moderation."):
        account = None
    pairs = (f"{name}={quote(value, safe='')}" for name, value in query.items())
    url = f"{path}?{'&'.join(pairs)}"
    return Scan(
        endpoint,
        "GET",
        url,
        params or tuple(query),
        account=account,
        form_page=url if form else None,
    )


def form(
    endpoint: str,
    url: str,
    data: dict[str, str],
    account: str | None = None,
    *,
    params: tuple[str, ...] | None = None,
    csrf: bool = True,
    page: str | None = None,
    shows_form: bool = True,
    phase: int = WRITE,
) -> Scan:
    """A POST form whose fields (or ``params`` of them) sqlmap injects.

    ``page`` gives sqlmap its CSRF token and, if ``shows_form``, shows the form
    whose fields must all be scanned; by default the form's own address.
    """
    page = page or urlsplit(url).path
    return Scan(
        endpoint,
        "POST",
        url,
        params or tuple(data),
        data | ({"csrf_token": ""} if csrf else {}),
        account,
        csrf_page=page if csrf else None,
        form_page=page if shows_form else None,
        phase=phase,
    )


def with_path(scan: Scan) -> list[Scan]:
    """``scan``, and a scan of the number in its address instead of its fields."""
    marked = re.sub(r"/(\d+)/", r"/\1*/", scan.url, count=1)
    return [scan, replace(scan, url=marked, params=(), form_page=None)]


class FormFields(HTMLParser):
    """The fields of each form on a page, by the form's method and action path."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[tuple[str, str], set[str]] = {}
        self._fields: set[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            method = (found.get("method") or "get").upper()
            action = urlsplit(found.get("action") or self.page_path).path
            self._fields = self.forms.setdefault((method, action), set())
        elif self._fields is not None and found.get("name") not in (None, "csrf_token"):
            self._fields.add(found["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
