"""Throughput of the report form and of filing a report, against a bare route.

Run: ``python bench/throughput_bench.py [--database sqlite|postgres|both]``. On
each database, fresh, gunicorn serves the app with one extra bare route (see
bare_app.py), and the same clients, in the same run, load in turn:

- the bare route, which returns a short text;
- the report form (GET /);
- a report submission: the form, then the form sent back with its CSRF and
  submission tokens and a valid report (GET / then POST /).

Each is loaded for a few seconds, in several rounds taken in turn so that
whatever else the machine does weighs on all three alike; the median round's
rate is printed with its ratio to the bare route's. Exits with 1 if a request
fails or an acknowledged report is not in the database.
"""

import argparse
import itertools
import statistics
import sys
import threading
import time
from collections import Counter

import cpu
from bare_app import BARE_PATH
from citizen import Citizen
from databases import KINDS, filed_reports, prepared
from gunicorn_server import Gunicorn, describe_settings
from load import Outcome, run_load
from results import problems
from submit_bench import kinds

LOADS = {
    "bare route (GET /bench/bare)": "bare",
    "report form (GET /)": "form",
    "report submission (GET / then POST /)": "submission",
}


def hammer(port: int, path: str, clients: int, seconds: float) -> Counter[int]:
    """GET ``path`` from ``clients`` threads for ``seconds``; answers by status."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        citizen = Citizen(port)
        while time.monotonic() < deadline:
            answer, _ = citizen.request("GET", path)
            with lock:
                statuses[answer.status] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


class Rounds:
    """Rates and CPU per request of each load, round after round."""

    def __init__(self, server: Gunicorn, clients: int, seconds: float) -> None:
        self.server = server
        self.clients = clients
        self.seconds = seconds
        self.rates: dict[str, list[float]] = {name: [] for name in LOADS}
        self.cpu_ms: dict[str, list[float]] = {name: [] for name in LOADS}
        self.failures: Counter[str] = Counter()
        self.submissions = Outcome()
        self.numbers = itertools.count(1)
        self.first: cpu.Snapshot | None = None
        self.last: cpu.Snapshot | None = None

    def measure(self, name: str) -> None:
        """Run one round of the load ``name`` and keep its figures."""
        before = cpu.take(self.server.group)
        done, requests = self.load(LOADS[name])
        after = cpu.take(self.server.group)
        self.first = self.first or before
        self.last = after
        self.rates[name].append(done / (after.wall - before.wall))
        self.cpu_ms[name].append((after.server - before.server) / requests * 1000)

    def load(self, kind: str) -> tuple[int, int]:
        """Load ``kind`` once: pages or reports done, and the requests it took."""
        if kind == "submission":
            filed, requests = (
                len(self.submissions.acknowledged),
                self.submissions.requests,
            )
            run_load(
                self.server.port,
                self.numbers,
                self.clients,
                self.seconds,
                outcome=self.submissions,
            )
            return (
                len(self.submissions.acknowledged) - filed,
                self.submissions.requests - requests,
            )
        path = BARE_PATH if kind == "bare" else "/"
        statuses = hammer(self.server.port, path, self.clients, self.seconds)
        for status, count in statuses.items():
            if status != 200:
                self.failures[f"GET {path} answered {status}"] += count
        return statuses[200], statuses[200]

    def print(self) -> None:
        """The median round of each load, and its ratio to the bare route's."""
        bare = statistics.median(self.rates[next(iter(LOADS))])
        print(f"  {'':40} {'per second':>10} {'vs bare':>8}  gunicorn CPU per request")
        for name in LOADS:
            rate = statistics.median(self.rates[name])
            cpu_ms = statistics.median(self.cpu_ms[name])
            rounds = " ".join(f"{r:.0f}" for r in self.rates[name])
            print(
                f"  {name:40} {rate:10.1f} {rate / bare:8.3f}"
                f"  {cpu_ms:5.1f} ms   (rounds: {rounds})"
            )
        print(f"  {cpu.describe(self.first, self.last)}")


def measure(kind: str, options: argparse.Namespace) -> bool:
    """Measure the loads on a fresh database of ``kind``; whether all went well."""
    with prepared(kind) as (url, folder):
        with Gunicorn(url, folder / "server.log", app="bare_app:build()") as server:
            rounds = Rounds(server, options.clients, options.seconds)
            for _ in range(options.rounds):
                for name in LOADS:
                    rounds.measure(name)
        rounds.print()
        filed, unmarked = filed_reports(url)
        found = problems(rounds.submissions, filed, unmarked)
        failures = rounds.failures + rounds.submissions.failures
        found += [f"{failure}: {count}" for failure, count in failures.items()]
        print(
            f"  {len(rounds.submissions.acknowledged):,} reports acknowledged,"
            f" {filed.total():,} in the database"
        )
        for problem in found:
            print(f"  PROBLEM: {problem}")
    return not found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=[*KINDS, "both"], default="both")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5, help="of each round")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    print(describe_settings())
    print(
        f"{options.clients} clients; each load for {options.seconds:g} s,"
        f" {options.rounds} times in turn"
    )
    passed = [measure(kind, options) for kind in kinds(options.database)]
    sys.exit(0 if all(passed) else 1)


if __name__ == "__main__":
    main()
