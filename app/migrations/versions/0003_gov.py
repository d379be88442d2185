"""posting pause switch, two-factor sign-in

Revision ID: 0003_gov
Revises: 0002_newsflash
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_gov"
down_revision = "0002_newsflash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "posting_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by_name", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_pending_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_enabled_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recovery_codes", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for column in ("recovery_codes", "totp_last_step", "totp_enabled_at", "totp_pending_secret", "totp_secret"):
            batch.drop_column(column)
    op.drop_table("posting_pause")
