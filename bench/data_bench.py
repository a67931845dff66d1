"""Data out at a million reports: public statistics, a dashboard, the CSV export.

Run: ``python bench/data_bench.py [--reports 1000000]``. Fills a SQLite database
in a temporary folder with plausible reports, then times, through the app:

- the public statistics page and its JSON (median and 95th percentile), from
  the minute-long cache and counted afresh, next to a bare Flask route that
  returns a fixed page, in the same app;
- a region's dashboard, next to the same bare route;
- the CSV export of every row (rows per second, and the peak of memory that
  Python allocated while exporting), next to the sqlite3 command-line tool
  writing the same rows as CSV.
"""

import argparse
import random
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert
from timing import timed

from kifikifek import create_app, receipts
from kifikifek.accounts import create_account
from kifikifek.demo import samples
from kifikifek.extensions import db
from kifikifek.models import Report, utcnow
from kifikifek.search import fold

PASSWORD = "benchmark passphrase"
STATUSES = ["new", "in_review", "verified", "referred", "published", "rejected"]


def fill(count: int, rng: random.Random) -> None:
    """Insert ``count`` reports, mostly from the five partner governorates."""
    from kifikifek import geography

    codes = [g.code for g in geography.governorates()]
    weights = [6 if code in geography.PARTNERS else 1 for code in codes]
    drawn = samples()
    now = utcnow()
    batch = []
    for n in range(count):
        sample = rng.choice(drawn)
        created = now - timedelta(minutes=rng.randrange(1_000_000))
        batch.append(
            {
                "receipt_code": receipts.new_code(),
                "created_at": created,
                "updated_at": created,
                "first_reviewed_at": created + timedelta(hours=rng.randrange(1, 200)),
                "language": sample["language"],
                "status": rng.choices(STATUSES, [3, 2, 4, 1, 2, 1])[0],
                "category": sample["category"],
                "setting": sample["setting"],
                "governorate_code": rng.choices(codes, weights)[0],
                "occurred_on": created.date(),
                "occurred_precision": "day",
                "reporter": "self",
                "description": sample["description"],
                "search_text": fold(sample["description"]),
            }
        )
        if len(batch) == 20_000 or n == count - 1:
            db.session.execute(insert(Report), batch)
            db.session.commit()
            batch = []


def export_rate(client, count: int) -> tuple[float, float]:
    """Rows per second of the CSV export, and the Python memory peak in MB."""
    started = time.perf_counter()
    with client.post(
        "/moderation/export", data={"format": "csv"}, buffered=False
    ) as response:
        for _chunk in response.response:
            pass
    seconds = time.perf_counter() - started
    tracemalloc.start()
    with client.post(
        "/moderation/export", data={"format": "csv"}, buffered=False
    ) as response:
        for _chunk in response.response:
            pass
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return count / seconds, peak


def sqlite3_rate(path: Path, count: int, folder: Path) -> float:
    """Rows per second of the sqlite3 tool writing the same columns as CSV."""
    query = (
        "SELECT id, created_at, status, rejection_reason, referral_service, category,"
        " setting, governorate_code, delegation_code, occurred_on, occurred_precision,"
        " reporter, age_range, gender, language FROM report ORDER BY id"
    )
    started = time.perf_counter()
    with (folder / "out.csv").open("w") as out:
        subprocess.run(
            ["sqlite3", "-csv", "-header", str(path), query], stdout=out, check=True
        )
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    if not shutil.which("sqlite3"):
        raise SystemExit("the sqlite3 tool is needed for the export baseline")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "million.sqlite"
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                "WTF_CSRF_ENABLED": False,
                "LOG_LEVEL": "WARNING",
            }
        )
        app.add_url_rule("/bench/fixed", "fixed", lambda: "<!doctype html><p>fixed</p>")

        @app.before_request
        def count_afresh() -> None:
            """ "?cold" turns the statistics cache off for that request."""
            from flask import request

            cold = "cold" in request.args
            app.config["STATS_CACHE_SECONDS"] = 0 if cold else 60

        started = time.perf_counter()
        with app.app_context():
            fill(options.reports, random.Random(1))
            create_account("admin", "admin", PASSWORD)
            create_account("kairouan", "moderator", PASSWORD, "TN41")
        seconds = time.perf_counter() - started
        print(f"filled {options.reports:,} reports in {seconds:.0f} s")

        public, admin, moderator = (app.test_client() for _ in range(3))
        admin.post(
            "/moderation/login", data={"username": "admin", "password": PASSWORD}
        )
        moderator.post(
            "/moderation/login", data={"username": "kairouan", "password": PASSWORD}
        )
        base = timed(public, "/bench/fixed", options.runs)

        print(f"{'page':32} {'median':>9} {'p95':>9}   ratio to the fixed page")
        for label, client, url in (
            ("fixed page (baseline)", public, "/bench/fixed"),
            ("statistics page", public, "/stats/"),
            ("statistics JSON", public, "/stats/data.json"),
            ("statistics, filtered", public, "/stats/?governorate=TN41&period=year"),
            ("statistics page, uncached", public, "/stats/?cold"),
            ("region dashboard (Kairouan)", moderator, "/moderation/dashboard"),
        ):
            median, p95 = timed(client, url, options.runs)
            print(f"{label:32} {median:7.1f}ms {p95:7.1f}ms   {median / base[0]:8.0f}x")
        rate, peak = export_rate(admin, options.reports)
        tool = sqlite3_rate(path, options.reports, folder)
        print(f"CSV export: {rate:,.0f} rows/s, Python memory peak {peak:.1f} MB")
        print(f"sqlite3 tool: {tool:,.0f} rows/s; the export takes {tool / rate:.1f}x")


if __name__ == "__main__":
    main()
