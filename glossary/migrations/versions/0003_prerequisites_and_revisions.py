"""Terms name their prerequisites; every change to a term is kept as a revision; terms can be soft-deleted.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("term") as table:
        table.add_column(sa.Column("prerequisites", sa.JSON, nullable=False, server_default=sa.text("'[]'")))
        table.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default=sa.text("1")))
        table.add_column(
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())
        )
        table.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "term_revision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed", sa.JSON, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.UniqueConstraint("slug", "number", name="uq_term_revision_slug_number"),
    )
    op.create_index("ix_term_revision_slug", "term_revision", ["slug"])


def downgrade() -> None:
    op.drop_table("term_revision")
    with op.batch_alter_table("term") as table:
        for column in ("edited", "deleted_at", "updated_at", "revision", "prerequisites"):
            table.drop_column(column)
