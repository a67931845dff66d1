"""Password guessing slows down, per account and per client, without a lock-out."""

import pytest

from kifikifek import create_app, throttle
from kifikifek.accounts import create_account
from kifikifek.extensions import db
from tests.conftest import PASSWORD


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(
        "/moderation/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "en"},
    )


def test_an_account_is_slowed_after_five_failures(client, make_user):
    make_user("kef", "moderator", "TN23")
    for _ in range(5):
        assert sign_in(client, "kef", "wrong guess").status_code == 200

    slowed = sign_in(client, "kef", PASSWORD)

    assert slowed.status_code == 429
    assert "Too many attempts. Wait" in slowed.get_data(as_text=True)


def test_the_slow_down_is_per_account(client, make_user):
    make_user("kef", "moderator", "TN23")
    make_user("gafsa", "moderator", "TN61")
    for _ in range(5):
        sign_in(client, "kef", "wrong guess", address="198.51.100.8")

    assert sign_in(client, "gafsa", PASSWORD, address="198.51.100.9").status_code == 302


def test_a_client_guessing_many_accounts_is_slowed(client, make_user):
    make_user("tunis", "moderator", "TN11")
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong guess")

    assert sign_in(client, "tunis", PASSWORD).status_code == 429
    assert sign_in(client, "tunis", PASSWORD, address="203.0.113.5").status_code == 302


@pytest.fixture
def app_with_limits(database_url):
    """Build an app whose sign-in limits are the given settings, with a user."""
    apps = []

    def make(**limits):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "WTF_CSRF_ENABLED": False,
                **limits,
            }
        )
        with app.app_context():
            create_account("kef", "moderator", PASSWORD, "TN23")
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_the_limits_are_settings(app_with_limits):
    app = app_with_limits(SIGN_IN_ACCOUNT_LIMITS="2/minute")
    for _ in range(2):
        sign_in(app.test_client(), "kef", "wrong guess")

    assert sign_in(app.test_client(), "kef", PASSWORD).status_code == 429


def test_empty_limits_count_no_failure(app_with_limits):
    app = app_with_limits(SIGN_IN_ACCOUNT_LIMITS="", SIGN_IN_CLIENT_LIMITS="")
    for n in range(25):
        sign_in(app.test_client(), "kef" if n % 2 else f"guess{n}", "wrong guess")

    assert sign_in(app.test_client(), "kef", PASSWORD).status_code == 302


def test_a_mistyped_limit_stops_the_start(app_with_limits):
    with pytest.raises(ValueError):
        app_with_limits(SIGN_IN_CLIENT_LIMITS="20 per fortnight")


def test_no_address_is_kept_in_the_counts(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.7"}):
        keys = repr(throttle._sign_in_keys("kef")) + throttle.client()

    assert "198.51.100.7" not in keys


def test_counts_can_live_in_redis(tmp_path, make_user):
    """Several machines share one count when it lives in Redis."""
    import os

    import pytest
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis server: {error}")
    from kifikifek import create_app

    def app_on_another_machine():
        return create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "shared",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.sqlite'}",
                "WTF_CSRF_ENABLED": False,
                "THROTTLE_STORAGE_URL": url,
            }
        )

    first, second = app_on_another_machine(), app_on_another_machine()
    name = f"redis-{os.getpid()}-{tmp_path.name}"[:60]
    for _ in range(5):
        sign_in(first.test_client(), name, "wrong guess")

    assert sign_in(second.test_client(), name, "wrong guess").status_code == 429
