"""Policies, their objective trees, institutional objectives, programmes and functions.

Policy objectives, actors' institutional objectives and programmes share one table of
*elements*, because ``contributes_to`` edges and interaction scores link any of them to any
other (MEASURES.md M4).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin

ELEMENT_TYPES: tuple[str, ...] = ("policy_objective", "institutional_objective", "programme")
OBJECTIVE_LEVELS: tuple[str, ...] = ("general", "specific", "pillar", "axis", "process")
PROGRAMME_LEVELS: tuple[str, ...] = ("programme", "action")
RESPONSIBILITY_ROLES: tuple[str, ...] = ("lead", "responsible", "executor")


class Policy(ProvenanceMixin, Base):
    """A public policy: its legal instrument, vision and objective tree."""

    __tablename__ = "policy"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str]
    instrument: Mapped[str | None] = mapped_column(default=None)
    approved: Mapped[str | None] = mapped_column(String(10), default=None)
    vision: Mapped[str | None] = mapped_column(default=None)
    description: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class Element(ProvenanceMixin, Base):
    """A policy objective, an institutional objective of an actor, or a programme / action."""

    __tablename__ = "element"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str]
    description: Mapped[str | None] = mapped_column(default=None)
    policy_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy.id", ondelete="CASCADE"), default=None
    )
    level: Mapped[str | None] = mapped_column(String(16), default=None)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("element.id", ondelete="CASCADE"), default=None
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), default=None
    )
    budget: Mapped[float | None] = mapped_column(default=None)
    currency: Mapped[str | None] = mapped_column(String(8), default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class ElementActor(Base):
    """An actor responsible for, leading or executing an element (with its budget share)."""

    __tablename__ = "element_actor"

    element_id: Mapped[int] = mapped_column(
        ForeignKey("element.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    budget: Mapped[float | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class Contribution(ProvenanceMixin, Base):
    """A ``contributes_to`` edge: progress on one element advances another."""

    __tablename__ = "contribution"
    __table_args__ = (
        CheckConstraint("strength IS NULL OR (strength BETWEEN 1 AND 3)", name="strength_range"),
        CheckConstraint("score IS NULL OR (score BETWEEN -3 AND 3)", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("element.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("element.id", ondelete="CASCADE"))
    strength: Mapped[int | None] = mapped_column(default=None)
    score: Mapped[int | None] = mapped_column(default=None)
    rationale: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class FunctionStatement(ProvenanceMixin, Base):
    """A function an actor's organisational regulation assigns it (one statement each)."""

    __tablename__ = "function_statement"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    text: Mapped[str]
    reference: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)
