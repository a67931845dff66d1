"""Slowing down password guessing, per account and per client.

Only failed sign-ins count. Past a few in a short window, an account or a
client must wait until the window moves on: a slow-down of a minute or a few,
never a lock-out that an attacker could turn against a moderator. The client
is known only by a keyed hash of its address, so no address is ever stored.
The counts live in memory, or in Redis for several machines
(``THROTTLE_STORAGE_URL = "redis://127.0.0.1:6379"``). How many failures are
allowed is a setting, ``SIGN_IN_ACCOUNT_LIMITS`` and ``SIGN_IN_CLIENT_LIMITS``,
in the notation of ``limits`` ("5/minute;30/hour"); "" counts none, for a
scanner that must reach the password check on a test server.
"""

import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many, storage, strategies


def init_app(app: Flask) -> None:
    backend = storage.storage_from_string(app.config["THROTTLE_STORAGE_URL"])
    app.extensions["kifikifek.throttle"] = strategies.MovingWindowRateLimiter(backend)
    # Read once, so that a mistyped limit stops the server from starting.
    app.extensions["kifikifek.sign_in_limits"] = {
        "account": limits_from(app.config["SIGN_IN_ACCOUNT_LIMITS"]),
        "client": limits_from(app.config["SIGN_IN_CLIENT_LIMITS"]),
    }


def limits_from(setting: str) -> list[RateLimitItem]:
    """The limits a setting names, such as "5/minute;30/hour"; none for ""."""
    return parse_many(setting) if setting else []


def _keys(username: str) -> list[tuple]:
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "").encode()
    client = hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]
    account = username.strip().lower()
    limits = current_app.extensions["kifikifek.sign_in_limits"]
    return [
        *((limit, "sign-in", "account", account) for limit in limits["account"]),
        *((limit, "sign-in", "client", client) for limit in limits["client"]),
    ]


def wait_before_trying(username: str) -> int:
    """Seconds to wait before this account may be tried again from here; 0 if none."""
    limiter = current_app.extensions["kifikifek.throttle"]
    waits = [
        limiter.get_window_stats(limit, *key).reset_time - time.time()
        for limit, *key in _keys(username)
        if not limiter.test(limit, *key)
    ]
    return math.ceil(max(waits)) if waits else 0


def failed(username: str) -> None:
    """Count a failed sign-in against the account and the client."""
    limiter = current_app.extensions["kifikifek.throttle"]
    for limit, *key in _keys(username):
        limiter.hit(limit, *key)
