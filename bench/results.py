"""Judging a load run: the answers against the database, and the server's log.

Nothing here prints what a report says: only counts, statuses and the names of
the exceptions the server logged.
"""

import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from databases import filed_reports, integrity
from load import Outcome

EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")


def problems(outcome: Outcome, filed: Counter[int], unmarked: int) -> list[str]:
    """What the database holds that the answers say it should not.

    ``filed`` counts the reports in the database by submission number;
    ``unmarked`` is the number of reports that carry no marker at all.
    """
    found = []
    lost = outcome.acknowledged - filed.keys()
    if lost:
        found.append(f"{len(lost)} acknowledged submissions have no report")
    twice = [number for number, count in filed.items() if count > 1]
    if twice:
        found.append(f"{len(twice)} submissions were filed more than once")
    refused = (outcome.refused - outcome.acknowledged) & filed.keys()
    if refused:
        found.append(f"{len(refused)} submissions refused by the form were filed")
    strangers = filed.keys() - outcome.acknowledged - outcome.unknown - outcome.refused
    if strangers:
        found.append(f"{len(strangers)} reports match no submission that was sent")
    if unmarked:
        found.append(f"{unmarked} reports carry no submission marker")
    return found


def summary(outcome: Outcome, filed: Counter[int]) -> Iterator[str]:
    """Lines that tell how the load went, without any report's content."""
    if outcome.sent < outcome.planned:
        yield (
            f"NOTE: the deadline (--max-seconds) came after {outcome.sent:,}"
            f" of {outcome.planned:,} submissions"
        )
    failed = sum(outcome.failures.values())
    statuses = ", ".join(f"{kind}: {n}" for kind, n in outcome.failures.items())
    yield (
        f"sent {outcome.sent:,} submissions; acknowledged {len(outcome.acknowledged):,}"
        f" (303 to the receipt); failed answers {failed:,}"
        + (f" ({statuses})" if statuses else "")
    )
    if outcome.retried:
        tries = ", ".join(f"{kind}: {n}" for kind, n in outcome.retried.items())
        yield f"no answer, tried again: {sum(outcome.retried.values()):,} ({tries})"
    for name, numbers in (
        ("double taps (two posts at once)", outcome.double_taps),
        ("resends (two posts one after the other)", outcome.resends),
    ):
        once = sum(1 for number in numbers if filed[number] == 1)
        yield f"{name}: {len(numbers)}, filed exactly once: {once}"
    once = sum(1 for number in outcome.acknowledged if filed[number] == 1)
    yield (
        f"acknowledged and in the database exactly once: {once:,}"
        f" of {len(outcome.acknowledged):,}"
    )
    unacknowledged = len(filed.keys() - outcome.acknowledged)
    yield (
        f"reports in the database: {filed.total():,}"
        f" ({unacknowledged} filed without an acknowledgement)"
    )
    yield outcome.latency()


def server_trouble(log: Path) -> Counter[str]:
    """Exceptions and worker timeouts in the server's log, by name."""
    trouble: Counter[str] = Counter()
    in_traceback = False
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and not line.startswith(" "):
            found = EXCEPTION.match(line)
            trouble[found.group(1) if found else "unnamed exception"] += 1
            in_traceback = False
        elif "WORKER TIMEOUT" in line:
            trouble["WORKER TIMEOUT"] += 1
    return trouble


def judge(
    outcome: Outcome, url: str, log: Path, found: list[str] | None = None
) -> bool:
    """Print how the run went and what the database holds; whether all is well.

    ``found`` holds the problems the caller has already seen.
    """
    started = time.monotonic()
    filed, unmarked = filed_reports(url)
    found = [*(found or []), *problems(outcome, filed, unmarked)]
    for line in summary(outcome, filed):
        print(f"  {line}")
    for check, passed in integrity(url):
        print(f"  {'ok    ' if passed else 'FAILED'} {check}")
        if not passed:
            found.append(f"integrity check failed: {check}")
    trouble = server_trouble(log)
    names = ", ".join(f"{name}: {n}" for name, n in trouble.most_common())
    print(f"  server log: {names or 'no exception, no worker timeout'}")
    for problem in found:
        print(f"  PROBLEM: {problem}")
    verdict = "FAILED" if found else "passed"
    print(f"  checks {verdict} in {time.monotonic() - started:.1f} s")
    return not found
