"""Kifi-Kifek: report behaviours of gender inequality in Tunisia."""

from collections.abc import Mapping
from typing import Any

from flask import Flask

from kifikifek import (
    assets,
    cli,
    errors,
    extensions,
    i18n,
    security,
    settings,
    throttle,
    urls,
    vault,
)
from kifikifek.database import ensure_schema


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(settings.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    settings.read_environment(app.config)
    if config is not None:
        app.config.from_mapping(config)
    settings.finish(app)

    extensions.init_app(app)
    vault.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    throttle.init_app(app)
    errors.init_app(app)
    urls.init_app(app)

    from kifikifek.moderation import bp as moderation_bp
    from kifikifek.public import bp as public_bp
    from kifikifek.stats import bp as stats_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(stats_bp, url_prefix="/stats")
    cli.init_app(app)

    if app.config["CREATE_SCHEMA_ON_START"]:
        with app.app_context():
            ensure_schema()

    return app
