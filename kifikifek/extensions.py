"""Flask extensions, created once and bound to the app in ``init_app``."""

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
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


def init_app(app: Flask) -> None:
    """Bind the extensions that need no further set-up to ``app``."""
    db.init_app(app)
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "moderation.login"
    # Phones change address often; sessions end instead through the account's
    # session_version (see User.get_id), which a password change bumps.
    login_manager.session_protection = None
