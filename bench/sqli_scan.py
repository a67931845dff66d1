"""sqlmap against every form, query and path parameter of the site, on a fresh server.

Run: ``python bench/sqli_scan.py [--database sqlite|postgres] [--jobs 3]``.

Makes a database (a SQLite file in a temporary folder, or a PostgreSQL database
that it creates and drops), fills it with demonstration reports and accounts,
serves it with gunicorn on wsgi.py, signs an admin and a Kairouan moderator in,
and runs the shared ``sqli-scan`` tool once per endpoint and parameter set (see
sqli_targets.py). Every route of the app must be scanned or listed as left out,
every field of every form must be injected, and sqlmap's own traffic must show
each parameter varied. Prints one line per scan, the server errors (500) with
the request that caused them, and exits 1 on any finding, error or gap.

Throttles are off on this server, so that payloads reach the code rather than a
"too many attempts" page: sign-in limits, and the report form's rate limit and
minimum fill time where the app has them.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import select
from sqli_targets import (
    NOT_SCANNED,
    SAMPLE_DESCRIPTION,
    SAMPLE_FILTERS,
    Fixtures,
    FormFields,
    Scan,
    scans,
)

from kifikifek import create_app
from kifikifek.accounts import create_account
from kifikifek.demo import make_reports
from kifikifek.extensions import db
from kifikifek.models import Report, utcnow
from kifikifek.reports import file_report
from kifikifek.statistics import COUNTED

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "sqli-scan"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
#: Who the scans sign in as: user name, password, role, governorate.
ACCOUNTS = {
    "admin": ("sqlscan-admin", "admin scan passphrase", "admin", None),
    "moderator": ("kairouan", "kairouan scan passphrase", "moderator", "TN41"),
}
#: sqlmap's verdict when it finds nothing; any other CRITICAL line is an error.
NOTHING_FOUND = "all tested parameters do not appear to be injectable"
SCAN_SECONDS = 900
DBMS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
#: Flask-WTF says why it refuses a form: a scan whose tokens were refused
#: tested nothing. Gunicorn merges this into its own logging.
CSRF_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING", "handlers": []},
    "loggers": {
        "flask_wtf.csrf": {"level": "INFO", "handlers": ["refusals"], "propagate": 0}
    },
    "handlers": {
        "refusals": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "refusal",
        }
    },
    "formatters": {"refusal": {"format": "csrf.refused: %(message)s"}},
}


@dataclass
class Result:
    """What one scan found: its verdict, its time, and what the traffic showed."""

    scan: Scan
    #: The route's rule, which names the path parameters.
    rule: str
    verdict: str = "error"
    seconds: float = 0.0
    requests: int = 0
    details: list[str] = field(default_factory=list)
    #: Requests answered 500: (request line, body).
    failures: list[tuple[str, str]] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES, help="server, no database")
    parser.add_argument("--jobs", type=int, default=3, help="scans at once")
    parser.add_argument("--only", help="run only the scans whose endpoint matches")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--tool", type=Path, default=TOOL)
    options = parser.parse_args()

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="sqli-scan-"))
    with database(options.database, options.postgres_url, work) as url:
        fixtures, routes = prepare(url)
        with server(url, work) as (base, log):
            sessions = {name: sign_in(base, name) for name in ACCOUNTS}
            table = scans(fixtures)
            gaps = coverage(table, routes) + unscanned_fields(table, base, sessions)
            if options.only:
                table = [s for s in table if re.search(options.only, s.endpoint)]
            runner = Runner(
                base, sessions, routes, options.tool, work, DBMS[options.database]
            )
            results = runner.run_all(table, options.jobs)
        server_trouble = trouble_in(log)

    print_summary(results, routes, gaps, server_trouble, time.monotonic() - started)
    if options.keep:
        print(f"Logs and traffic kept in {work}")
    else:
        shutil.rmtree(work)
    failed = gaps or server_trouble or any(r.verdict != "clean" for r in results)
    return 1 if failed else 0


@contextmanager
def database(kind: str, server_url: str, work: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file in ``work``, or a PostgreSQL one."""
    if kind == "sqlite":
        yield f"sqlite:///{work / 'scan.sqlite'}"
        return
    import psycopg

    name = f"kifikifek_sqlscan_{secrets.token_hex(6)}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def prepare(url: str) -> tuple[Fixtures, dict[tuple[str, str], str]]:
    """Fill the database; return the scans' fixtures and the app's routes."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "setup", "LOG_LEVEL": "WARNING"}
    )
    routes = {
        (rule.endpoint, method): rule.rule
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    with app.app_context():
        make_reports(300, seed=2017)
        for name, password, role, governorate in ACCOUNTS.values():
            create_account(name, role, password, governorate)
        users = {
            name: create_account(name, "moderator", "scan target passphrase", region)
            for name, region in (
                ("kairouan-2", "TN41"),
                ("sqlscan-signin", "TN23"),
                ("sqlscan-role", "TN61"),
                ("sqlscan-password", "TN61"),
                ("sqlscan-active", "TN61"),
            )
        }
        sample = kairouan_report(SAMPLE_DESCRIPTION)
        with_contact = kairouan_report("Insulted on the bus.", "citizen@example.org")
        fresh = [kairouan_report(f"Report {n} for the scan.").id for n in range(6)]
        published = db.session.scalars(
            select(Report).where(Report.status == "published")
        ).first()
        counted = db.session.scalars(
            select(Report).where(
                Report.status.in_(COUNTED), Report.governorate_code == "TN41"
            )
        ).first()
        fixtures = Fixtures(
            asset_digest=app.extensions["kifikifek.assets"]["digests"]["app.js"],
            day=utcnow().date().isoformat(),
            published={
                "governorate": published.governorate_code,
                "category": published.category,
            },
            counted={"category": counted.category, "setting": counted.setting},
            receipt=sample.receipt_code,
            receipt_with_contact=with_contact.receipt_code,
            fresh=fresh,
            colleague_id=users["kairouan-2"].id,
            targets={
                form: users[f"sqlscan-{form}"].id
                for form in ("role", "password", "active")
            },
            signin=("sqlscan-signin", "scan target passphrase"),
        )
        db.session.remove()
        db.engine.dispose()
    return fixtures, routes


def kairouan_report(description: str, contact: str | None = None) -> Report:
    """File a report in Kairouan Nord that the sample filters find."""
    return file_report(
        category=SAMPLE_FILTERS["category"],
        setting=SAMPLE_FILTERS["setting"],
        governorate_code="TN41",
        delegation_code=SAMPLE_FILTERS["delegation"],
        occurred_on=date.today(),
        occurred_precision="day",
        reporter="self",
        description=description,
        contact=contact,
        language="en",
    )


@contextmanager
def server(url: str, work: Path) -> Iterator[tuple[str, Path]]:
    """Serve wsgi.py with gunicorn on a free loopback port; yield (URL, log)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(16),
        "LANG": "C.UTF-8",
        "KIFIKIFEK_SIGN_IN_ACCOUNT_LIMITS": '""',
        "KIFIKIFEK_SIGN_IN_CLIENT_LIMITS": '""',
        "KIFIKIFEK_REPORT_RATE_LIMITS": '""',
        "KIFIKIFEK_MIN_FILL_SECONDS": "0",
        # Counted afresh for each request, so payloads reach the database.
        "KIFIKIFEK_STATS_CACHE_SECONDS": "0",
        # The quick exit must not send sqlmap off this machine.
        "KIFIKIFEK_QUICK_EXIT_URL": f"{base}/moderation/login",
        # A worker that crashes writes where, in Python, into the log.
        "PYTHONFAULTHANDLER": "1",
    }
    log = work / "server.log"
    log_config = work / "logging.json"
    log_config.write_text(json.dumps(CSRF_LOGGING))
    command = [
        *(sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"),
        *("--workers", "4", "--access-logfile", "-", "--log-config-json", log_config),
        # Not the shared default socket, which other servers here may use.
        "--no-control-socket",
        # Status first, then the request; no client address.
        *("--access-logformat", "%(s)s %(r)s"),
        "wsgi:app",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_for(base, process, log)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/help", timeout=2).close()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("server did not start:\n" + log.read_text()) from None
            time.sleep(0.2)


def sign_in(base: str, account: str) -> CookieJar:
    """The cookies of a signed-in session of ``account``."""
    name, password, *_ = ACCOUNTS[account]
    jar = CookieJar()
    page = fetch(jar, base + "/moderation/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    credentials = {"csrf_token": token, "username": name, "password": password}
    fetch(jar, base + "/moderation/login", urlencode(credentials).encode())
    if "/moderation/logout" not in fetch(jar, base + "/moderation/"):
        raise SystemExit(f"could not sign {account} in")
    return jar


def fetch(jar: CookieJar, url: str, body: bytes | None = None) -> str:
    """A page's text, with the cookies of ``jar``; redirects are followed."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(url, body, timeout=30) as response:
        return response.read().decode()


def session_cookie(jar: CookieJar) -> str:
    return next(cookie.value for cookie in jar if cookie.name == "session")


def coverage(table: list[Scan], routes: dict[tuple[str, str], str]) -> list[str]:
    """Routes with no scan, and path parameters that no scan injects."""
    gaps = []
    for (endpoint, method), rule in sorted(routes.items()):
        if (endpoint, method) in NOT_SCANNED:
            continue
        mine = [s for s in table if (s.endpoint, s.method) == (endpoint, method)]
        if not mine:
            gaps.append(f"uncovered route: {method} {rule}")
        arguments = rule.count("<")
        if arguments and not any(s.url.count("*") == arguments for s in mine):
            gaps.append(f"uncovered path parameters: {method} {rule}")
    gaps += [
        f"scan of an unknown route: {s.method} {s.endpoint}"
        for s in table
        if (s.endpoint, s.method) not in routes
    ]
    return gaps


def unscanned_fields(
    table: list[Scan], base: str, sessions: dict[str, CookieJar]
) -> list[str]:
    """Fields of the forms the pages show that no scan of their endpoint injects."""
    injected = defaultdict(set)
    for scan in table:
        injected[scan.endpoint, scan.method] |= set(scan.params)
    gaps = []
    for scan in table:
        if not scan.form_page:
            continue
        forms = FormFields(urlsplit(scan.form_page).path)
        jar = sessions.get(scan.account) or CookieJar()
        forms.feed(fetch(jar, base + scan.form_page))
        fields = forms.forms.get((scan.method, urlsplit(scan.url).path))
        if fields is None:
            gaps.append(f"no {scan.method} form for {scan.url} on {scan.form_page}")
            continue
        for name in sorted(fields - injected[scan.endpoint, scan.method]):
            gaps.append(f"uncovered form field: {scan.method} {scan.endpoint} {name}")
    return sorted(set(gaps))


@dataclass
class Runner:
    """Runs scans against one server, with the sessions signed in there."""

    base: str
    sessions: dict[str, CookieJar]
    routes: dict[tuple[str, str], str]
    tool: Path
    work: Path
    #: sqlmap's name of the database behind the server: its payloads only.
    dbms: str

    def run_all(self, table: list[Scan], jobs: int) -> list[Result]:
        """Run the scans phase by phase, ``jobs`` at a time."""
        results: dict[int, Result] = {}
        for phase in sorted({scan.phase for scan in table}):
            numbered = [(n, s) for n, s in enumerate(table) if s.phase == phase]
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = {n: pool.submit(self.run, s, n) for n, s in numbered}
                results |= {n: future.result() for n, future in futures.items()}
        return [results[n] for n in sorted(results)]

    def run(self, scan: Scan, number: int) -> Result:
        """One sqlmap run through the shared tool, judged by its output and traffic."""
        result = Result(scan, self.routes[scan.endpoint, scan.method])
        traffic = self.work / f"traffic-{number:02d}.txt"
        started = time.monotonic()
        finished = subprocess.run(  # noqa: S603  (the shared tool, our arguments)
            [str(self.tool), self.base + scan.url, *self.arguments(scan, traffic)],
            capture_output=True,
            text=True,
            timeout=SCAN_SECONDS + 120,
            env={**os.environ, "SQLI_TIMEOUT": str(SCAN_SECONDS)},
            check=False,
        )
        result.seconds = time.monotonic() - started
        judge(result, finished)
        read_traffic(result, traffic)
        if not (result.details or result.failures):
            traffic.unlink(missing_ok=True)
        print(line(result), *(f"    {text}" for text in result.details), sep="\n")
        return result

    def arguments(self, scan: Scan, traffic: Path) -> list[str]:
        """sqlmap's options for ``scan``, after the tool's own."""
        # The tool's answer, and two more: after a POST, follow a redirect with
        # a GET, as a browser does; where the path is marked, inject only it.
        answers = "anti-CSRF=Y,resend original POST=N,non-custom=N"
        arguments = ["-t", str(traffic), "--answers", answers, "--dbms", self.dbms]
        # The app has no firewall in front; the probe for one only adds noise.
        arguments.append("--skip-waf")
        if scan.params:
            arguments += ["-p", ",".join(scan.params)]
        if scan.data is not None:
            arguments += ["--data", urlencode(scan.data)]
        if scan.csrf_page:
            page = self.base + scan.csrf_page
            arguments += ["--csrf-token", "csrf_token", "--csrf-url", page]
        cookies = dict(scan.cookies)
        if scan.account:
            cookies["session"] = session_cookie(self.sessions[scan.account])
        if cookies:
            pairs = "; ".join(f"{name}={value}" for name, value in cookies.items())
            arguments += ["--cookie", pairs]
        return arguments


def judge(result: Result, finished: subprocess.CompletedProcess) -> None:
    """The tool's verdict, and every sqlmap complaint other than "nothing found"."""
    output = finished.stdout + finished.stderr
    complaints = [
        text.strip()
        for text in re.findall(r"\[(?:CRITICAL|ERROR)\] (.*)", output)
        if NOTHING_FOUND not in text
    ]
    if "sqli-scan: INJECTABLE" in output:
        result.verdict = "INJECTABLE"
        result.details += [
            text.strip()
            for text in output.splitlines()
            if text.strip().startswith(("Parameter:", "Type:", "Title:", "Payload:"))
        ]
    elif finished.returncode != 0 or complaints:
        result.verdict = "error"
        result.details += complaints or output.strip().splitlines()[-5:]
    elif "sqli-scan: no injection found" in output and NOTHING_FOUND in output:
        result.verdict = "clean"
    else:
        result.details += output.strip().splitlines()[-5:]


REQUEST = re.compile(r"^HTTP request \[#\d+\]:$")
ANSWER = re.compile(r"^HTTP (?:response|redirect) \[#\d+\] \((\d{3})")


def read_traffic(result: Result, traffic: Path) -> None:
    """Count requests, find the 500s, and check that each parameter was varied."""
    scan = result.scan
    base_values = values(scan.url, urlencode(scan.data or {}), "")
    varied: set[str] = set()
    request_line, headers, body, state = "", [], [], "idle"
    if not traffic.exists():
        result.details.append("sqlmap wrote no traffic")
        return
    with traffic.open(encoding="utf-8", errors="replace") as lines:
        for text in lines:
            text = text.rstrip("\r\n")
            if REQUEST.match(text):
                result.requests += 1
                request_line, headers, body, state = "", [], [], "line"
            elif state == "line":
                request_line, state = text, "headers"
            elif state == "headers":
                if text:
                    headers.append(text)
                else:
                    state = "body"
            elif (answer := ANSWER.match(text)) and state == "body":
                state = "idle"
                sent = values(
                    request_line.split(" ")[1], "\n".join(body).strip(), headers
                )
                varied |= {k for k, v in sent.items() if base_values.get(k) != v}
                if answer.group(1) == "500":
                    result.failures.append((request_line, "\n".join(body).strip()))
            elif state == "body":
                body.append(text)
    missed = scan.expected() - varied
    if missed:
        result.details.append("never varied: " + ", ".join(sorted(missed)))
        if result.verdict == "clean":
            result.verdict = "error"


def values(target: str, body: str, headers: list[str] | str) -> dict[str, str]:
    """The parameters of a request: query, form body, cookies and the path."""
    parts = urlsplit(target)
    found = {"path": parts.path.replace("*", "")}
    found |= dict(parse_qsl(parts.query, keep_blank_values=True))
    found |= dict(parse_qsl(body, keep_blank_values=True))
    for header in headers or []:
        if header.lower().startswith("cookie:"):
            for pair in header.split(":", 1)[1].split(";"):
                name, _, value = pair.strip().partition("=")
                found[f"cookie:{name}"] = value
    return found


#: Lines of the server's log that tell of a crash, a hang or a Python error.
TROUBLE = re.compile(
    r"^500 |was sent SIG|WORKER TIMEOUT|Fatal Python error|Traceback|^  File |Error: "
    r"|^csrf.refused: "
)


def trouble_in(log: Path) -> list[str]:
    """Requests answered 500 (from the access log), and crashed or hung workers."""
    return [
        text.rstrip()
        for text in log.read_text(errors="replace").splitlines()
        if TROUBLE.search(text)
    ]


def line(result: Result) -> str:
    scan = result.scan
    path = re.findall(r"<(?:[^<>]*:)?(\w+)>", result.rule)
    what = ", ".join(scan.params) or "address: " + ", ".join(path)
    who = f" as {scan.account}" if scan.account else ""
    failures = f", {len(result.failures)} answered 500" if result.failures else ""
    return (
        f"{result.verdict:10} {scan.method:4} {scan.endpoint} [{what}]{who}"
        f" — {result.seconds:.0f} s, {result.requests} requests{failures}"
    )


def print_summary(
    results: list[Result],
    routes: dict[tuple[str, str], str],
    gaps: list[str],
    server_trouble: list[str],
    seconds: float,
) -> None:
    print("\nsqlmap, one line per endpoint and parameter set:")
    for result in results:
        print(line(result))
        for detail in result.details:
            print(f"    {detail}")
        for request_line, body in result.failures[:3]:
            print(f"    500 after: {request_line}  body: {body or '-'}")
    for (endpoint, method), reason in NOT_SCANNED.items():
        print(f"not scanned  {method:4} {endpoint}: {reason}")
    for gap in gaps:
        print(gap)
    answered_500 = sum(text.startswith("500 ") for text in server_trouble)
    refusals = sum(text.startswith("csrf.refused") for text in server_trouble)
    print(
        f"server: {answered_500} requests answered 500, {refusals} forms refused"
        f" for their CSRF token, {len(server_trouble)} lines of trouble in all"
    )
    for text in server_trouble[:40]:
        print(f"    {text}")
    verdicts = Counter(result.verdict for result in results)
    counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(verdicts.items()))
    print(f"{len(results)} scans ({counts}) of {len(routes)} routes in {seconds:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
