"""Ties between actors, coordination mechanisms, and Metcalfe's scale as case data."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin

TIE_LAYERS: tuple[str, ...] = (
    "information_exchange",
    "interaction_rule",
    "consultation",
    "joint_work",
    "funding",
    "authority",
    "conflict",
)
TIE_ORIGINS: tuple[str, ...] = ("declared", "evidence")
MECHANISM_TYPES: tuple[str, ...] = ("hierarchy", "market", "network")
MECHANISM_STATUSES: tuple[str, ...] = ("exists", "used", "effective")
MEMBER_ROLES: tuple[str, ...] = ("lead", "member")


class Tie(ProvenanceMixin, Base):
    """A directed tie between two actors in one layer of the coordination network."""

    __tablename__ = "tie"
    __table_args__ = (CheckConstraint("weight >= 0", name="weight_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(default=1.0)
    origin: Mapped[str] = mapped_column(String(16), default="declared")
    evidence: Mapped[list[str]] = mapped_column(default=list)
    valid_from: Mapped[str | None] = mapped_column(String(10), default=None)
    valid_to: Mapped[str | None] = mapped_column(String(10), default=None)
    note: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class Mechanism(ProvenanceMixin, Base):
    """A coordination mechanism (Bouckaert, Peters & Verhoest 2010): hierarchy, market, network."""

    __tablename__ = "mechanism"
    __table_args__ = (
        UniqueConstraint("case_id", "key"),
        CheckConstraint(
            "metcalfe_level IS NULL OR (metcalfe_level BETWEEN 1 AND 9)", name="level_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str]
    type: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str | None] = mapped_column(default=None)
    metcalfe_level: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="exists")
    description: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class MechanismMember(Base):
    """An actor taking part in a mechanism."""

    __tablename__ = "mechanism_member"

    mechanism_id: Mapped[int] = mapped_column(
        ForeignKey("mechanism.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), default="member")
    ordinal: Mapped[int] = mapped_column(default=0)


class MetcalfeMapping(ProvenanceMixin, Base):
    """Which Metcalfe level a kind of mechanism evidences (case data; defaults ship)."""

    __tablename__ = "metcalfe_mapping"
    __table_args__ = (
        UniqueConstraint("case_id", "mechanism_kind"),
        CheckConstraint("level BETWEEN 1 AND 9", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    mechanism_kind: Mapped[str] = mapped_column(String(40))
    level: Mapped[int]
    ordinal: Mapped[int] = mapped_column(default=0)


class MetcalfeAssessment(ProvenanceMixin, Base):
    """An analyst's judgement that a Metcalfe item holds (or not) for a pair or the policy."""

    __tablename__ = "metcalfe_assessment"
    __table_args__ = (CheckConstraint("level BETWEEN 2 AND 9", name="level_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    actor_a_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), default=None
    )
    actor_b_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), default=None
    )
    level: Mapped[int]
    holds: Mapped[bool] = mapped_column(default=True)
    rater: Mapped[str | None] = mapped_column(String(120), default=None)
    rationale: Mapped[str]
    evidence: Mapped[list[str]] = mapped_column(default=list)
    ordinal: Mapped[int] = mapped_column(default=0)
