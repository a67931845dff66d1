"""Filters of the public statistics, read from the address."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from kifikifek.forms import Form, governorate_options, options
from kifikifek.statistics import Filters
from kifikifek.taxonomy import CATEGORIES, SETTINGS

PERIOD_NAMES = {
    "month": _l("By month"),
    "quarter": _l("By quarter"),
    "year": _l("By year"),
}


class StatsFilterForm(Form):
    class Meta:
        csrf = False

    governorate = SelectField(_l("Governorate"), validators=[Optional()])
    category = SelectField(_l("Kind of inequality"), validators=[Optional()])
    setting = SelectField(_l("Setting"), validators=[Optional()])
    period = SelectField(
        _l("Periods"), choices=options(PERIOD_NAMES.items()), default="month"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everywhere = _l("All")
        self.governorate.choices = governorate_options(everywhere)
        self.category.choices = options(
            ((category.key, category.label) for category in CATEGORIES), everywhere
        )
        self.setting.choices = options(SETTINGS.items(), everywhere)

    def filters(self) -> Filters:
        """The filters that validated; none if any is unknown."""
        if not self.validate():
            return Filters()
        return Filters(
            governorate=self.governorate.data or None,
            category=self.category.data or None,
            setting=self.setting.data or None,
        )

    def granularity(self) -> str:
        return self.period.data if self.period.data in PERIOD_NAMES else "month"
