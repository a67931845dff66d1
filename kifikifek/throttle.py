"""Slowing down password guessing and floods of reports, per client.

Failed sign-ins count per account and per client. Past a few in a short window,
an account or a client must wait until the window moves on: a slow-down of a
minute or a few, never a lock-out that an attacker could turn against a
moderator. Reports count per client, with a limit far above what the people
behind one mobile network's shared address send, so that only a flood meets it.

Each limit is a setting in the notation of ``limits`` ("5/minute;30/hour"), and
"" counts nothing: ``SIGN_IN_ACCOUNT_LIMITS``, ``SIGN_IN_CLIENT_LIMITS`` and
``REPORT_RATE_LIMITS``. A client is known only by a keyed hash of its address,
so no address is ever stored. The counts live in memory, or in Redis for
several workers or machines (``THROTTLE_STORAGE_URL``). Behind a reverse
proxy, set ``PROXY_COUNT`` so that the address is the reader's, not the proxy's.
"""

import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many, storage, strategies
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    backend = storage.storage_from_string(app.config["THROTTLE_STORAGE_URL"])
    app.extensions["kifikifek.throttle"] = strategies.MovingWindowRateLimiter(backend)
    # Read once, so that a mistyped limit stops the server from starting.
    app.extensions["kifikifek.limits"] = {
        "account": limits_from(app.config["SIGN_IN_ACCOUNT_LIMITS"]),
        "client": limits_from(app.config["SIGN_IN_CLIENT_LIMITS"]),
        "report": limits_from(app.config["REPORT_RATE_LIMITS"]),
    }
    if proxies := app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def limits_from(setting: str | None) -> list[RateLimitItem]:
    """The limits a setting names, such as "5/minute;30/hour"; none for ""."""
    return parse_many(setting) if setting else []


def client() -> str:
    """This request's client, as a keyed hash of its address."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def _limits(kind: str) -> list[RateLimitItem]:
    return current_app.extensions["kifikifek.limits"][kind]


def _seconds_to_wait(keys: list[tuple]) -> int:
    limiter = current_app.extensions["kifikifek.throttle"]
    waits = [
        limiter.get_window_stats(limit, *key).reset_time - time.time()
        for limit, *key in keys
        if not limiter.test(limit, *key)
    ]
    return max(1, math.ceil(max(waits))) if waits else 0


def _sign_in_keys(username: str) -> list[tuple]:
    account, here = username.strip().lower(), client()
    return [
        *((limit, "sign-in", "account", account) for limit in _limits("account")),
        *((limit, "sign-in", "client", here) for limit in _limits("client")),
    ]


def wait_before_trying(username: str) -> int:
    """Seconds to wait before this account may be tried again from here; 0 if none."""
    return _seconds_to_wait(_sign_in_keys(username))


def failed(username: str) -> None:
    """Count a failed sign-in against the account and the client."""
    limiter = current_app.extensions["kifikifek.throttle"]
    for limit, *key in _sign_in_keys(username):
        limiter.hit(limit, *key)


def wait_before_filing() -> int:
    """Count a report from this client; seconds to wait if it is one too many."""
    keys = [(limit, "report", client()) for limit in _limits("report")]
    limiter = current_app.extensions["kifikifek.throttle"]
    if all([limiter.hit(limit, *key) for limit, *key in keys]):
        return 0
    return _seconds_to_wait(keys)
