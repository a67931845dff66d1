"""Forms of the admins' account pages."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from kifikifek import geography
from kifikifek.accounts import PASSWORD_MIN_LENGTH
from kifikifek.forms import Form, options
from kifikifek.i18n import localized


def role_options() -> list:
    return options([("moderator", _l("Moderator")), ("admin", _l("Administrator"))])


def partner_options() -> list:
    """The governorates a moderator may belong to, with their association."""
    return options(
        (
            (code, f"{localized(geography.by_code(code))} · {association}")
            for code, association in geography.PARTNERS.items()
        ),
        "—",
    )


class NewPasswordMixin:
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                message=_l("Use at least %(min)d characters."),
            ),
        ],
    )


class RoleForm(Form):
    """An account's role, and for a moderator the partner governorate."""

    role = SelectField(_l("Role"))
    governorate = SelectField(_l("Governorate (moderators only)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_options()
        self.governorate.choices = partner_options()


class AccountForm(NewPasswordMixin, RoleForm):
    username = StringField(
        _l("User name"), validators=[DataRequired(_l("Choose a user name."))]
    )


class PasswordForm(NewPasswordMixin, Form):
    pass


class ConfirmForm(Form):
    """A button with nothing but the CSRF token behind it."""
