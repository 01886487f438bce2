"""The evidence corpus: documents with their canonical text, units, participants, and the
qualitative cases (interviewees, organisations, documents) with typed attributes."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin

DOCUMENT_KINDS: tuple[str, ...] = ("interview", "regulation", "report", "plan", "other")
UNIT_KINDS: tuple[str, ...] = ("paragraph", "sentence", "turn")
QUAL_CASE_KINDS: tuple[str, ...] = ("interviewee", "organisation", "document", "other")
ATTRIBUTE_TYPES: tuple[str, ...] = ("text", "number", "date", "boolean")


def new_guid() -> str:
    """A fresh GUID for entities that exchange formats identify by GUID (REFI-QDA)."""
    return str(uuid.uuid4())


class Document(ProvenanceMixin, Base):
    """A piece of evidence: its canonical text (NFC, ``\\n``) stored once, with the original
    file's hash so that importing the same file again is detected."""

    __tablename__ = "document"
    # Named here: the naming convention (first column only) would give both the same name,
    # which PostgreSQL refuses and which made schema comparisons depend on set order.
    __table_args__ = (
        UniqueConstraint("case_id", "key", name="uq_document_case_id_key"),
        UniqueConstraint("case_id", "sha256", name="uq_document_case_id_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    title: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str]
    length: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(default=None)
    format: Mapped[str | None] = mapped_column(String(16), default=None)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    date: Mapped[str | None] = mapped_column(String(10), default=None)
    issuing_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), default=None
    )
    citation: Mapped[str | None] = mapped_column(default=None)
    imported_at: Mapped[str] = mapped_column(String(32))
    ordinal: Mapped[int] = mapped_column(default=0)


class Participant(Base):
    """A speaker in transcripts (``E03``, ``Entrevistador``), optionally linked to an actor."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str | None] = mapped_column(default=None)
    role: Mapped[str | None] = mapped_column(default=None)
    interviewer: Mapped[bool] = mapped_column(default=False)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), default=None
    )


class Unit(Base):
    """A paragraph, sentence or speaker turn of a document: code-point offsets, end exclusive."""

    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" >= start', name="span"),
        Index("ix_unit_document_kind_start", "document_id", "kind", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int]
    end: Mapped[int]
    ordinal: Mapped[int]
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), default=None
    )


class QualCase(Base):
    """A qualitative case (an interviewee, an organisation, a document) that evidence is about."""

    __tablename__ = "qual_case"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str | None] = mapped_column(default=None)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    description: Mapped[str | None] = mapped_column(default=None)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), default=None
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), default=None
    )


class Attribute(Base):
    """A typed attribute (variable) of qualitative cases."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("case_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    type: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(default=None)


class AttributeValue(Base):
    """The value of one attribute for one qualitative case (in the column of its type)."""

    __tablename__ = "attribute_value"
    __table_args__ = (UniqueConstraint("qual_case_id", "attribute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    qual_case_id: Mapped[int] = mapped_column(ForeignKey("qual_case.id", ondelete="CASCADE"))
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attribute.id", ondelete="CASCADE"))
    text_value: Mapped[str | None] = mapped_column(default=None)
    number_value: Mapped[float | None] = mapped_column(default=None)
    date_value: Mapped[str | None] = mapped_column(String(10), default=None)
    boolean_value: Mapped[bool | None] = mapped_column(default=None)


class QualCaseLink(Base):
    """A qualitative case attached to a whole document (no span) or to a text range of it."""

    __tablename__ = "qual_case_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    qual_case_id: Mapped[int] = mapped_column(ForeignKey("qual_case.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    start: Mapped[int | None] = mapped_column(default=None)
    end: Mapped[int | None] = mapped_column(default=None)
