"""A case under study and the bibliography its records cite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin


class Case(ProvenanceMixin, Base):
    """One policy case: the unit that is loaded, measured and reported."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str]
    language: Mapped[str] = mapped_column(String(8), default="es")
    period_start: Mapped[str | None] = mapped_column(String(10), default=None)
    period_end: Mapped[str | None] = mapped_column(String(10), default=None)
    description: Mapped[str | None] = mapped_column(default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Blind coding: until the analysis is opened, blind coders see only their own codings.
    analysis_open: Mapped[bool] = mapped_column(default=False)


class Source(Base):
    """A cited source (a law, a decree, a report, a file) that records point to by key."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    citation: Mapped[str]
    kind: Mapped[str | None] = mapped_column(String(32), default=None)
    url: Mapped[str | None] = mapped_column(default=None)
    date: Mapped[str | None] = mapped_column(String(10), default=None)
    note: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)
