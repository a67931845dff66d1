"""Many citizens filing reports at once, and what each one was answered.

A submission is one citizen opening the form and sending it with a report
marked by the submission's number. Some submissions are double posts: the same
form, with the same submission token, sent twice — at once on two connections
(a double tap) or one after the other (a resend). A post that gets no answer at
all (the server was killed, or refused the connection) is sent again, as a
browser's retry would, until the deadline.
"""

import http.client
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from citizen import Answer, Citizen, report_fields

#: How long a citizen waits before trying again a server that did not answer.
PAUSE = 0.2
NO_ANSWER = (OSError, http.client.HTTPException)
T = TypeVar("T")


@dataclass
class Outcome:
    """What the server answered to each submission, by its number."""

    acknowledged: set[int] = field(default_factory=set)
    #: The form came back (200), so nothing may have been filed.
    refused: set[int] = field(default_factory=set)
    #: An error status, or no answer before the deadline: filed once or not at all.
    unknown: set[int] = field(default_factory=set)
    #: Every final answer that was not an acknowledgement, by status.
    failures: Counter[str] = field(default_factory=Counter)
    #: Posts and form loads that got no answer and were tried again, by error.
    retried: Counter[str] = field(default_factory=Counter)
    double_taps: set[int] = field(default_factory=set)
    resends: set[int] = field(default_factory=set)
    post_seconds: list[float] = field(default_factory=list)
    #: Submissions meant to be sent, if the deadline allows.
    planned: int = 0
    sent: int = 0
    #: Requests the server answered: forms opened and posts.
    requests: int = 0
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, number: int, answer: Answer | None) -> None:
        """Note the final answer to one post of submission ``number``."""
        with self.lock:
            self.requests += answer is not None
            if answer is None:
                self.failures["no answer before the deadline"] += 1
                self.unknown.add(number)
            elif answer.acknowledged:
                self.acknowledged.add(number)
            elif answer.status == 200:
                self.failures["200 (the form again)"] += 1
                self.refused.add(number)
            else:
                self.failures[str(answer.status)] += 1
                self.unknown.add(number)

    def retry(self, what: str, error: Exception) -> None:
        """Note that ``what`` got no answer, and is about to be tried again."""
        with self.lock:
            self.retried[f"{what}: {type(error).__name__}"] += 1

    def latency(self) -> str:
        """Percentiles of the time a post took to be answered."""
        if len(self.post_seconds) < 2:
            return "POST latency: too few posts"
        twentieths = statistics.quantiles(self.post_seconds, n=20)
        return (
            f"POST latency p50 {statistics.median(self.post_seconds) * 1000:.0f} ms, "
            f"p95 {twentieths[-1] * 1000:.0f} ms, "
            f"max {max(self.post_seconds) * 1000:.0f} ms"
        )


def run_load(
    port: int,
    numbers: Iterator[int],
    clients: int,
    seconds: float,
    double_every: int = 0,
    outcome: Outcome | None = None,
) -> Outcome:
    """Send the submissions ``numbers`` from ``clients`` citizens, for ``seconds``.

    Every ``double_every``-th submission is a double post. ``outcome`` may be
    given to watch the answers while the load runs, or to add to earlier ones.
    """
    outcome = outcome or Outcome()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def next_number() -> int | None:
        with lock:
            return next(numbers, None)

    def citizen_loop() -> None:
        citizen = Citizen(port)
        while time.monotonic() < deadline and (number := next_number()):
            file_one(citizen, number, double_every, outcome, deadline)

    started = time.monotonic()
    threads = [threading.Thread(target=citizen_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.elapsed = time.monotonic() - started
    return outcome


def file_one(
    citizen: Citizen, number: int, double_every: int, outcome: Outcome, deadline: float
) -> None:
    """Open the form and send submission ``number``, once or twice."""
    hidden = patiently("form", citizen.open_form, outcome, deadline)
    if hidden is None:
        return  # the deadline came before the form did: nothing was sent
    fields = {**hidden, **report_fields(number)}
    with outcome.lock:
        outcome.sent += 1
        outcome.requests += 1  # the form

    double = bool(double_every) and number % double_every == 0
    if double and (number // double_every) % 2 == 1:
        outcome.double_taps.add(number)
        tap = partial(citizen.double_tap, fields)
        answers = patiently("double tap", tap, outcome, deadline)
        for answer in answers or (None, None):
            outcome.record(number, answer)
        return

    post(citizen, number, fields, outcome, deadline)
    if double:
        # The same form once more, after the first was answered: a resend.
        outcome.resends.add(number)
        post(citizen, number, fields, outcome, deadline)


def post(
    citizen: Citizen,
    number: int,
    fields: dict[str, str],
    outcome: Outcome,
    deadline: float,
) -> None:
    """Post ``fields`` until the server answers, and record its answer."""
    started = time.perf_counter()
    answer = patiently("post", partial(citizen.post, fields), outcome, deadline)
    if answer is not None:
        with outcome.lock:
            outcome.post_seconds.append(time.perf_counter() - started)
    outcome.record(number, answer)


def patiently(
    what: str, attempt: Callable[[], T], outcome: Outcome, deadline: float
) -> T | None:
    """``attempt()``, tried again after a pause while the server does not answer.

    None if the deadline comes first.
    """
    while True:
        try:
            return attempt()
        except NO_ANSWER as error:
            outcome.retry(what, error)
            if time.monotonic() + PAUSE > deadline:
                return None
            time.sleep(PAUSE)
