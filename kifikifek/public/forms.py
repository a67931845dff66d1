"""The report form and the receipt-code form."""

import functools
import re
import secrets
import time
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, TimestampSigner
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from kifikifek import geography
from kifikifek.forms import Form, governorate_options, options
from kifikifek.i18n import alphabetical, current_language, localized
from kifikifek.taxonomy import AGE_RANGES, CATEGORIES, GENDERS, REPORTERS, SETTINGS
from kifikifek.text import (
    clean_text,
    has_control_characters,
    one_line,
    plain_digits,
    words,
)

DESCRIPTION_MIN_WORDS = 3
DESCRIPTION_MAX_CHARS = 5000
FIRST_YEAR = 1990
EVERYWHERE = _l("All")
CONTROL_CHARACTERS = _l(
    "This held invisible control characters, now removed. Check it and send again."
)
MONTHS = [
    ("1", _l("January")),
    ("2", _l("February")),
    ("3", _l("March")),
    ("4", _l("April")),
    ("5", _l("May")),
    ("6", _l("June")),
    ("7", _l("July")),
    ("8", _l("August")),
    ("9", _l("September")),
    ("10", _l("October")),
    ("11", _l("November")),
    ("12", _l("December")),
]
SUBMISSION_TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_contact(contact: str) -> str | None:
    """A phone number or e-mail address in a stored form, or None if neither.

    Digits of any script (Arabic-Indic, full-width…) become ASCII digits, and a
    leading + becomes 00, which dials the same and which no spreadsheet reads
    as a formula.
    """
    contact = plain_digits(contact).strip()
    if EMAIL.match(contact):
        return contact
    number = re.sub(r"[\s().-]", "", contact)
    if not re.fullmatch(r"\+?[0-9]{8,15}", number):
        return None
    return "00" + number[1:] if number.startswith("+") else number


