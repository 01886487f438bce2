"""Foundation: cases, sources, actors, events, policies, elements, ties, mechanisms, scores.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.String(length=10), nullable=True),
        sa.Column("period_end", sa.String(length=10), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case")),
        sa.UniqueConstraint("key", name=op.f("uq_case_key")),
    )
    op.create_table(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("parent_relation", sa.String(length=16), nullable=True),
        sa.Column("sector", sa.String(length=120), nullable=True),
        sa.Column("centre_of_government", sa.Boolean(), nullable=False),
        sa.Column("created", sa.String(length=10), nullable=True),
        sa.Column("dissolved", sa.String(length=10), nullable=True),
        sa.Column("mandate", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_actor_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["actor.id"], name=op.f("fk_actor_parent_id_actor"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_actor_case_id")),
    )
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_case_id"), ["case_id"], unique=False)

    op.create_table(
        "mechanism",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.String(), nullable=True),
        sa.Column("metcalfe_level", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint(
            "metcalfe_level IS NULL OR (metcalfe_level BETWEEN 1 AND 9)",
            name=op.f("ck_mechanism_level_range"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_mechanism_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mechanism")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_mechanism_case_id")),
    )
    with op.batch_alter_table("mechanism", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mechanism_case_id"), ["case_id"], unique=False)

    op.create_table(
        "metcalfe_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("mechanism_kind", sa.String(length=40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint("level BETWEEN 1 AND 9", name=op.f("ck_metcalfe_mapping_level_range")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_metcalfe_mapping_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metcalfe_mapping")),
        sa.UniqueConstraint("case_id", "mechanism_kind", name=op.f("uq_metcalfe_mapping_case_id")),
    )
    with op.batch_alter_table("metcalfe_mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_metcalfe_mapping_case_id"), ["case_id"], unique=False)

    op.create_table(
        "policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("instrument", sa.String(), nullable=True),
        sa.Column("approved", sa.String(length=10), nullable=True),
        sa.Column("vision", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_policy_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_policy_case_id")),
    )
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_case_id"), ["case_id"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("citation", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_source_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_source_case_id")),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_case_id"), ["case_id"], unique=False)

    op.create_table(
        "element",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("policy_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("budget", sa.Double(), nullable=True),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_element_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["actor.id"], name=op.f("fk_element_owner_id_actor"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["element.id"],
            name=op.f("fk_element_parent_id_element"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["policy.id"],
            name=op.f("fk_element_policy_id_policy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_element")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_element_case_id")),
    )
    with op.batch_alter_table("element", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_element_case_id"), ["case_id"], unique=False)

    op.create_table(
        "function_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_function_statement_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_function_statement_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_statement")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_function_statement_case_id")),
    )
    with op.batch_alter_table("function_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_function_statement_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "mechanism_member",
        sa.Column("mechanism_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_mechanism_member_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mechanism_id"],
            ["mechanism.id"],
            name=op.f("fk_mechanism_member_mechanism_id_mechanism"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mechanism_id", "actor_id", name=op.f("pk_mechanism_member")),
    )
    op.create_table(
        "metcalfe_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("actor_a_id", sa.Integer(), nullable=True),
        sa.Column("actor_b_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("holds", sa.Boolean(), nullable=False),
        sa.Column("rater", sa.String(length=120), nullable=True),
        sa.Column("rationale", sa.String(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint(
            "level BETWEEN 2 AND 9", name=op.f("ck_metcalfe_assessment_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["actor_a_id"],
            ["actor.id"],
            name=op.f("fk_metcalfe_assessment_actor_a_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_b_id"],
            ["actor.id"],
            name=op.f("fk_metcalfe_assessment_actor_b_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_metcalfe_assessment_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metcalfe_assessment")),
    )
    with op.batch_alter_table("metcalfe_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metcalfe_assessment_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "structural_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("new_name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_structural_event_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_structural_event_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structural_event")),
    )
    with op.batch_alter_table("structural_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_structural_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "tie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.String(length=10), nullable=True),
        sa.Column("valid_to", sa.String(length=10), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_tie_weight_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_tie_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["actor.id"], name=op.f("fk_tie_source_id_actor"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["actor.id"], name=op.f("fk_tie_target_id_actor"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tie")),
    )
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tie_case_id"), ["case_id"], unique=False)

    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.String(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint(
            "score IS NULL OR (score BETWEEN -3 AND 3)", name=op.f("ck_contribution_score_range")
        ),
        sa.CheckConstraint(
            "strength IS NULL OR (strength BETWEEN 1 AND 3)",
            name=op.f("ck_contribution_strength_range"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_contribution_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["element.id"],
            name=op.f("fk_contribution_from_id_element"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_id"],
            ["element.id"],
            name=op.f("fk_contribution_to_id_element"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
    )
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_case_id"), ["case_id"], unique=False)

    op.create_table(
        "element_actor",
        sa.Column("element_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("budget", sa.Double(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_element_actor_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["element_id"],
            ["element.id"],
            name=op.f("fk_element_actor_element_id_element"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("element_id", "actor_id", "role", name=op.f("pk_element_actor")),
    )
    op.create_table(
        "event_actor",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_event_actor_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["structural_event.id"],
            name=op.f("fk_event_actor_event_id_structural_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name=op.f("pk_event_actor")),
    )
    op.create_table(
        "interaction_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("rater", sa.String(length=120), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.String(), nullable=True),
        sa.Column("confidence", sa.String(length=8), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=120), nullable=True),
        sa.Column("basis", sa.String(), nullable=True),
        sa.CheckConstraint("score BETWEEN -3 AND 3", name=op.f("ck_interaction_score_score_range")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_interaction_score_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["element.id"],
            name=op.f("fk_interaction_score_from_id_element"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_id"],
            ["element.id"],
            name=op.f("fk_interaction_score_to_id_element"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_score")),
    )
    with op.batch_alter_table("interaction_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_score_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interaction_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_score_case_id"))

    op.drop_table("interaction_score")
    op.drop_table("event_actor")
    op.drop_table("element_actor")
    with op.batch_alter_table("contribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_case_id"))

    op.drop_table("contribution")
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_case_id"))

    op.drop_table("tie")
    with op.batch_alter_table("structural_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_structural_event_case_id"))

    op.drop_table("structural_event")
    with op.batch_alter_table("metcalfe_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metcalfe_assessment_case_id"))

    op.drop_table("metcalfe_assessment")
    op.drop_table("mechanism_member")
    with op.batch_alter_table("function_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_function_statement_case_id"))

    op.drop_table("function_statement")
    with op.batch_alter_table("element", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_element_case_id"))

    op.drop_table("element")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_case_id"))

    op.drop_table("source")
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_case_id"))

    op.drop_table("policy")
    with op.batch_alter_table("metcalfe_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metcalfe_mapping_case_id"))

    op.drop_table("metcalfe_mapping")
    with op.batch_alter_table("mechanism", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mechanism_case_id"))

    op.drop_table("mechanism")
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_case_id"))

    op.drop_table("actor")
    op.drop_table("case")
