"""The server killed in the middle of the load: no acknowledged report is lost.

Run: ``python bench/crash_bench.py [--database sqlite|postgres|both]``. On each
database, fresh, 32 citizens send reports as in submit_bench.py; when half have
been acknowledged, gunicorn's master and workers are killed together with
SIGKILL (their process group), mid-request, with no time to clean up. The
database is initialised again and gunicorn restarted on it, on the same
address, while the citizens keep trying (a post that got no answer is sent
again, as a browser would). Afterwards every acknowledged report must be in the
database exactly once, and the database must pass its integrity checks: SQLite's
integrity_check and its search index's, or on PostgreSQL amcheck and counts
through indexes against scans. Exits with 1 if a check fails.
"""

import argparse
import sys
import threading
import time

from databases import prepared
from gunicorn_server import WORKERS, Gunicorn, describe_settings, init_db
from load import Outcome, run_load
from results import judge
from submit_bench import arguments, kinds


class Crash:
    """Kill the server in the middle of the load, then start it again.

    The kill comes once ``threshold`` submissions are acknowledged, or after
    ``seconds`` if that comes first, so that a slow machine still sees it.
    """

    def __init__(
        self, server: Gunicorn, outcome: Outcome, threshold: int, seconds: float
    ) -> None:
        self.server = server
        self.outcome = outcome
        self.threshold = threshold
        self.seconds = seconds
        self.load_over = threading.Event()
        self.acknowledged_before: set[int] = set()
        self.killed_after = self.downtime = 0.0
        self.thread = threading.Thread(target=self.run)

    def run(self) -> None:
        started = time.monotonic()
        while len(self.outcome.acknowledged) < self.threshold:
            if time.monotonic() - started > self.seconds:
                break
            if self.load_over.wait(0.02):
                return  # the load ended first: nothing was killed
        self.server.kill()
        killed = time.monotonic()
        with self.outcome.lock:
            self.acknowledged_before = set(self.outcome.acknowledged)
        self.killed_after = killed - started
        init_db(self.server.database_url)
        self.server.start()
        self.downtime = time.monotonic() - killed

    def problems(self) -> list[str]:
        if not self.killed_after:
            return ["the load ended before the server was killed"]
        return []

    def print(self) -> None:
        print(
            f"  killed gunicorn (master and {WORKERS} workers, SIGKILL to the"
            f" process group) {self.killed_after:.1f} s into the load, with"
            f" {len(self.acknowledged_before):,} reports acknowledged; init-db and"
            f" restart took {self.downtime:.1f} s"
        )


def crash_once(kind: str, options: argparse.Namespace) -> bool:
    """Load, kill and restart a server on a fresh ``kind``; whether all is well."""
    with prepared(kind) as (url, folder):
        log = folder / "server.log"
        outcome = Outcome(planned=options.submissions)
        with Gunicorn(url, log) as server:
            crash = Crash(
                server,
                outcome,
                int(options.submissions * options.kill_at),
                options.max_seconds * options.kill_at,
            )
            crash.thread.start()
            run_load(
                server.port,
                iter(range(1, options.submissions + 1)),
                options.clients,
                options.max_seconds,
                options.double_every,
                outcome,
            )
            crash.load_over.set()
            crash.thread.join()
        crash.print()
        print(f"  load: {outcome.elapsed:.1f} s")
        return judge(outcome, url, log, crash.problems())


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.5,
        help="kill when this share is acknowledged, or of --max-seconds has passed",
    )
    options = parser.parse_args()
    print(describe_settings())
    passed = [crash_once(kind, options) for kind in kinds(options.database)]
    sys.exit(0 if all(passed) else 1)


if __name__ == "__main__":
    main()
