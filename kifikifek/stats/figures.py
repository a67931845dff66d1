"""The tables of the public statistics, protected, for the page and the JSON."""

import functools
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

from flask_babel import format_date

from kifikifek import geography, statistics
from kifikifek.i18n import alphabetical, localized
from kifikifek.models import Report
from kifikifek.statistics import Figure, Filters
from kifikifek.taxonomy import CATEGORIES, SETTINGS

SHADES = 4  # shades for counts of 5 and more, besides "none" and "fewer than 5"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figure: Figure


def table(counts: dict[str, int], labels: list[tuple[str, str]]) -> list[Row]:
    figures = statistics.protect(counts, [key for key, _ in labels])
    return [Row(key, label, figures[key]) for key, label in labels]


def period_label(key: str, granularity: str) -> str:
    """``2026-03`` as "March 2026", ``2026-Q1`` as "Q1 2026", in the reader's words."""
    if granularity == "month":
        year, month = key.split("-")
        return format_date(date(int(year), int(month), 1), "MMMM y")
    if granularity == "quarter":
        year, quarter = key.split("-Q")
        return format_date(date(int(year), 3 * int(quarter) - 2, 1), "QQQ y")
    return key


def tables(filters: Filters, granularity: str) -> dict[str, list[Row]]:
    """Every table of the page, each protected on its own."""
    governorates = sorted(geography.governorates(), key=alphabetical)
    period_keys = statistics.periods(granularity)
    return {
        "governorates": table(
            statistics.count_by(Report.governorate_code, filters),
            [(g.code, localized(g)) for g in governorates],
        ),
        "categories": table(
            statistics.count_by(Report.category, filters),
            [(c.key, str(c.label)) for c in CATEGORIES],
        ),
        "settings": table(
            statistics.count_by(Report.setting, filters),
            [(key, str(label)) for key, label in SETTINGS.items()],
        ),
        "periods": table(
            statistics.count_by_period(granularity, filters),
            [(key, period_label(key, granularity)) for key in period_keys],
        ),
    }


def shade(figure: Figure, largest: int) -> int:
    """0 for none, 1 for fewer than 5 or hidden, then 2 to 5 by size."""
    if figure.kind == "zero":
        return 0
    if not figure.shown:
        return 1
    return 2 + min(SHADES - 1, (SHADES * figure.value) // (largest + 1))


@functools.cache
def governorate_paths() -> dict[str, str]:
    """Each governorate's outline, from the packaged SVG drawn from OSM data."""
    source = resources.files("kifikifek") / "data" / "tunisia_governorates.svg"
    svg = source.read_text(encoding="utf-8")
    return dict(re.findall(r'<path id="(TN\d\d)" d="([^"]+)"', svg))
