"""Commands for ``flask --app kifikifek``: init-db, create-user, demo-data, and
erase-contacts."""

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from kifikifek.accounts import ROLES, AccountError, create_account
from kifikifek.database import ensure_schema


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the tables, and load the governorates and delegations."""
    ensure_schema()
    click.echo("Database ready.")


@click.command("create-user")
@with_appcontext
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--governorate",
    metavar="CODE",
    help="A moderator's governorate, as its code: TN11, TN23, TN41, TN53 or TN61.",
)
def create_user(name: str, role: str, governorate: str | None) -> None:
    """Create an account; the password is asked for, or read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_account(name, role, password, governorate)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.username}.")


@click.command("demo-data")
@with_appcontext
@click.option("--count", default=300, show_default=True)
@click.option("--seed", type=int, help="Make the same reports every time.")
def demo_data(count: int, seed: int | None) -> None:
    """Fill the database with plausible reports for trying the site."""
    from kifikifek.demo import make_reports

    ensure_schema()
    make_reports(count, seed)
    click.echo(f"Added {count} demonstration reports.")


@click.command("erase-contacts")
@with_appcontext
def erase_contacts() -> None:
    """Erase the contact details of reports closed longer than the retention."""
    from kifikifek.retention import erase_expired_contacts

    click.echo(f"Erased the contact details of {erase_expired_contacts()} reports.")


def init_app(app: Flask) -> None:
    for command in (init_db, create_user, demo_data, erase_contacts):
        app.cli.add_command(command)
