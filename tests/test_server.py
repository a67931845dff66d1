"""The main job on real input: a real server, real HTTP, real tokens."""
# ruff: noqa: S310  (every URL here is http://127.0.0.1, built by the test)

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import report_fields

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = (
    "مدير الشركة رفض ترقيتي وقال إن المرأة مكانها في الدار، وأعطى المنصب لزميل."
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite'}",
        "SECRET_KEY": "live-test-key",
        "LANG": "C.UTF-8",
    }
    flask = [sys.executable, "-m", "flask", "--app", "kifikifek"]
    subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [
            *flask,
            "create-user",
            "kairouan",
            "--role",
            "moderator",
            "--governorate",
            "TN41",
        ],
        input="kairouan passphrase\n",
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/help", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("server did not start:\n" + log.read_text())
            time.sleep(0.2)
    yield base, log
    process.terminate()
    process.wait(timeout=10)


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
    queue, url = moderator.post(
        "/moderation/login", {"username": "kairouan", "password": "kairouan passphrase"}
    )
    assert url == base + "/moderation/"
    report_id = re.search(r'href="/moderation/reports/(\d+)"', queue).group(1)
    assert DESCRIPTION in moderator.get(f"/moderation/reports/{report_id}")
    logged = [line for line in log.read_text().splitlines() if "Listening" not in line]
    assert not [line for line in logged if DESCRIPTION in line or "127.0.0.1" in line]
