"""A phone that opens the report form and sends it, over plain HTTP/1.1.

Each citizen keeps its own cookie, as a browser would, so that the CSRF token of
the page it opened is the one its session holds. Nothing here prints what a
report says.
"""

import html
import http.client
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie

from kifikifek.geography import PARTNERS
from kifikifek.taxonomy import CATEGORIES, REPORTERS, SETTINGS

#: Every submission's description carries this word and its number, so that the
#: database can be checked afterwards for exactly the reports that were sent.
MARKER = "loadmark"
MARKED = re.compile(MARKER + r"(\d+)x")
REPORT_FORM = re.compile(r'<form[^>]*id="report"[^>]*>(.*?)</form>', re.DOTALL)
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
TIMEOUT = 60  # seconds: SQLite writers may queue for up to 15 s each


class NoForm(OSError):
    """The form page came back without the report form: tried again like no answer."""


@dataclass(frozen=True)
class Answer:
    """What the server said to one request: its status and where it sent us."""

    status: int
    location: str = ""

    @property
    def acknowledged(self) -> bool:
        """Whether this is the redirect to the receipt that follows a filing."""
        return self.status == 303 and self.location.endswith("/receipt")


def marker(number: int) -> str:
    """The word that marks submission ``number`` in its description."""
    return f"{MARKER}{number}x"


def report_fields(number: int) -> dict[str, str]:
    """A complete, valid report, varied by ``number``, marked with it."""
    return {
        "category": nth([category.key for category in CATEGORIES], number),
        "setting": nth(list(SETTINGS), number),
        "governorate": nth(list(PARTNERS), number),
        "delegation": "",
        "occurred_on": "",
        "occurred_month": str(1 + number % 12),
        "occurred_year": str(date.today().year - 1),
        "reporter": nth(list(REPORTERS), number),
        "age_range": "",
        "gender": "",
        "description": f"رجل يلاحقني كل يوم في الشارع قرب المعهد {marker(number)}",
        "contact": "",
        "consent": "y",
        "extra": "",  # the trap for scripts: people leave it empty
    }


def nth(keys: list[str], number: int) -> str:
    """One of ``keys``, in turn as ``number`` grows."""
    return keys[number % len(keys)]


class Citizen:
    """One browser: a cookie jar and a connection to the server at ``port``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[Answer, bytes]:
        """Send one request on a new connection; the answer and its body."""
        connection = self.send(method, path, body)
        try:
            return self.receive(connection)
        finally:
            connection.close()

    def send(
        self, method: str, path: str, body: str | None = None
    ) -> http.client.HTTPConnection:
        """Send a request and return its connection, for its answer later."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = {"Accept-Language": "ar"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        return connection

    def receive(self, connection: http.client.HTTPConnection) -> tuple[Answer, bytes]:
        """Read the answer on ``connection`` and keep the cookies it sets."""
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, response.headers.get("Location", "")), content

    def open_form(self) -> dict[str, str]:
        """Load the report form; its hidden fields (CSRF and submission tokens)."""
        answer, page = self.request("GET", "/")
        if answer.status != 200:
            raise NoForm(f"the form answered {answer.status}")
        form = REPORT_FORM.search(page.decode())
        if form is None:
            raise NoForm("no report form on the page")
        hidden = {}
        for tag in INPUT.findall(form.group(1)):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                hidden[attributes["name"]] = html.unescape(attributes.get("value", ""))
        return hidden

    def post(self, fields: dict[str, str]) -> Answer:
        """Send the report form with ``fields``."""
        return self.request("POST", "/", urllib.parse.urlencode(fields))[0]

    def double_tap(self, fields: dict[str, str]) -> tuple[Answer, Answer]:
        """Send the same form twice at once, on two connections, as a double tap."""
        body = urllib.parse.urlencode(fields)
        first = self.send("POST", "/", body)
        second = self.send("POST", "/", body)
        try:
            return self.receive(first)[0], self.receive(second)[0]
        finally:
            first.close()
            second.close()
