"""Text processing: actor mentions, embedding cache, overlap candidates; blind-coding flag.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "embedding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(length=120), nullable=False),
        sa.Column("model_version", sa.String(length=40), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_embedding")),
        sa.UniqueConstraint(
            "model_id", "model_version", "text_sha256", name=op.f("uq_embedding_model_id")
        ),
    )
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("surface", sa.String(), nullable=False),
        sa.Column("alias", sa.String(), nullable=True),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_mention_span")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_mention_actor_id_actor"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_mention_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index("ix_mention_document_start", ["document_id", "start"], unique=False)

    op.create_table(
        "overlap_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("function_a_id", sa.Integer(), nullable=False),
        sa.Column("function_b_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Double(), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("model_id", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_overlap_candidate_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["coder.id"],
            name=op.f("fk_overlap_candidate_decided_by_id_coder"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["function_a_id"],
            ["function_statement.id"],
            name=op.f("fk_overlap_candidate_function_a_id_function_statement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["function_b_id"],
            ["function_statement.id"],
            name=op.f("fk_overlap_candidate_function_b_id_function_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overlap_candidate")),
        sa.UniqueConstraint(
            "case_id", "function_a_id", "function_b_id", name=op.f("uq_overlap_candidate_case_id")
        ),
    )
    with op.batch_alter_table("overlap_candidate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overlap_candidate_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("analysis_open", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("analysis_open")

    with op.batch_alter_table("overlap_candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_overlap_candidate_case_id"))

    op.drop_table("overlap_candidate")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index("ix_mention_document_start")

    op.drop_table("mention")
    op.drop_table("embedding")
