"""Flask extensions, created once and bound to the app in ``init_app``."""

from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
compress = Compress()
#: Inside the package, so that an installed site has its migrations. SQLite
#: cannot alter most of a table in place: batch mode copies it to a new one.
migrate = Migrate(
    directory=Path(__file__).resolve().parent / "migrations", render_as_batch=True
)


def init_app(app: Flask) -> None:
    """Bind the extensions that need no further set-up to ``app``."""
    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "moderation.login"
    # Phones change address often; sessions end instead through the account's
    # session_version (see User.get_id), which a password change bumps.
    login_manager.session_protection = None
