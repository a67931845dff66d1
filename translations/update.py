"""Refresh the catalogues after changing any text a person reads.

Run from the project root: ``python translations/update.py``. It extracts every
message into ``messages.pot``, merges new and changed ones into the ar, fr and en
catalogues, and fills English with the source text, which is already English.
Then translate what is new in Arabic and French and run
``pybabel compile -d translations``.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
EXTRACT = [
    *("-k", "_l", "-k", "lazy_gettext"),
    "--add-location=file",
    "--sort-by-file",
    "--project=Kifi-Kifek",
    "--copyright-holder=ATMSS",
]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


def fill_english() -> None:
    path = HERE / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = (message.id[0], message.id[1])
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as po:
        write_po(po, catalog, sort_by_file=True, include_previous=False)


def main() -> None:
    template = str(HERE / "messages.pot")
    pybabel("extract", "-F", "babel.cfg", *EXTRACT, "-o", template, ".")
    pybabel("update", "-i", template, "-d", str(HERE), "--no-fuzzy-matching")
    fill_english()


if __name__ == "__main__":
    main()
