"""The admins' pages: list, create, change, deactivate accounts, reset passwords."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from kifikifek import accounts
from kifikifek.accounts import AccountError
from kifikifek.extensions import db
from kifikifek.models import User
from kifikifek.moderation import bp
from kifikifek.moderation.account_forms import (
    AccountForm,
    ConfirmForm,
    PasswordForm,
    RoleForm,
)
from kifikifek.moderation.auth import admin_required

ACCOUNT_URL = "/accounts/<int(max=2147483647):user_id>"


@bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def account_list() -> Response | tuple[str, int]:
    """List accounts and create new ones."""
    form = AccountForm()

    if form.validate_on_submit():
        try:
            user = accounts.create_account(
                form.username.data,
                form.role.data,
                form.password.data,
                form.governorate.data,
                actor=current_user,
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("moderation.account_list"), code=303)

    users = db.session.scalars(select(User).order_by(User.username)).all()
    page = render_template("moderation/accounts.html", form=form, users=users)
    return page, 400 if form.errors else 200


def render_account(user: User, status: int = 200, **forms) -> tuple[str, int]:
    forms = {
        "role_form": RoleForm(
            formdata=None, role=user.role, governorate=user.governorate_code or ""
        ),
        "password_form": PasswordForm(formdata=None),
        "confirm_form": ConfirmForm(formdata=None),
    } | forms
    return render_template("moderation/account.html", user=user, **forms), status


def account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get(ACCOUNT_URL)
@admin_required
def account(user_id: int) -> tuple[str, int]:
    """One account, with the forms to change it."""
    return render_account(account_or_404(user_id))


@bp.post(ACCOUNT_URL + "/role")
@admin_required
def change_role(user_id: int) -> Response | tuple[str, int]:
    """Set an account's role and governorate."""
    user = account_or_404(user_id)
    form = RoleForm()

    if form.validate_on_submit():
        try:
            accounts.change_role(
                user, form.role.data, form.governorate.data, current_user
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Account %(name)s changed.", name=user.username), "success")
            return redirect(url_for("moderation.account", user_id=user.id), code=303)
    return render_account(user, 400, role_form=form)


@bp.post(ACCOUNT_URL + "/password")
@admin_required
def reset_password(user_id: int) -> Response | tuple[str, int]:
    """Give an account a new password; its sessions end."""
    user = account_or_404(user_id)
    form = PasswordForm()

    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data, current_user)
        flash(_("New password set for %(name)s.", name=user.username), "success")
        return redirect(url_for("moderation.account", user_id=user.id), code=303)
    return render_account(user, 400, password_form=form)


@bp.post(ACCOUNT_URL + "/active")
@admin_required
def toggle_active(user_id: int) -> Response | tuple[str, int]:
    """Deactivate an active account, or reactivate an inactive one."""
    user = account_or_404(user_id)
    form = ConfirmForm()

    if form.validate_on_submit():
        try:
            accounts.set_active(user, not user.active, current_user)
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            message = (
                _("Account %(name)s reactivated.", name=user.username)
                if user.active
                else _("Account %(name)s deactivated.", name=user.username)
            )
            flash(message, "success")
            return redirect(url_for("moderation.account", user_id=user.id), code=303)
    return render_account(user, 400, confirm_form=form)
