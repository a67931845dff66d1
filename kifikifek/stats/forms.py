"""Filters of the public statistics, read from the address."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from kifikifek.forms import options
from kifikifek.public.forms import EVERYWHERE, PublishedFilterForm
from kifikifek.statistics import Filters
from kifikifek.taxonomy import SETTINGS

PERIOD_NAMES = {
    "month": _l("By month"),
    "quarter": _l("By quarter"),
    "year": _l("By year"),
}


class StatsFilterForm(PublishedFilterForm):
    setting = SelectField(_l("Setting"), validators=[Optional()])
    period = SelectField(
        _l("Periods"), choices=options(PERIOD_NAMES.items()), default="month"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setting.choices = options(SETTINGS.items(), EVERYWHERE)

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
