"""posting pause switch

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


def downgrade() -> None:
    op.drop_table("posting_pause")
