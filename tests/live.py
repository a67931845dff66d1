"""A real server for end-to-end tests: gunicorn on wsgi.py, as in production."""
# ruff: noqa: S310  (every URL here is http://127.0.0.1, built by the test)

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import CONTACT_KEY

ROOT = Path(__file__).resolve().parent.parent
MODERATOR = ("kairouan", "kairouan passphrase")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(folder: Path) -> Iterator[tuple[str, Path]]:
    """Set up a database with a Kairouan moderator, serve it, yield (URL, log)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'live.sqlite'}",
        "SECRET_KEY": "live-test-key",
        "KIFIKIFEK_CONTACT_KEYS": CONTACT_KEY,
        "LANG": "C.UTF-8",
        # Browsers driven by tests fill a form in a blink; tests/test_floods.py
        # checks the minimum fill time.
        "KIFIKIFEK_MIN_FILL_SECONDS": "0",
        # gunicorn.conf.py, found in ROOT, would start a worker or two per core.
        "WEB_CONCURRENCY": "2",
    }
    flask = [sys.executable, "-m", "flask", "--app", "kifikifek"]
    subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True)
    name, password = MODERATOR
    subprocess.run(
        [*flask, "create-user", name, "--role", "moderator", "--governorate", "TN41"],
        input=password + "\n",
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = free_port()
    log = folder / "server.log"
    gunicorn = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        process = subprocess.Popen(
            [*gunicorn, "wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base, process, log)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/help", timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(
                    "server did not start:\n" + log.read_text()
                ) from None
            time.sleep(0.2)
