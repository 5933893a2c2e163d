"""What each run left unread: the inputs recognized and left unscanned (remote modules, Helm
charts, Kustomize overlays, Pulumi programs, CloudFormation stacks and macros) and the files
that could not be read completely. Without them a trend whose coverage rose because half the
repository stopped being read looked like progress.

Runs recorded before this revision keep NULL: not recorded, which is not 0.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the totals are plain integers, filtered and compared alike on SQLite and PostgreSQL; the
    # split by kind is JSON (JSONB on PostgreSQL) because new kinds come with new input formats
    op.add_column("runs", sa.Column("unscanned", sa.Integer, nullable=True))
    op.add_column("runs", sa.Column(
        "unscanned_by_kind", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
        nullable=True))
    op.add_column("runs", sa.Column("unreadable", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:  # SQLite drops columns by copying the table
        for column in ("unreadable", "unscanned_by_kind", "unscanned"):
            batch.drop_column(column)
