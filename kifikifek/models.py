"""The database tables: places, reports, their history, and accounts."""

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from kifikifek.extensions import db


def utcnow() -> datetime:
    """The current time in UTC, as stored in every timestamp column."""
    return datetime.now(UTC).replace(tzinfo=None)


class Governorate(db.Model):
    """One of Tunisia's 24 governorates, keyed by its INS code (``TN11``)."""

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(80))
    name_fr: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))


class Delegation(db.Model):
    """A delegation inside a governorate, keyed by its INS code (``TN1151``)."""

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    governorate_code: Mapped[str] = mapped_column(ForeignKey("governorate.code"))
    name_ar: Mapped[str] = mapped_column(String(80))
    name_fr: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))


class Report(db.Model):
    """What a citizen filed. It holds no IP address and nothing about the device."""

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)

    category: Mapped[str] = mapped_column(String(32), index=True)
    setting: Mapped[str] = mapped_column(String(32))
    governorate_code: Mapped[str] = mapped_column(
        ForeignKey("governorate.code"), index=True
    )
    delegation_code: Mapped[str | None] = mapped_column(ForeignKey("delegation.code"))
    occurred_on: Mapped[date]
    #: ``day`` when the citizen gave a date, ``month`` when only month and year.
    occurred_precision: Mapped[str] = mapped_column(String(8))
    reporter: Mapped[str] = mapped_column(String(16))
    age_range: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    #: Only kept when the citizen asked to be contacted.
    contact: Mapped[str | None] = mapped_column(String(254))

    governorate: Mapped[Governorate] = relationship()
    delegation: Mapped[Delegation | None] = relationship()
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="report", order_by="StatusChange.created_at"
    )


class StatusChange(db.Model):
    """A moderator's move of a report to a new status, with a private note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    old_status: Mapped[str] = mapped_column(String(16))
    new_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="history")
    user: Mapped["User"] = relationship()


class User(UserMixin, db.Model):
    """A moderator of one governorate's association, or an ATMSS admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    governorate_code: Mapped[str | None] = mapped_column(ForeignKey("governorate.code"))
    active: Mapped[bool] = mapped_column(default=True)
    #: Bumped when the password changes, so that older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    governorate: Mapped[Governorate | None] = relationship()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """Tie the login session to the current password."""
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        """Hash ``password`` with scrypt and end every other session."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
