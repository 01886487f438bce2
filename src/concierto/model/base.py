"""Declarative base, shared column types and the provenance every record carries."""

from __future__ import annotations

import enum
from typing import Any, ClassVar

from sqlalchemy import JSON, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep Alembic migrations reproducible on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every ORM class of concierto."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Provenance(enum.StrEnum):
    """Where a record comes from: a cited source, our own reading, or an illustration."""

    source = "source"
    inferred = "inferred"
    illustrative = "illustrative"


class ProvenanceMixin:
    """Columns that say where a record comes from (PRODUCT.md: every record has provenance).

    ``provenance`` is ``source`` (then ``source_key`` names an entry of the case's sources),
    ``inferred`` (our reading; ``basis`` says on what) or ``illustrative`` (written for
    an example).
    """

    provenance: Mapped[str] = mapped_column(String(16), default=Provenance.source.value)
    source_key: Mapped[str | None] = mapped_column(String(120), default=None)
    basis: Mapped[str | None] = mapped_column(default=None)
