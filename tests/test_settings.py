"""Configuration: the database URL and a secret key that needs no set-up."""

import stat

from kifikifek import create_app
from kifikifek.settings import instance_secret_key, psycopg_url
from tests.conftest import on_sqlite, report_fields


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    database = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SECRET_KEY", "from the environment")

    app = create_app()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert app.config["SECRET_KEY"] == "from the environment"
    assert database.exists()  # the schema is made on first start


def test_any_setting_comes_from_a_prefixed_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("KIFIKIFEK_STATS_CACHE_SECONDS", "5")
    monkeypatch.setenv("KIFIKIFEK_THROTTLE_STORAGE_URL", "memory://")

    app = create_app({"SECRET_KEY": "test"})

    assert app.config["STATS_CACHE_SECONDS"] == 5
    assert app.config["THROTTLE_STORAGE_URL"] == "memory://"


def test_postgres_urls_use_psycopg_3():
    assert psycopg_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert psycopg_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert psycopg_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert psycopg_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_secret_key_is_made_once_and_kept_private(tmp_path):
    first = instance_secret_key(tmp_path)
    second = instance_secret_key(tmp_path)

    assert first == second
    assert len(first) == 64
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert list(tmp_path.iterdir()) == [tmp_path / "secret_key"]


def test_security_headers_on_every_page(client):
    response = client.get("/")

    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_quick_exit_forgets_the_visit(client):
    response = client.get("/leave")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://")
    assert "cookies" in response.headers["Clear-Site-Data"]


def test_https_gets_strict_transport_and_secure_cookies(client):
    response = client.post(
        "/?lang=fr", data=report_fields(), base_url="https://kifikifek.example"
    )

    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookies = response.headers.getlist("Set-Cookie")
    assert {cookie.split("=")[0] for cookie in cookies} == {"lang", "session"}
    assert all("Secure" in cookie for cookie in cookies)


def test_plain_http_gets_no_strict_transport(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@on_sqlite
def test_sqlite_writers_wait_for_each_other(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"timeout": 15}
