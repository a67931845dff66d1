"""The words a report is classified with, and what each maps to for partners.

Each category names a kind of inequality in words a citizen recognises. Where the
Organic Law 2017-58 names a form of violence it applies to, ``law_form`` says
which; where it is violence, ``gbvims`` gives the core incident type that aid
agencies count with (the GBVIMS classification), so partners can compare figures.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class Category:
    key: str
    label: LazyString
    law_form: str | None = None
    gbvims: str | None = None


CATEGORIES = (
    Category("work", _l("Discrimination at work or when hiring"), "economic"),
    Category("pay", _l("Unequal pay for the same work"), "economic"),
    Category("education", _l("Kept out of school or training"), "economic", "denial"),
    Category(
        "services",
        _l("Refused or unequal access to a service (health, administration, justice)"),
        "economic",
        "denial",
    ),
    Category(
        "inheritance",
        _l("Denied an inheritance or property share"),
        "economic",
        "denial",
    ),
    # Inequality written into law itself, kept apart from an incident where
    # someone is denied what the law gives them (the category above).
    Category(
        "unequal_law", _l("A law or official rule that treats women and men unequally")
    ),
    Category("public_life", _l("Kept out of public or political life"), "political"),
    Category(
        "harassment",
        _l("Sexual harassment (remarks, gestures, following, unwanted advances)"),
        "sexual",
        "psychological",
    ),
    Category(
        "online",
        _l("Harassment or threats online, or private images shared"),
        "moral",
        "psychological",
    ),
    Category("physical", _l("Physical violence"), "physical", "physical_assault"),
    # Moderators tell rape apart from other sexual assault when they review;
    # the citizen is not asked to.
    Category("sexual", _l("Sexual violence"), "sexual", "sexual_assault"),
    Category(
        "psychological",
        _l("Psychological violence (threats, humiliation, control, isolation)"),
        "moral",
        "psychological",
    ),
    Category(
        "economic",
        _l("Economic violence (earnings taken, money or resources withheld)"),
        "economic",
        "denial",
    ),
    Category(
        "forced_marriage", _l("Forced or early marriage"), "moral", "forced_marriage"
    ),
    Category("other", _l("Something else")),
)

SETTINGS = {
    "home": _l("At home or in the family"),
    "work": _l("At work"),
    "street": _l("In the street or on transport"),
    "school": _l("At school or university"),
    "institution": _l("In an administration, hospital, court or police station"),
    "online": _l("Online or by phone"),
    "other": _l("Somewhere else"),
}

REPORTERS = {
    "self": _l("I am the person concerned"),
    "witness": _l("I saw it or know the person"),
    "organisation": _l("I report for an organisation"),
}

AGE_RANGES = {
    "under_18": _l("Under 18"),
    "18_29": _l("18 to 29"),
    "30_44": _l("30 to 44"),
    "45_59": _l("45 to 59"),
    "60_plus": _l("60 or over"),
}

GENDERS = {
    "woman": _l("Woman or girl"),
    "man": _l("Man or boy"),
    "other": _l("Another answer"),
}

STATUSES = {
    "new": _l("New"),
    "in_review": _l("In review"),
    "verified": _l("Verified"),
    "referred": _l("Referred"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
}

REJECTION_REASONS = {
    "spam": _l("Spam or abuse of the form"),
    "duplicate": _l("Duplicate of another report"),
    "out_of_scope": _l("Outside what the platform covers"),
    "not_enough_detail": _l("Not enough detail to act on"),
}

REFERRAL_SERVICES = {
    "health": _l("Health care"),
    "legal_aid": _l("Legal aid"),
    "police": _l("Police or national guard"),
    "shelter": _l("Shelter"),
    "association": _l("Another association"),
}

#: What a citizen is told on the status page; never a moderator's own words.
STATUS_EXPLANATIONS = {
    "new": _l("Your report has arrived and is waiting to be read."),
    "in_review": _l("Someone from the association is reading your report."),
    "verified": _l("Your report has been read and checked."),
    "referred": _l(
        "Your report has been checked and passed on to a service that can help."
    ),
    "published": _l(
        "Your report has been checked, and a short summary without anything that"
        " could identify you is on the list of published reports."
    ),
    "rejected": _l(
        "Your report could not be kept, for example because it was a duplicate or"
        " outside what this platform covers."
    ),
}

CATEGORY_LABELS = {category.key: category.label for category in CATEGORIES}

#: The translated label of every stored key, by the column it is stored in.
LABELS = {
    "status": STATUSES,
    "rejection_reason": REJECTION_REASONS,
    "referral_service": REFERRAL_SERVICES,
    "category": CATEGORY_LABELS,
    "setting": SETTINGS,
    "reporter": REPORTERS,
    "age_range": AGE_RANGES,
    "gender": GENDERS,
}
