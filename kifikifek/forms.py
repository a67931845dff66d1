"""What every form here shares: where its data comes from, and options."""

from collections.abc import Iterable
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from kifikifek import geography
from kifikifek.i18n import alphabetical, localized


class Form(FlaskForm):
    """A form that reads only the posted fields: never files, never JSON."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is None or hasattr(formdata, "getlist"):
                return formdata  # given by the view, e.g. the query string
            return request.form if form.is_submitted() else None


def options(
    pairs: Iterable[tuple[str, Any]], first: Any = None, group: str | None = None
) -> list[SelectChoice]:
    """Options from ``(value, label)`` pairs, after an empty ``first`` one if given."""
    empty = [SelectChoice("", first)] if first is not None else []
    return empty + [
        SelectChoice(value, label, optgroup=group) for value, label in pairs
    ]


def governorate_options(first: Any = None) -> list[SelectChoice]:
    """All 24 governorates, in the reader's alphabetical order."""
    governorates = sorted(geography.governorates(), key=alphabetical)
    return options(((g.code, localized(g)) for g in governorates), first)
