"""Forms of the moderation blueprint: sign-in, queue filters and report actions."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from kifikifek import geography
from kifikifek.forms import Form, governorate_options, options
from kifikifek.i18n import alphabetical, localized
from kifikifek.models import User
from kifikifek.taxonomy import (
    CATEGORIES,
    REFERRAL_SERVICES,
    REJECTION_REASONS,
    SETTINGS,
    STATUSES,
)
from kifikifek.text import clean_text, one_line
from kifikifek.workflow import SUMMARY_MAX_CHARS

TEXT_MAX_CHARS = 5000
LONGER_THAN = _l("Please shorten this to %(max)d characters or fewer.")


def delegation_options(governorate_code: str | None, first) -> list:
    """Delegations of one governorate, or of all grouped by governorate."""
    if governorate_code:
        delegations = sorted(geography.delegations(governorate_code), key=alphabetical)
        return options(((d.code, localized(d)) for d in delegations), first)
    grouped = options([], first)
    for governorate in sorted(geography.governorates(), key=alphabetical):
        delegations = sorted(geography.delegations(governorate.code), key=alphabetical)
        grouped += options(
            ((d.code, localized(d)) for d in delegations), group=localized(governorate)
        )
    return grouped


class LoginForm(Form):
    username = StringField(
        _l("User name"),
        filters=[one_line],
        validators=[DataRequired(_l("Type your user name."))],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Type your password."))]
    )


class FilterForm(Form):
    """Queue filters, read from the query string so a search can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(_l("Search the descriptions"), filters=[one_line])
    status = SelectField(_l("Status"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    setting = SelectField(_l("Setting"), validators=[Optional()])
    delegation = SelectField(_l("Delegation"), validators=[Optional()])
    received_from = DateField(_l("Received from"), validators=[Optional()])
    received_to = DateField(_l("Received until"), validators=[Optional()])
    mine = BooleanField(_l("Only reports assigned to me"))
    region = SelectField(_l("Governorate"), validators=[Optional()])

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        any_ = _l("Any")
        self.status.choices = options(STATUSES.items(), any_)
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), any_
        )
        self.setting.choices = options(SETTINGS.items(), any_)
        self.delegation.choices = delegation_options(user.governorate_code, any_)
        if user.is_admin:
            national = options([("national", _l("National queue"))], any_)
            self.region.choices = national + governorate_options()
        else:
            # A moderator's region comes from the account, never from a filter.
            del self.region


class StatusForm(Form):
    # Offers only the moves allowed from where the report is; any other value is
    # refused by the workflow, which says why in words.
    status = SelectField(_l("New status"), validate_choice=False)
    reason = SelectField(
        _l("Reason, if rejected"),
        choices=options(REJECTION_REASONS.items(), "—"),
        validators=[Optional()],
    )
    duplicate_of = IntegerField(
        _l("Number of the report it repeats, if a duplicate"),
        validators=[Optional(), NumberRange(min=1, max=2_147_483_647)],
    )
    service = SelectField(
        _l("Service, if referred"),
        choices=options(REFERRAL_SERVICES.items(), "—"),
        validators=[Optional()],
    )


class NoteForm(Form):
    body = TextAreaField(
        _l("Note for the team (never shown to the citizen)"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Write the note first.")),
            Length(max=TEXT_MAX_CHARS, message=LONGER_THAN),
        ],
    )


class SummaryForm(Form):
    summary = TextAreaField(
        _l("Public summary, in your own words, without names or contact details"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Write the summary first.")),
            Length(max=SUMMARY_MAX_CHARS, message=LONGER_THAN),
        ],
    )


class AssignForm(Form):
    assignee = SelectField(_l("Assigned to"))


class ReassignForm(Form):
    governorate = SelectField(
        _l("Move to the governorate"),
        validators=[DataRequired(_l("Choose the governorate."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.governorate.choices = governorate_options(_l("Choose…"))


class ExportForm(Form):
    """What to export, in which format, and whether to include personal words."""

    format = SelectField(
        _l("Format"),
        choices=options(
            [
                ("csv", _l("CSV (spreadsheets, with commas)")),
                ("csv;", _l("CSV with semicolons (French Excel)")),
                ("xlsx", _l("Excel workbook (XLSX)")),
                ("jsonl", _l("JSON Lines")),
                ("sqlite", _l("SQLite database (Datasette, sqlite3)")),
            ]
        ),
    )
    received_from = DateField(_l("Received from"), validators=[Optional()])
    received_to = DateField(_l("Received until"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    governorates = SelectMultipleField(
        _l("Governorates (none chosen: all)"), validators=[Optional()]
    )
    with_description = BooleanField(_l("Include the citizens' descriptions"))
    with_contact = BooleanField(
        _l("Include the contact details of citizens who asked to be contacted")
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = options(STATUSES.items(), _l("Any"))
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), _l("Any")
        )
        if user.is_admin:
            self.governorates.choices = governorate_options()
        else:
            # A moderator exports their own region, and never contact details.
            del self.governorates
            del self.with_contact
