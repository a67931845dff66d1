"""Creating and checking the accounts of moderators and admins."""

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from kifikifek import audit, geography
from kifikifek.extensions import db
from kifikifek.models import Report, User

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
    username: str,
    role: str,
    password: str,
    governorate_code: str | None = None,
    actor: User | None = None,
) -> User:
    """Make an account after checking that it makes sense."""
    username = username.strip()
    governorate_code = check_role(role, governorate_code or None)
    check_password(password)
    if not USERNAME.fullmatch(username):
        raise AccountError(
            _("Use up to 64 Latin letters, digits, dots, dashes and underscores.")
        )
    if find_account(username) is not None:
        raise AccountError(_("This user name is taken."))

    user = User(username=username, role=role, governorate_code=governorate_code)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "account_created",
        actor,
        subject=user,
        governorate_code=governorate_code,
        role=role,
    )
    db.session.commit()
    current_app.logger.info(
        "account.created: %s as %s of %s", username, role, governorate_code or "all"
    )
    return user


def change_role(
    user: User, role: str, governorate_code: str | None, actor: User
) -> None:
    """Give ``user`` another role or governorate; their sessions end."""
    governorate_code = check_role(role, governorate_code or None)
    if role != "admin":
        keep_an_admin(user)
    old = {"role": user.role, "governorate": user.governorate_code}
    if governorate_code != user.governorate_code:
        # Reports of the region left behind go back to nobody.
        db.session.execute(
            update(Report).where(Report.assignee_id == user.id).values(assignee_id=None)
        )
    user.role, user.governorate_code = role, governorate_code
    user.session_version += 1
    # Both regions' trails show the change: the one left and the one joined.
    for region in {old["governorate"], governorate_code}:
        audit.record(
            "account_changed",
            actor,
            subject=user,
            governorate_code=region,
            old=old,
            new={"role": role, "governorate": governorate_code},
        )
    db.session.commit()
    current_app.logger.info("account.changed: %s by %s", user.username, actor.username)


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivate ``user`` (signed out on their next request) or reactivate."""
    if user.id == actor.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if not active:
        keep_an_admin(user)
        # Sessions end for good: reactivating must not bring old cookies back.
        user.session_version += 1
        unassigned = db.session.execute(
            update(Report).where(Report.assignee_id == user.id).values(assignee_id=None)
        ).rowcount
    user.active = active
    audit.record(
        "account_changed",
        actor,
        subject=user,
        governorate_code=user.governorate_code,
        active=active,
        **({} if active else {"unassigned": unassigned}),
    )
    db.session.commit()
    current_app.logger.info(
        "account.%s: %s by %s",
        "reactivated" if active else "deactivated",
        user.username,
        actor.username,
    )


def reset_password(user: User, password: str, actor: User | None) -> None:
    """Give ``user`` a new password, which ends all their sessions."""
    check_password(password)
    user.set_password(password)
    audit.record(
        "password_reset", actor, subject=user, governorate_code=user.governorate_code
    )
    db.session.commit()
    current_app.logger.info("account.password_reset: %s", user.username)


def keep_an_admin(user: User) -> None:
    """Refuse a change that would leave no active admin to run the site."""
    if not (user.is_admin and user.active):
        return
    others = (
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active, User.id != user.id)
    )
    if db.session.scalar(others) == 0:
        raise AccountError(_("The site needs at least one active admin."), "role")


def check_role(role: str, governorate_code: str | None) -> str | None:
    """The governorate that goes with ``role``, or an error saying what is wrong."""
    if role not in ROLES:
        raise AccountError(_("The role must be moderator or admin."), "role")
    if role == "moderator" and governorate_code not in geography.PARTNERS:
        raise AccountError(
            _("A moderator needs the governorate of a partner association."),
            "governorate",
        )
    # An admin sees every governorate: one chosen by mistake is dropped.
    return None if role == "admin" else governorate_code


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(
            _("Use at least %(min)d characters.", min=PASSWORD_MIN_LENGTH),
            "password",
        )


def find_account(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def authenticate(username: str, password: str) -> User | None:
    """The active account these credentials open, or None, in the same time."""
    user = find_account(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        # The name typed is not kept: it may be a password typed in the wrong box.
        audit.record("login_failed")
    elif not user.check_password(password) or not user.is_active:
        audit.record(
            "login_failed", subject=user, governorate_code=user.governorate_code
        )
    else:
        return user
    db.session.commit()
    return None
