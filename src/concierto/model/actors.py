"""Actors of a fragmented executive and the structural events that reshaped them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base, ProvenanceMixin

ACTOR_KINDS: tuple[str, ...] = (
    "ministry",
    "line_unit",
    "agency",
    "program",
    "project",
    "commission",
    "enterprise",
    "autonomous_body",
    "subnational",
    "external",
)
PARENT_RELATIONS: tuple[str, ...] = ("attached_to", "part_of")
EVENT_TYPES: tuple[str, ...] = ("created", "dissolved", "merged", "split", "reattached", "renamed")
EVENT_ROLES: tuple[str, ...] = ("into", "from", "result", "new_parent", "old_parent")


class Actor(ProvenanceMixin, Base):
    """A public body (ministry, unit, agency …) with its place in the structure and its mandate."""

    __tablename__ = "actor"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str]
    acronym: Mapped[str | None] = mapped_column(String(40), default=None)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), default=None
    )
    parent_relation: Mapped[str | None] = mapped_column(String(16), default=None)
    sector: Mapped[str | None] = mapped_column(String(120), default=None)
    centre_of_government: Mapped[bool] = mapped_column(default=False)
    created: Mapped[str | None] = mapped_column(String(10), default=None)
    dissolved: Mapped[str | None] = mapped_column(String(10), default=None)
    mandate: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class StructuralEvent(ProvenanceMixin, Base):
    """A change in the structure: a body created, dissolved, merged, split, re-attached, renamed."""

    __tablename__ = "structural_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    date: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"))
    new_name: Mapped[str | None] = mapped_column(default=None)
    description: Mapped[str | None] = mapped_column(default=None)
    ordinal: Mapped[int] = mapped_column(default=0)


class EventActor(Base):
    """Another actor an event involves, with its role (merged into, split into, new parent …)."""

    __tablename__ = "event_actor"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("structural_event.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    ordinal: Mapped[int] = mapped_column(default=0)
