"""Plausible made-up reports, for trying the site locally. Never for production."""

import csv
import functools
import random
from datetime import timedelta
from importlib import resources

from kifikifek import geography, receipts
from kifikifek.extensions import db
from kifikifek.models import Report, utcnow
from kifikifek.search import fold
from kifikifek.taxonomy import (
    AGE_RANGES,
    GENDERS,
    REFERRAL_SERVICES,
    REPORTERS,
    STATUSES,
)


@functools.cache
def samples() -> tuple[dict[str, str], ...]:
    """Short made-up accounts, of the kinds the platform receives, to draw from."""
    source = resources.files("kifikifek") / "data" / "demo_reports.csv"
    with source.open(encoding="utf-8", newline="") as rows:
        return tuple(csv.DictReader(rows))


def make_reports(count: int, seed: int | None = None) -> None:
    """Add ``count`` random reports spread over the last fourteen months."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, not secrets)
    governorates = [g.code for g in geography.governorates()]
    # Most reports come from the five partner governorates, as in the pilot.
    weights = [6 if code in geography.PARTNERS else 1 for code in governorates]
    now = utcnow().replace(microsecond=0)
    for _ in range(count):
        sample = rng.choice(samples())
        governorate = rng.choices(governorates, weights)[0]
        delegations = geography.delegations(governorate)
        created_at = now - timedelta(minutes=rng.randrange(14 * 30 * 24 * 60))
        occurred_on = created_at.date() - timedelta(days=rng.randrange(90))
        precise = rng.random() < 0.6
        wants_contact = rng.random() < 0.3
        status = rng.choices(list(STATUSES), [5, 2, 4, 1, 2, 1])[0]
        reason = rng.choice(["spam", "out_of_scope", "not_enough_detail"])
        service = rng.choice(list(REFERRAL_SERVICES))
        db.session.add(
            Report(
                receipt_code=receipts.new_code(),
                created_at=created_at,
                updated_at=created_at,
                language=sample["language"],
                status=status,
                rejection_reason=reason if status == "rejected" else None,
                referral_service=service if status == "referred" else None,
                public_summary=sample["summary"] if status == "published" else None,
                published_at=created_at + timedelta(days=3)
                if status == "published"
                else None,
                category=sample["category"],
                setting=sample["setting"],
                governorate_code=governorate,
                delegation_code=(
                    rng.choice(delegations).code if rng.random() < 0.7 else None
                ),
                occurred_on=occurred_on if precise else occurred_on.replace(day=1),
                occurred_precision="day" if precise else "month",
                reporter=rng.choice(list(REPORTERS)),
                age_range=rng.choice([None, *AGE_RANGES]),
                gender=rng.choice([None, "woman", "woman", "woman", *GENDERS]),
                description=sample["description"],
                search_text=fold(sample["description"]),
                contact=f"00216{rng.randrange(20_000_000, 99_999_999)}"
                if wants_contact
                else None,
            )
        )
    db.session.commit()
