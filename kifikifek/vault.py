"""Contact details sealed with a key that the database never holds.

A copy of the database alone, a backup or a stolen disk image, shows sealed
tokens where citizens left a phone number or an e-mail address. The key comes
from ``CONTACT_KEYS`` (``KIFIKIFEK_CONTACT_KEYS`` in the environment), or from
``instance/contact_key``, made on first start. ``CONTACT_KEYS`` may list
several keys, newest first: the first seals, every one opens, so that a key
can be replaced without losing what the old one sealed.
"""

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from kifikifek.settings import private_file


def init_app(app: Flask) -> None:
    keys = app.config.get("CONTACT_KEYS") or instance_key(Path(app.instance_path))
    if isinstance(keys, str):
        keys = keys.replace(",", " ").split()
    app.extensions["kifikifek.vault"] = MultiFernet([Fernet(key) for key in keys])


def instance_key(instance: Path) -> str:
    """Return the key kept in ``instance``, making it on first use."""
    return private_file(
        instance / "contact_key", lambda: Fernet.generate_key().decode()
    )


def seal(text: str) -> str:
    return current_app.extensions["kifikifek.vault"].encrypt(text.encode()).decode()


def unseal(token: str) -> str | None:
    """The sealed text, or None if none of the keys opens it."""
    try:
        return current_app.extensions["kifikifek.vault"].decrypt(token).decode()
    except InvalidToken:
        # A lost or replaced key: the details are gone, the page still works.
        current_app.logger.warning("vault.unreadable_contact")
        return None


class Sealed(TypeDecorator):
    """A text column stored sealed, and read back in clear."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else seal(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else unseal(value)
