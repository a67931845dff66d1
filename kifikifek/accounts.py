"""Creating and checking the accounts of moderators and admins."""

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from kifikifek import geography
from kifikifek.extensions import db
from kifikifek.models import User

ROLES = ("moderator", "admin")
PASSWORD_MIN_LENGTH = 10
USERNAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# Checked when no account has the name, so that a wrong name takes as long to
# refuse as a wrong password and the timing says nothing about which it was.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")


class AccountError(ValueError):
    """An account that cannot be made as asked; the message says why."""

    def __init__(self, message: str, field: str = "username") -> None:
        super().__init__(message)
        self.field = field


def create_account(
    username: str, role: str, password: str, governorate_code: str | None = None
) -> User:
    """Make an account after checking that it makes sense."""
    username = username.strip()
    governorate_code = governorate_code or None
    if role not in ROLES:
        raise AccountError(_("The role must be moderator or admin."), "role")
    if role == "moderator" and governorate_code not in geography.PARTNERS:
        raise AccountError(
            _("A moderator needs the governorate of a partner association."),
            "governorate",
        )
    if role == "admin" and governorate_code:
        raise AccountError(
            _("An admin sees every governorate; give none."), "governorate"
        )
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(
            _("Use at least %(min)d characters.", min=PASSWORD_MIN_LENGTH),
            "password",
        )
    if not USERNAME.fullmatch(username):
        raise AccountError(
            _("Use up to 64 Latin letters, digits, dots, dashes and underscores.")
        )
    if find_account(username) is not None:
        raise AccountError(_("This user name is taken."))

    user = User(username=username, role=role, governorate_code=governorate_code)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    current_app.logger.info(
        "account.created: %s as %s of %s", username, role, governorate_code or "all"
    )
    return user


def find_account(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def authenticate(username: str, password: str) -> User | None:
    """The active account these credentials open, or None, in the same time."""
    user = find_account(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user
