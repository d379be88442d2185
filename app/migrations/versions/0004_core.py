"""core: the platform's "not before" on deliveries, and cache version counters shared by processes

Revision ID: 0004_core
Revises: 0003_gov
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_core"
down_revision = "0003_gov"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("not_before", sa.DateTime(), nullable=True))
    versions = op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(versions, [{"name": "roster", "version": 0}])


def downgrade() -> None:
    op.drop_table("cache_versions")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("not_before")
