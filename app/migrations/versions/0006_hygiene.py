"""account hygiene: term dates, the term checklist, each channel's account details

Revision ID: 0006_hygiene
Revises: 0005_after
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_hygiene"
down_revision = "0005_after"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_starts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("starts_on"),
    )
    op.create_table(
        "term_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by_name", sa.String(length=120), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("term_starts_on"),
    )
    op.create_table(
        "channel_accounts",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_changed_on", sa.Date(), nullable=True),
        sa.Column("reconnected_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("channel"),
    )


def downgrade() -> None:
    op.drop_table("channel_accounts")
    op.drop_table("term_checks")
    op.drop_table("term_starts")
