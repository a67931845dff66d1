"""Slowing down password guessing, per account and per client.

Only failed sign-ins count. Past a few in a short window, an account or a
client must wait until the window moves on: a slow-down of a minute or a few,
never a lock-out that an attacker could turn against a moderator. The client
is known only by a keyed hash of its address, so no address is ever stored.
The counts live in memory, or in Redis for several machines
(``THROTTLE_STORAGE_URL = "redis://127.0.0.1:6379"``).
"""

import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request
from limits import parse, storage, strategies

PER_ACCOUNT = parse("5/minute")
PER_CLIENT = parse("20/10 minutes")


def init_app(app: Flask) -> None:
    backend = storage.storage_from_string(app.config["THROTTLE_STORAGE_URL"])
    app.extensions["kifikifek.throttle"] = strategies.MovingWindowRateLimiter(backend)


def _keys(username: str) -> list[tuple]:
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "").encode()
    client = hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]
    return [
        (PER_ACCOUNT, "sign-in", "account", username.strip().lower()),
        (PER_CLIENT, "sign-in", "client", client),
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
