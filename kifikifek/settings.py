"""Configuration: defaults, the environment, and a secret key that exists."""

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Config, Flask

#: The folder beside the package that holds the ar, fr and en catalogues.
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


class Defaults:
    """Settings that hold unless the instance, the environment or a test overrides."""

    # hide_parameters: a database error must never write a report into the log.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    #: Far above the longest report (5,000 characters), far below a nuisance.
    MAX_CONTENT_LENGTH = 256 * 1024
    LOG_LEVEL = "INFO"
    CREATE_SCHEMA_ON_START = True
    BABEL_DEFAULT_LOCALE = "ar"
    BABEL_DEFAULT_TIMEZONE = "Africa/Tunis"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A citizen may leave the form open for hours; the view renews a stale token
    # without losing what was typed, so the limit only bounds a token's reuse.
    WTF_CSRF_TIME_LIMIT = 3600 * 12
    #: ``{style}`` becomes the hash of the inline stylesheet (see assets).
    CONTENT_SECURITY_POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src {style}; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    )
    # Compression is applied by assets.compress_outside_moderation instead.
    COMPRESS_REGISTER = False
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/csv", "application/javascript"]
    QUICK_EXIT_URL = "https://www.google.com/search?q=m%C3%A9t%C3%A9o"
    REPORTS_PER_PAGE = 25
    #: Where failed sign-ins and reports are counted: memory, or Redis for
    #: several workers or machines (``redis://127.0.0.1:6379``).
    THROTTLE_STORAGE_URL = "memory://"
    #: Reports one client address may file; empty for no limit. The busiest
    #: month so far brought 200 reports from the whole country, so only a flood
    #: reaches this, even from a mobile network's address shared by thousands.
    REPORT_RATE_LIMITS = "20/10 minutes;60/hour"
    #: A report sent sooner than this after its form opened is shown back to be
    #: checked and sent again: no person reads and fills the form that fast.
    MIN_FILL_SECONDS = 4
    #: Keys that seal contact details, newest first; without them the key in
    #: ``instance/contact_key`` is used, made on first start. Never in the database.
    CONTACT_KEYS = None
    #: Days a closed report keeps the citizen's contact details before they
    #: are erased.
    CONTACT_RETENTION_DAYS = 30
    #: How many reverse proxies set X-Forwarded-For in front of the site.
    PROXY_COUNT = 0
    #: Failed sign-ins allowed per account and per client ("" allows any number).
    SIGN_IN_ACCOUNT_LIMITS = "5/minute"
    SIGN_IN_CLIENT_LIMITS = "20/10 minutes"
    #: How long public counts are reused before the database counts again.
    STATS_CACHE_SECONDS = 60


def read_environment(config: Config) -> None:
    """Take ``SECRET_KEY``, ``DATABASE_URL`` and ``KIFIKIFEK_*`` from the environment.

    ``KIFIKIFEK_STATS_CACHE_SECONDS=0`` sets ``STATS_CACHE_SECONDS``; values are
    read as JSON where they parse, else kept as text.
    """
    config.from_prefixed_env("KIFIKIFEK")
    if secret_key := os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = secret_key
    if database_url := os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = database_url


def finish(app: Flask) -> None:
    """Fill in what is still missing: the database URL and the secret key."""
    # Only the site's own user may read the database and the key in there.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    app.logger.setLevel(app.config["LOG_LEVEL"])
    url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "kifikifek.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = psycopg_url(url)
    if url.startswith("sqlite"):
        # Several workers share one SQLite file: a writer waits for another's
        # commit (up to 15 s) instead of failing.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def psycopg_url(url: str) -> str:
    """Point a bare PostgreSQL URL at psycopg 3, the driver this project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance: Path) -> str:
    """Return the key kept in ``instance``, making it on first use."""
    return private_file(instance / "secret_key", lambda: secrets.token_hex(32))


def private_file(path: Path, make: Callable[[], str]) -> str:
    """Return the text kept at ``path``, writing ``make()`` there first if missing.

    The text is written to a private temporary file and linked into place, so
    that workers starting at once agree on one complete value.
    """
    if not path.exists():
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        with os.fdopen(fd, "w") as private:
            private.write(make())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()
