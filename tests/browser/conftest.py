"""Playwright on Debian's Chromium, at a phone's size, against a real server."""

import os
import shutil
from pathlib import Path

import pytest

from tests.live import live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", "instance/screenshots"))

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("no Chromium: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, cut off from every host but this one."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live server shared by the tests of one module."""
    with live_server(tmp_path_factory.mktemp("live")) as (base, _log):
        yield base


@pytest.fixture
def shoot(request):
    """Save a full-page screenshot named after the test."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, label: str) -> None:
        name = f"{request.node.name}-{label}.png".replace("/", "_")
        page.screenshot(path=SCREENSHOTS / name, full_page=True)

    return take
