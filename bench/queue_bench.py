"""How the moderation queue scales: 100,000 reports in one region against 1,000.

Run: ``python bench/queue_bench.py [--large 100000] [--small 1000]``. Builds two
SQLite databases in a temporary folder, signs a Kairouan moderator in on each,
and times the real pages through the app. It prints the median of several runs
for each page on both databases and their ratio: a ratio near 1 means the page
does not slow down as the region's queue grows.
"""

import argparse
import random
import tempfile
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

REGION = "TN41"
PASSWORD = "benchmark passphrase"
PAGES = {
    "queue, first page": "/moderation/",
    "queue, status filter": "/moderation/?status=in_review",
    "queue, category and dates": (
        "/moderation/?category=harassment&received_from=2026-01-01"
    ),
    "queue, page 20": "/moderation/?page=20",
    "search, common word": "/moderation/?q=المدرسة",
    "search, rare word": "/moderation/?q=zzrareword",
    "report page": "/moderation/reports/{report_id}",
    "trail": "/moderation/audit",
}


def fill(count: int, rng: random.Random) -> None:
    """Insert ``count`` reports of the region, and a tenth as many elsewhere."""
    now = utcnow()
    drawn = samples()
    rows = []
    for n in range(count + count // 10):
        sample = rng.choice(drawn)
        rows.append(
            {
                "receipt_code": receipts.new_code(),
                "created_at": now - timedelta(minutes=rng.randrange(600_000)),
                "updated_at": now,
                "language": sample["language"],
                "status": rng.choice(["new", "in_review", "verified", "rejected"]),
                "category": sample["category"],
                "setting": sample["setting"],
                "governorate_code": REGION if n < count else "TN61",
                "occurred_on": now.date(),
                "occurred_precision": "day",
                "reporter": "self",
                "description": sample["description"],
                "search_text": fold(sample["description"]),
            }
        )
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(Report), rows[start : start + 10_000])
    db.session.commit()


def timings(folder: Path, count: int, runs: int) -> dict[str, float]:
    """Median milliseconds per page on a database of ``count`` region reports."""
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / f'{count}.sqlite'}",
        }
    )
    with app.app_context():
        fill(count, random.Random(count))
        create_account("bench", "moderator", PASSWORD, REGION)
        report_id = db.session.scalar(
            db.select(Report.id).where(Report.governorate_code == REGION).limit(1)
        )
    client = app.test_client()
    client.post("/moderation/login", data={"username": "bench", "password": PASSWORD})
    results = {}
    for name, path in PAGES.items():
        median, _p95 = timed(client, path.format(report_id=report_id), runs)
        results[name] = median
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = timings(Path(folder), options.small, options.runs)
        large = timings(Path(folder), options.large, options.runs)
    print(f"{'page':28} {options.small:>9,} {options.large:>9,}   ratio")
    for name in PAGES:
        print(
            f"{name:28} {small[name]:7.1f}ms {large[name]:7.1f}ms "
            f"{large[name] / small[name]:7.1f}x"
        )


if __name__ == "__main__":
    main()
