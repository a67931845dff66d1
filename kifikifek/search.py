"""Free-text search that forgives how Arabic and French are typed.

Arabic is written with or without hamza on alef, with taa marbuta or haa at a
word's end, alif maqsura or yaa, tatweel and short-vowel marks; French with or
without accents and capitals. Reports are stored with a folded copy of their
text, and a query is folded the same way, so each spelling finds the others.
"""

import unicodedata

from sqlalchemy import Select, and_

from kifikifek.models import Report

TATWEEL = "\u0640"
_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ٱ": "ا", TATWEEL: None})


def fold(text: str) -> str:
    """``text`` without marks, hamza on alef, tatweel, accents or case.

    Decomposing separates the hamza and madda from alef (أ إ آ → ا) and the
    accents from Latin letters; the marks, harakat included, are then dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_LETTERS).casefold()


def matching(query: Select[tuple[Report]], text: str) -> Select[tuple[Report]]:
    """Narrow ``query`` to reports whose description holds every word of ``text``."""
    terms = fold(text).split()
    if not terms:
        return query
    return query.where(
        and_(*(Report.search_text.contains(term, autoescape=True) for term in terms))
    )
