"""The schema as it stood before migrations: what create_all made from models.py.

A database made before migrations has exactly these tables, and is stamped at
this revision on its next start. The search index is not here: install_index
keeps it, after every upgrade.

Revision ID: 5e1f0c3a9b21
Revises:
Create Date: 2026-12-04 19:34:35.465710
"""

import sqlalchemy as sa
from alembic import op

revision = "5e1f0c3a9b21"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governorate",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("name_ar", sa.String(length=80), nullable=False),
        sa.Column("name_fr", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "delegation",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("governorate_code", sa.String(length=4), nullable=False),
        sa.Column("name_ar", sa.String(length=80), nullable=False),
        sa.Column("name_fr", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["governorate_code"], ["governorate.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("governorate_code", sa.String(length=4), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["governorate_code"], ["governorate.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("setting", sa.String(length=32), nullable=False),
        sa.Column("governorate_code", sa.String(length=4), nullable=False),
        sa.Column("delegation_code", sa.String(length=6), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_precision", sa.String(length=8), nullable=False),
        sa.Column("reporter", sa.String(length=16), nullable=False),
        sa.Column("age_range", sa.String(length=16), nullable=True),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("submission_token", sa.String(length=32), nullable=True),
        sa.Column("contact", sa.String(length=254), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("first_reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("rejection_reason", sa.String(length=32), nullable=True),
        sa.Column("referral_service", sa.String(length=32), nullable=True),
        sa.Column("public_summary", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assignee_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["delegation_code"], ["delegation.code"]),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["report.id"]),
        sa.ForeignKeyConstraint(["governorate_code"], ["governorate.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_code"),
        sa.UniqueConstraint("submission_token"),
    )
    op.create_index("ix_report_assignee_id", "report", ["assignee_id"])
    op.create_index("ix_report_created_at", "report", ["created_at"])
    op.create_index("ix_report_duplicate_of_id", "report", ["duplicate_of_id"])
    op.create_index(
        "ix_report_region_category",
        "report",
        ["governorate_code", "category", "created_at"],
    )
    op.create_index(
        "ix_report_region_created", "report", ["governorate_code", "created_at"]
    )
    op.create_index(
        "ix_report_region_status",
        "report",
        ["governorate_code", "status", "created_at"],
    )
    op.create_index("ix_report_status_category", "report", ["status", "category"])
    op.create_index("ix_report_status_created", "report", ["status", "created_at"])
    op.create_index(
        "ix_report_status_governorate", "report", ["status", "governorate_code"]
    )
    op.create_index("ix_report_status_setting", "report", ["status", "setting"])

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("governorate_code", sa.String(length=4), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"]),
        sa.ForeignKeyConstraint(["subject_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_report_id", "audit_event", ["report_id"])
    op.create_index(
        "ix_audit_region_created", "audit_event", ["governorate_code", "id"]
    )

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_note_report_id", "note", ["report_id"])


def downgrade() -> None:
    for table in ("note", "audit_event", "report", "user", "delegation", "governorate"):
        op.drop_table(table)
