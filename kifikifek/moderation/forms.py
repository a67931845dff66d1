"""Forms of the moderation blueprint."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from kifikifek import geography
from kifikifek.accounts import PASSWORD_MIN_LENGTH
from kifikifek.forms import Form, clean_text, options
from kifikifek.i18n import alphabetical, localized
from kifikifek.taxonomy import CATEGORIES, STATUSES


class LoginForm(Form):
    username = StringField(
        _l("User name"), validators=[DataRequired(_l("Type your user name."))]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Type your password."))]
    )


class StatusForm(Form):
    status = SelectField(_l("New status"), choices=options(STATUSES.items()))
    note = TextAreaField(
        _l("Note for the team (never shown to the citizen)"),
        filters=[clean_text],
        validators=[
            Length(
                max=5000,
                message=_l("Please shorten this to %(max)d characters or fewer."),
            )
        ],
    )


class FilterForm(Form):
    """Queue filters, read from the query string so a view can be bookmarked."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    region = SelectField(_l("Governorate"), validators=[Optional()])

    def __init__(self, *args, admin: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = options(STATUSES.items(), _l("Any"))
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), _l("Any")
        )
        if admin:
            governorates = sorted(geography.governorates(), key=alphabetical)
            self.region.choices = options(
                [("national", _l("National queue"))]
                + [
                    (governorate.code, localized(governorate))
                    for governorate in governorates
                ],
                _l("Any"),
            )
        else:
            # A moderator's region comes from the account, never from a filter.
            del self.region


class ExportForm(Form):
    with_contact = BooleanField(
        _l("Include the contact details of citizens who asked to be contacted")
    )


class AccountForm(Form):
    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(_l("Choose a user name.")),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=options(
            [("moderator", _l("Moderator")), ("admin", _l("Administrator"))]
        ),
    )
    governorate = SelectField(_l("Governorate (moderators only)"))
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.governorate.choices = options(
            (
                (code, f"{localized(geography.by_code(code))} · {association}")
                for code, association in geography.PARTNERS.items()
            ),
            "—",
        )
