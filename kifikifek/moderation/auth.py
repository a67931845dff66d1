"""Signing moderators and admins in and out."""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from kifikifek import throttle
from kifikifek.accounts import authenticate
from kifikifek.extensions import db, login_manager
from kifikifek.models import User
from kifikifek.moderation import bp
from kifikifek.moderation.forms import LoginForm
from kifikifek.urls import is_local

login_manager.login_message = None


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account a session belongs to, unless deactivated or its password changed."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def admin_required(view: Callable) -> Callable:
    """Let only admins through; others get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    """Sign in with a user name and password."""
    if current_user.is_authenticated:
        return redirect(url_for("moderation.queue"))
    form = LoginForm()

    if form.validate_on_submit():
        wait = throttle.wait_before_trying(form.username.data)
        if wait:
            current_app.logger.warning("account.login_throttled")
            message = _("Too many attempts. Wait %(seconds)d seconds.", seconds=wait)
            form.password.errors.append(message)
            return render_template("moderation/login.html", form=form), 429
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            current_app.logger.info("account.login: %s", user.username)
            target = request.args.get("next", "")
            return redirect(target if is_local(target) else url_for("moderation.queue"))
        current_app.logger.warning("account.login_failed")
        throttle.failed(form.username.data)
        form.password.errors.append(_("The user name or the password is wrong."))

    return render_template("moderation/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out and go back to the sign-in page."""
    current_app.logger.info("account.logout: %s", current_user.username)
    # The session lives in a cookie, so signing out must make every copy of
    # it worthless: the account's session version moves on.
    current_user.session_version += 1
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("moderation.login"))
