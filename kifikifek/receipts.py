"""Receipt codes: short enough to copy by hand, far too many to guess."""

import secrets

#: Crockford's base 32: digits and capitals without I, L, O and U, which are
#: easy to misread or copy wrongly.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12  # 60 bits
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def new_code() -> str:
    """A fresh random code, stored without dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """``K7M4Q9XD2HPT`` as ``K7M4-Q9XD-2HPT``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize(typed: str) -> str | None:
    """The stored form of what a citizen typed, or None if it cannot be a code."""
    code = typed.upper().translate(_LOOKALIKES).translate(_ARABIC_DIGITS)
    code = "".join(char for char in code if char not in " -_.\t")
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code
