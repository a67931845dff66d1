"""The main job on real input: a real server, real HTTP, real tokens."""
# ruff: noqa: S310  (every URL here is http://127.0.0.1, built by the test)

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.conftest import report_fields
from tests.live import MODERATOR, live_server

DESCRIPTION = (
    "مدير الشركة رفض ترقيتي وقال إن المرأة مكانها في الدار، وأعطى المنصب لزميل."
)


class Browser:
    """Cookies, CSRF tokens and redirects, as a phone's browser would keep them."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar)
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        """Post a form with the token of the page at ``path``; the page and URL."""
        page = self.get(path)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        if token:
            fields = {**fields, "csrf_token": token.group(1)}
        body = urllib.parse.urlencode(fields)
        request = urllib.request.Request(
            self.base + path,
            data=body.encode(),
            headers={"Accept-Language": "ar"},
        )
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode(), response.url


@pytest.fixture
def server(tmp_path):
    with live_server(tmp_path) as (base, log):
        yield base, log


def test_report_filed_over_http_reaches_its_moderator(server):
    base, log = server
    citizen = Browser(base)

    receipt, url = citizen.post("/", report_fields(description=DESCRIPTION))

    assert url == base + "/receipt"
    assert '<html lang="ar" dir="rtl">' in receipt
    code = re.search(r'class="receipt"[^>]*>([0-9A-Z-]+)<', receipt).group(1)
    assert "القيروان" in receipt  # the Kairouan association reads it
    status, _ = citizen.post("/status", {"code": code})
    assert '<section class="status"' in status

    moderator = Browser(base)
    name, password = MODERATOR
    queue, url = moderator.post(
        "/moderation/login", {"username": name, "password": password}
    )
    assert url == base + "/moderation/"
    report_id = re.search(r'href="/moderation/reports/(\d+)"', queue).group(1)
    assert DESCRIPTION in moderator.get(f"/moderation/reports/{report_id}")
    logged = [line for line in log.read_text().splitlines() if "Listening" not in line]
    assert not [line for line in logged if DESCRIPTION in line or "127.0.0.1" in line]
