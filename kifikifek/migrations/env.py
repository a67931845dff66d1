"""Run the revisions on the app's database, for ``flask db`` and the start-up.

The start-up (``database.ensure_schema``) hands over a connection it holds in
``config.attributes``; ``flask db`` commands open their own.
"""

import logging.config

from alembic import context
from alembic.operations import MigrationScript
from alembic.runtime.migration import MigrationContext
from flask import current_app
from sqlalchemy.engine import Connection

from kifikifek.database import include_name

config = context.config
settings = current_app.extensions["migrate"]


def skip_empty_revision(
    migration: MigrationContext, revision: tuple, scripts: list
) -> None:
    """Write no revision file when the models and the database already agree."""
    if getattr(config.cmd_opts, "autogenerate", False):
        script: MigrationScript = scripts[0]
        if script.upgrade_ops.is_empty():
            scripts[:] = []


def run_online(connection: Connection) -> None:
    options = {"process_revision_directives": skip_empty_revision}
    options.update(settings.configure_args)
    context.configure(
        connection=connection,
        target_metadata=settings.db.metadata,
        include_name=include_name,
        **options,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Print the SQL instead of running it (``flask db upgrade --sql``)."""
    context.configure(
        url=settings.db.engine.url,
        target_metadata=settings.db.metadata,
        literal_binds=True,
        **settings.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif connection := config.attributes.get("connection"):
    run_online(connection)
else:
    # The command line shows Alembic's progress; loggers already set up stay.
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)
    with settings.db.engine.begin() as connection:
        run_online(connection)