class ReportForm(Form):
    """Everything a citizen may tell; only what is needed is required."""

    #: Drawn for each new form, so that the same form sent twice files once.
    submission = HiddenField(default=lambda: secrets.token_urlsafe(18))
    #: When the form was first shown, signed so that a script cannot backdate it.
    opened = HiddenField(default=lambda: _opened_signer().sign("form").decode())
    #: A trap for scripts that fill every field: hidden from people, from screen
    #: readers and from the keyboard, with a name no browser autofills.
    extra = StringField(_l("Leave this field empty"))

    category = SelectField(
        _l("What happened?"),
        default="",
        validators=[DataRequired(_l("Choose what kind of inequality this was."))],
    )
    setting = SelectField(
        _l("Where did it happen?"),
        default="",
        validators=[DataRequired(_l("Choose where it happened."))],
    )
    governorate = SelectField(
        _l("Governorate"),
        default="",
        validators=[DataRequired(_l("Choose the governorate."))],
    )
    delegation = SelectField(
        _l("Delegation (optional)"), default="", validate_choice=False
    )
    occurred_on = DateField(_l("Date, if you know it"), validators=[Optional()])
    occurred_month = SelectField(_l("Month"), default="")
    occurred_year = SelectField(_l("Year"), default="")
    reporter = RadioField(
        _l("Who is reporting?"),
        choices=options(REPORTERS.items()),
        validators=[InputRequired(_l("Tell us who is reporting."))],
    )
    age_range = SelectField(
        _l("Age of the person concerned (optional)"),
        default="",
        choices=options(AGE_RANGES.items(), _l("Prefer not to say")),
    )
    gender = SelectField(
        _l("Gender of the person concerned (optional)"),
        default="",
        choices=options(GENDERS.items(), _l("Prefer not to say")),
    )
    description = TextAreaField(
        _l("Describe what happened"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Describe what happened, in a few words at least.")),
            Length(
                max=DESCRIPTION_MAX_CHARS,
                message=_l(
                    "Please shorten the description to %(max)d characters or fewer.",
                ),
            ),
        ],
    )
    wants_contact = BooleanField(_l("I would like the association to contact me"))
    contact = StringField(
        _l("Phone number or e-mail address"),
        filters=[one_line],
        validators=[
            Length(
                max=254,
                message=_l("Please shorten this to %(max)d characters or fewer."),
            )
        ],
    )
    consent = BooleanField(
        _l(
            "I agree that this report, without my name or contact details, may be"
            " read by the association and counted in statistics."
        ),
        validators=[DataRequired(_l("Please tick this box to send the report."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choose = _l("Choose…")
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), choose
        )
        self.setting.choices = options(SETTINGS.items(), choose)
        self.governorate.choices = governorate_options(choose)
        self.delegation.choices = options(
            [], _l("I don't know or prefer not to say")
        ) + list(_delegation_options(current_language()))
        this_year = date.today().year
        years = range(this_year, FIRST_YEAR - 1, -1)
        self.occurred_month.choices = options(MONTHS, _l("Month"))
        self.occurred_year.choices = options(
            ((str(year), str(year)) for year in years), _l("Year")
        )

    def validate_delegation(self, field: SelectField) -> None:
        if not (field.data and self.governorate.data):
            return
        delegation = geography.by_code(field.data)
        if delegation is None or delegation.parent_code != self.governorate.data:
            raise ValidationError(
                _l("This delegation is not in the governorate you chose.")
            )

    def validate_description(self, field: TextAreaField) -> None:
        typed = field.raw_data[0] if field.raw_data else ""
        if isinstance(typed, str) and has_control_characters(typed):
            # The field already shows the text without them: one look, one tap.
            raise ValidationError(CONTROL_CHARACTERS)
        if len(words(field.data)) < DESCRIPTION_MIN_WORDS:
            raise ValidationError(
                _l("Describe what happened, in a few words at least.")
            )

    def validate_occurred_on(self, field: DateField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("This date is in the future."))
        if field.data and field.data.year < FIRST_YEAR:
            raise ValidationError(
                _l("Please give a date from %(year)d onwards.", year=FIRST_YEAR)
            )

    def validate_occurred_year(self, field: SelectField) -> None:
        if self.occurred_on.data or self.occurred_on.errors:
            return
        if self.occurred_month.errors or field.errors:
            return
        month, year = self.occurred_month.data, field.data
        if not (month and year):
            raise ValidationError(
                _l("Give the date, or at least the month and the year.")
            )
        if (int(year), int(month)) > (date.today().year, date.today().month):
            raise ValidationError(_l("This month is in the future."))

    def validate_contact(self, field: StringField) -> None:
        raw = field.raw_data[0] if field.raw_data else ""
        if isinstance(raw, str) and has_control_characters(raw):
            raise ValidationError(CONTROL_CHARACTERS)
        typed = (field.data or "").strip()
        if not self.wants_contact.data:
            if typed:
                raise ValidationError(
                    _l(
                        "Tick the box above if you want to be contacted,"
                        " or clear this field."
                    )
                )
            return
        if not typed:
            raise ValidationError(
                _l("Give a phone number or an e-mail address to be contacted.")
            )
        if normalize_contact(typed) is None:
            raise ValidationError(
                _l("This does not look like a phone number or an e-mail address.")
            )

    def filled_by_a_script(self) -> bool:
        return bool((self.extra.data or "").strip())

    def sent_too_soon(self) -> bool:
        """True if the form came back faster than a person fills it.

        A form whose opening time is missing or forged counts as just opened:
        it is shown again, and the next press sends it.
        """
        if not (minimum := current_app.config["MIN_FILL_SECONDS"]):
            return False
        try:
            _, opened = _opened_signer().unsign(
                self.opened.data or "", return_timestamp=True
            )
        except BadSignature:
            self.opened.data = _opened_signer().sign("form").decode()
            return True
        return time.time() - opened.timestamp() < minimum

    def submission_token(self) -> str | None:
        """The form's token if it looks like one this site drew, else None."""
        token = self.submission.data or ""
        return token if SUBMISSION_TOKEN.fullmatch(token) else None

    def occurred(self) -> tuple[date, str]:
        """The date it happened and how precisely the citizen knows it."""
        if self.occurred_on.data:
            return self.occurred_on.data, "day"
        year, month = int(self.occurred_year.data), int(self.occurred_month.data)
        return date(year, month, 1), "month"


class ReceiptForm(Form):
    """The receipt code, typed back to see a report's status."""

    class Meta:
        # Looking a status up changes nothing, so a token would only add a way
        # for a form left open to fail.
        csrf = False

    code = StringField(
        _l("Receipt code"),
        filters=[one_line],
        validators=[DataRequired(_l("Type the code from your receipt."))],
    )


class PublishedFilterForm(Form):
    """Filters of the public pages (published reports, statistics), from the address."""

    class Meta:
        csrf = False

    governorate = SelectField(_l("Governorate"), validators=[Optional()])
    category = SelectField(_l("Kind of inequality"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.governorate.choices = governorate_options(EVERYWHERE)
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), EVERYWHERE
        )


def _opened_signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="report-opened")


@functools.cache
def _delegation_options(language: str) -> tuple[SelectChoice, ...]:
    """Every delegation grouped by governorate, sorted in ``language``.

    Built once per language: the same 264 names, sorted, on every form.
    """
    grouped = []
    for governorate in sorted(geography.governorates(), key=alphabetical):
        delegations = sorted(geography.delegations(governorate.code), key=alphabetical)
        grouped += options(
            ((delegation.code, localized(delegation)) for delegation in delegations),
            group=localized(governorate),
        )
    return tuple(grouped)
