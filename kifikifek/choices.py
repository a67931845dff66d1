"""Options for select and radio fields."""

from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def options(
    pairs: Iterable[tuple[str, Any]], first: Any = None, group: str | None = None
) -> list[SelectChoice]:
    """Options from ``(value, label)`` pairs, after an empty ``first`` one if given."""
    empty = [SelectChoice("", first)] if first is not None else []
    return empty + [
        SelectChoice(value, label, optgroup=group) for value, label in pairs
    ]
