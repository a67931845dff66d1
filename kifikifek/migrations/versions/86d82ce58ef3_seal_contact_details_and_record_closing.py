"""Seal contact details, and record when each report was closed.

Contact details already stored are sealed with the site's key (see vault), so
the column needs room for the longer sealed text. Reports already referred,
published or rejected count as closed since their last change.

Revision ID: 86d82ce58ef3
Revises: 5e1f0c3a9b21
Create Date: 2026-12-04 20:15:00
"""

import sqlalchemy as sa
from alembic import op

from kifikifek import vault

revision = "86d82ce58ef3"
down_revision = "5e1f0c3a9b21"
branch_labels = None
depends_on = None

report = sa.table(
    "report",
    sa.column("id", sa.Integer),
    sa.column("contact", sa.Text),
    sa.column("status", sa.String),
    sa.column("updated_at", sa.DateTime),
    sa.column("closed_at", sa.DateTime),
)
CLOSED = ("referred", "published", "rejected")


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.alter_column(
            "contact", existing_type=sa.String(length=254), type_=sa.Text()
        )
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_report_closed_at", ["closed_at"])
    _rewrite_contacts(vault.seal)
    op.execute(
        report.update()
        .where(report.c.status.in_(CLOSED))
        .values(closed_at=report.c.updated_at)
    )


def downgrade() -> None:
    _rewrite_contacts(vault.unseal)
    with op.batch_alter_table("report") as batch:
        batch.drop_index("ix_report_closed_at")
        batch.drop_column("closed_at")
        batch.alter_column(
            "contact", existing_type=sa.Text(), type_=sa.String(length=254)
        )


def _rewrite_contacts(change) -> None:
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(report.c.id, report.c.contact).where(report.c.contact.is_not(None))
    ).all()
    for report_id, contact in stored:
        connection.execute(
            report.update()
            .where(report.c.id == report_id)
            .values(contact=change(contact))
        )
