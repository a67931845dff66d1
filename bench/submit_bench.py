"""Many reports at once, and each acknowledged one in the database exactly once.

Run: ``python bench/submit_bench.py [--database sqlite|postgres|both]``. On each
database, fresh, gunicorn serves the app (several workers) and 32 citizens send
10,000 reports between them, each marked in its description with its number;
one in 50 is a double post (the same form, the same submission token, twice: at
once or one after the other). Then it checks in the database that every
submission answered with the redirect to the receipt has exactly one report,
that none is filed twice and that the database passes its integrity checks; it
prints the counts, the failed answers by status and the throughput, and exits
with 1 if a check fails.
"""

import argparse
import sys

import cpu
from databases import KINDS, prepared
from gunicorn_server import Gunicorn, describe_settings
from load import Outcome, run_load
from results import judge


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every load benchmark shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=[*KINDS, "both"], default="both")
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--double-every", type=int, default=50, help="one double post in this many"
    )
    parser.add_argument(
        "--max-seconds", type=float, default=240, help="no new submission after this"
    )
    return parser


def kinds(choice: str) -> tuple[str, ...]:
    return KINDS if choice == "both" else (choice,)


def load_once(kind: str, options: argparse.Namespace) -> bool:
    """Send the load to a fresh database of ``kind``; whether every check passed."""
    with prepared(kind) as (url, folder):
        log = folder / "server.log"
        with Gunicorn(url, log) as server:
            before = cpu.take(server.group)
            outcome = run_load(
                server.port,
                iter(range(1, options.submissions + 1)),
                options.clients,
                options.max_seconds,
                options.double_every,
                Outcome(planned=options.submissions),
            )
            after = cpu.take(server.group)
        filed_per_second = len(outcome.acknowledged) / outcome.elapsed
        print(
            f"  load: {outcome.elapsed:.1f} s, {filed_per_second:.1f} reports filed"
            f" per s ({options.clients} clients, each opening the form then sending it)"
        )
        print(f"  {cpu.describe(before, after, outcome.requests)}")
        return judge(outcome, url, log)


def main() -> None:
    options = arguments(__doc__.splitlines()[0]).parse_args()
    print(describe_settings())
    passed = [load_once(kind, options) for kind in kinds(options.database)]
    sys.exit(0 if all(passed) else 1)


if __name__ == "__main__":
    main()
