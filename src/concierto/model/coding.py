"""The codebook, the coders, the codings (by people, rules or models) and the memos."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base
from concierto.model.evidence import new_guid

CODING_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
MEMO_TARGETS: tuple[str, ...] = ("case", "document", "code", "coding", "qual_case")
CONSENSUS_CODER = "consensus"
SYSTEM_CODER = "concierto"
"""The coder of rule and model suggestions (they count once a person accepts them)."""


class Code(Base):
    """A code of the case's codebook, with both labels, criteria, polarity and its mappings to
    measures (tie layer, Metcalfe level, diagnosis dimension)."""

    __tablename__ = "code"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("code.id", ondelete="CASCADE"), default=None
    )
    codable: Mapped[bool] = mapped_column(default=True)
    label_es: Mapped[str]
    label_en: Mapped[str | None] = mapped_column(default=None)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    inclusion: Mapped[dict[str, Any]] = mapped_column(default=dict)
    exclusion: Mapped[dict[str, Any]] = mapped_column(default=dict)
    examples: Mapped[dict[str, Any]] = mapped_column(default=dict)
    color: Mapped[str | None] = mapped_column(String(9), default=None)
    polarity: Mapped[str | None] = mapped_column(String(16), default=None)
    mappings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ordinal: Mapped[int] = mapped_column(default=0)


class Coder(Base):
    """A named person (or the ``consensus`` coder) with a stable id across cases and exports."""

    __tablename__ = "coder"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str | None] = mapped_column(default=None)
    blind: Mapped[bool] = mapped_column(default=False)


class Coding(Base):
    """A code applied to a span of a document (``start``/``end`` in code points, end exclusive)
    or to the whole document (both null). Suggestions count only once accepted."""

    __tablename__ = "coding"
    __table_args__ = (
        CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR (start >= 0 AND "end" > start)', name="span"
        ),
        Index("ix_coding_document_start", "document_id", "start"),
        Index("ix_coding_code", "code_id"),
        # The code tree's counts (codings and documents per code) read this index alone.
        Index("ix_coding_code_status_document", "code_id", "status", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int | None] = mapped_column(default=None)
    end: Mapped[int | None] = mapped_column(default=None)
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="CASCADE"))
    created_at: Mapped[str] = mapped_column(String(32))
    memo: Mapped[str | None] = mapped_column(default=None)
    origin: Mapped[str] = mapped_column(String(120), default="human")
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    score: Mapped[float | None] = mapped_column(default=None)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("coder.id", ondelete="SET NULL"), default=None
    )
    decided_at: Mapped[str | None] = mapped_column(String(32), default=None)


class Memo(Base):
    """A memo on the case, a document, a code, a coding or a qualitative case."""

    __tablename__ = "memo"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None] = mapped_column(default=None)
    coder_id: Mapped[int | None] = mapped_column(
        ForeignKey("coder.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str | None] = mapped_column(default=None)
    text: Mapped[str]
    created_at: Mapped[str] = mapped_column(String(32))
