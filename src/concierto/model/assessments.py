"""Interaction scores between objectives or programmes (Nilsson, Griggs & Visbeck 2016)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin

CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")


class InteractionScore(ProvenanceMixin, Base):
    """One rater's score of the effect of progress on ``from`` upon ``to``, from −3 to +3."""

    __tablename__ = "interaction_score"
    __table_args__ = (CheckConstraint("score BETWEEN -3 AND 3", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("element.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("element.id", ondelete="CASCADE"))
    rater: Mapped[str] = mapped_column(String(120))
    score: Mapped[int]
    rationale: Mapped[str | None] = mapped_column(default=None)
    confidence: Mapped[str | None] = mapped_column(String(8), default=None)
    evidence: Mapped[list[str]] = mapped_column(default=list)
    ordinal: Mapped[int] = mapped_column(default=0)
