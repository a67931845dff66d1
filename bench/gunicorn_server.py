"""Gunicorn serving the app for the load benchmarks, as production would.

Each server runs in a process group of its own, so that a benchmark can kill the
master and every worker at once, as a power cut or the kernel's OOM killer would.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

#: Gunicorn as production runs it, from the repository's gunicorn.conf.py
#: (access log without addresses, no control socket, the schema step in the
#: master), with a fixed number of workers so that runs compare.
WORKERS = 4
GUNICORN_OPTIONS = ["-c", str(ROOT / "gunicorn.conf.py"), "--workers", str(WORKERS)]

#: The lead's per-client rate limit and minimum fill time are switched off: all
#: the load comes from one address, 127.0.0.1, and from scripts that fill the
#: form at once.
LOAD_SETTINGS = {
    "KIFIKIFEK_REPORT_RATE_LIMITS": '""',
    "KIFIKIFEK_MIN_FILL_SECONDS": "0",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str) -> dict[str, str]:
    """The environment of ``flask init-db`` and of every server on one database."""
    return {
        **os.environ,
        **LOAD_SETTINGS,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-benchmark-key",
        "LANG": "C.UTF-8",
    }


def describe_settings() -> str:
    """The settings the servers run with, to print beside the figures."""
    options = " ".join(GUNICORN_OPTIONS)
    switched_off = " ".join(f"{name}={value}" for name, value in LOAD_SETTINGS.items())
    return f"gunicorn {options}; {switched_off}"


def init_db(database_url: str) -> None:
    """Create the schema once, before any worker starts, so none race to."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "kifikifek", "init-db"],
        env=server_environment(database_url),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Gunicorn:
    """One gunicorn master and its workers, on a free port of 127.0.0.1."""

    def __init__(self, database_url: str, log: Path, app: str = "wsgi:app") -> None:
        self.database_url = database_url
        self.log = log
        self.app = app
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def group(self) -> int:
        """The process group of the master and its workers."""
        return self.process.pid

    def start(self) -> None:
        """Start the server and wait until it answers."""
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            *GUNICORN_OPTIONS,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--pythonpath",
            str(BENCH),
            self.app,
        ]
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                command,
                env=server_environment(self.database_url),
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, for kill()
            )
        self.wait_until_ready()
        self.warm_up()

    def wait_until_ready(self, seconds: float = 30) -> None:
        """Return once every part of the app answers a page, or fail."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}")
            if answers(self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer in {seconds}s; see {self.log}")

    def warm_up(self, rounds: int = 3) -> None:
        """Have every worker render the form a few times before it is timed.

        A worker loads the app, its templates and catalogues on its first
        requests; that cost is the start's, not the load's.
        """
        threads = [
            threading.Thread(target=answers, args=(self.port, "/", rounds))
            for _ in range(2 * WORKERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def kill(self) -> None:
        """SIGKILL the master and its workers together, with no time to clean up."""
        os.killpg(self.group, signal.SIGKILL)
        self.process.wait()
        wait_for_group_end(self.group)

    def stop(self) -> None:
        """Stop gracefully, or kill the group if that takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        else:
            wait_for_group_end(self.group)

    def __enter__(self) -> "Gunicorn":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def answers(port: int, path: str = "/help", times: int = 1) -> bool:
    """Whether the server on ``port`` answers ``path`` ``times`` in a row."""
    for _ in range(times):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path)
            if connection.getresponse().status != 200:
                return False
        except OSError:
            return False
        finally:
            connection.close()
    return True


def wait_for_group_end(group: int, seconds: float = 10) -> None:
    """Wait until no live process is left in the process group ``group``."""
    deadline = time.monotonic() + seconds
    while living_members(group):
        if time.monotonic() > deadline:
            raise SystemExit(f"processes of group {group} outlived the server")
        time.sleep(0.05)


def living_members(group: int) -> list[int]:
    """The processes of ``group`` that still run (zombies are done)."""
    return [pid for pid, fields in group_stats(group) if fields[0] != "Z"]


def group_stats(group: int) -> Iterator[tuple[int, list[str]]]:
    """Each process of ``group`` with the fields of its /proc stat after its name.

    The fields start with the state; the processor times are at 11 and 12.
    """
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[2]) == group:
            yield int(stat.parent.name), fields
