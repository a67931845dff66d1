"""The database tables: places, reports, notes, the audit trail, and accounts."""

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from kifikifek.extensions import db
from kifikifek.vault import Sealed


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

    __table_args__ = (
        # The queue of one region, newest first, and its counts per status.
        Index("ix_report_region_created", "governorate_code", "created_at"),
        Index("ix_report_region_status", "governorate_code", "status", "created_at"),
        Index(
            "ix_report_region_category", "governorate_code", "category", "created_at"
        ),
        # The public statistics count checked reports by each of these.
        Index("ix_report_status_governorate", "status", "governorate_code"),
        Index("ix_report_status_category", "status", "category"),
        Index("ix_report_status_setting", "status", "setting"),
        Index("ix_report_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    language: Mapped[str] = mapped_column(String(2))

    category: Mapped[str] = mapped_column(String(32))
    setting: Mapped[str] = mapped_column(String(32))
    governorate_code: Mapped[str] = mapped_column(ForeignKey("governorate.code"))
    delegation_code: Mapped[str | None] = mapped_column(ForeignKey("delegation.code"))
    occurred_on: Mapped[date]
    #: ``day`` when the citizen gave a date, ``month`` when only month and year.
    occurred_precision: Mapped[str] = mapped_column(String(8))
    reporter: Mapped[str] = mapped_column(String(16))
    age_range: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    #: The description folded for search: no accents, hamza or case (see search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The random token of the form that sent it, so that a form sent twice
    #: files once. It is drawn afresh for each form and says nothing of anyone.
    submission_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    #: Only kept when the citizen asked to be contacted, sealed (see vault),
    #: and erased on request or some days after the report is closed.
    contact: Mapped[str | None] = mapped_column(Sealed)

    status: Mapped[str] = mapped_column(String(16), default="new")
    #: When a moderator first moved it on from "new": how long it waited.
    first_reviewed_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(String(32))
    referral_service: Mapped[str | None] = mapped_column(String(32))
    #: Written by a moderator for the public list; never the citizen's words as is.
    public_summary: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    #: When it was referred, published or rejected; empty while still open.
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("report.id"), index=True
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    #: Counts the changes; two moderators saving at once cannot both win.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    governorate: Mapped[Governorate] = relationship()
    delegation: Mapped[Delegation | None] = relationship()
    assignee: Mapped["User | None"] = relationship()
    duplicate_of: Mapped["Report | None"] = relationship(
        remote_side=[id], back_populates="duplicates"
    )
    duplicates: Mapped[list["Report"]] = relationship(back_populates="duplicate_of")
    notes: Mapped[list["Note"]] = relationship(order_by="Note.created_at")


class Note(db.Model):
    """A private note between the moderators of a report's region."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)

    author: Mapped["User"] = relationship()


class AuditEvent(db.Model):
    """One entry of the append-only trail: who did what, when, to what.

    ``governorate_code`` is the region the event belongs to, which decides who
    may read it; it is empty for events that only admins see.
    """

    __table_args__ = (Index("ix_audit_region_created", "governorate_code", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(32))
    governorate_code: Mapped[str | None] = mapped_column(String(4))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])
    subject: Mapped["User | None"] = relationship(foreign_keys=[subject_id])


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
