"""two-factor secrets are sealed (app.accounts.sealed): room for the sealed form

Revision ID: 0007_sealed
Revises: 0006_hygiene
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_sealed"
down_revision = "0006_hygiene"
branch_labels = None
depends_on = None

COLUMNS = ("totp_secret", "totp_pending_secret")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for column in COLUMNS:
            batch.alter_column(column, existing_type=sa.String(length=64), type_=sa.String(length=255),
                               existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for column in COLUMNS:
            batch.alter_column(column, existing_type=sa.String(length=255), type_=sa.String(length=64),
                               existing_nullable=True)
