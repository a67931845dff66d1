"""The production server as README starts it: gunicorn -c gunicorn.conf.py wsgi:app."""
# ruff: noqa: S310  (every URL here is http://127.0.0.1, built by the test)

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from tests.live import ROOT, free_port, wait_for

WORKERS = 3
SEARCH = "يلاحقني"


def test_workers_start_on_a_schema_made_once_and_log_no_address(database_url, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "gunicorn-test-key",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "LANG": "C.UTF-8",
    }
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base, server, log)
        for path in ("/", "/stats/", "/moderation/?q=" + urllib.parse.quote(SEARCH)):
            urllib.request.urlopen(base + path, timeout=10).close()
        send_malformed_request(port)
    finally:
        server.terminate()
        server.wait(timeout=10)

    logged = log.read_text()
    assert logged.count("Booting worker") == WORKERS
    assert logged.count("database.created") == 1
    assert "GET /help 200" in logged
    assert "Invalid request" in logged
    lines = [line for line in logged.splitlines() if "Listening at" not in line]
    assert not [line for line in lines if "127.0.0.1" in line or SEARCH in line]


def send_malformed_request(port: int) -> None:
    """Send a request line gunicorn refuses, and wait for its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"NOT A REQUEST\r\n\r\n")
        assert connection.recv(1024).startswith(b"HTTP/1.1 400")
