"""The first history schema: runs, per-control counts, per-framework coverage and
requirement statuses, and the findings' fingerprints and statuses.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("repo", sa.String(500), nullable=False),
        sa.Column("branch", sa.String(255), nullable=False, server_default=""),
        sa.Column("commit", sa.String(64), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tool_version", sa.String(50), nullable=False, server_default=""),
        sa.Column("catalog_version", sa.String(64), nullable=False, server_default=""),
        sa.Column("source", sa.String(20), nullable=False, server_default="scan"),
        sa.Column("passed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unknown", sa.Integer, nullable=False, server_default="0"),
        sa.Column("waived", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_runs_recorded_at", "runs", ["recorded_at"])
    op.create_index("ix_runs_repo_branch_recorded_at", "runs", ["repo", "branch", "recorded_at"])
    op.create_table(
        "control_counts",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("control", sa.String(200), primary_key=True),
        sa.Column("passed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unknown", sa.Integer, nullable=False, server_default="0"),
        sa.Column("waived", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "framework_coverage",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("requirements", sa.Integer, nullable=False),
        sa.Column("automated", sa.Integer, nullable=False),
        sa.Column("passing", sa.Integer, nullable=False),
        sa.Column("failing", sa.Integer, nullable=False),
        sa.Column("not_evaluated", sa.Integer, nullable=False),
        sa.Column("manual", sa.Integer, nullable=False),
        # percent of decided requirements that pass; NULL when none was decided
        sa.Column("coverage", sa.Float, nullable=True),
        sa.Column("failing_findings", sa.Integer, nullable=False),
    )
    op.create_index("ix_framework_coverage_framework_run", "framework_coverage",
                    ["framework", "run_id"])
    op.create_table(
        "requirement_statuses",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("framework", sa.String(100), primary_key=True),
        sa.Column("requirement", sa.String(100), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("control", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
    )
    op.create_index("ix_findings_fingerprint", "findings", ["fingerprint"])


def downgrade() -> None:
    for table in ("findings", "requirement_statuses", "framework_coverage", "control_counts",
                  "runs"):
        op.drop_table(table)
