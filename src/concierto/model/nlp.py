"""What text processing stores: actor mentions, cached embedding vectors, and candidate
functional overlaps awaiting a person's decision."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base

OVERLAP_STATUSES: tuple[str, ...] = ("suggested", "confirmed", "rejected")


class Mention(Base):
    """A span of a document that names an actor (by name, acronym or alias)."""

    __tablename__ = "mention"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        Index("ix_mention_document_start", "document_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    start: Mapped[int]
    end: Mapped[int]
    surface: Mapped[str]
    alias: Mapped[str | None] = mapped_column(default=None)


class Embedding(Base):
    """A cached sentence vector: float32 bytes, keyed by model, version and text hash."""

    __tablename__ = "embedding"
    __table_args__ = (UniqueConstraint("model_id", "model_version", "text_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[str] = mapped_column(String(120))
    model_version: Mapped[str] = mapped_column(String(40))
    text_sha256: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class OverlapCandidate(Base):
    """Two function statements of different actors that may duplicate each other."""

    __tablename__ = "overlap_candidate"
    __table_args__ = (UniqueConstraint("case_id", "function_a_id", "function_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    function_a_id: Mapped[int] = mapped_column(
        ForeignKey("function_statement.id", ondelete="CASCADE")
    )
    function_b_id: Mapped[int] = mapped_column(
        ForeignKey("function_statement.id", ondelete="CASCADE")
    )
    similarity: Mapped[float]
    threshold: Mapped[float]
    model_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("coder.id", ondelete="SET NULL"), default=None
    )
    decided_at: Mapped[str | None] = mapped_column(String(32), default=None)
