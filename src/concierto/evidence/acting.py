"""Who is acting: the one rule for the person a coding, memo, review, adjudication or score is
recorded under, shared by the CLI (``--as`` / ``CONCIERTO_CODER``) and the web (the logged-in
account).

The person named for this one record (``--coder``, ``--by``) comes first; then the person who
is looking; only when nobody is named at all the record goes to :data:`DEFAULT_PERSON`. A person
not yet known is created, and the caller is told so it can say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.evidence.errors import EvidenceError
from concierto.evidence.store import ensure_coder
from concierto.i18n import _
from concierto.model import Coder
from concierto.model.coding import CONSENSUS_CODER, SYSTEM_CODER

DEFAULT_PERSON = "analyst"
"""The author of records made when nobody is named (no ``--as``, no ``--coder``)."""


class NamedBy(StrEnum):
    """Where the acting person's name came from."""

    override = "override"
    viewer = "viewer"
    default = "default"


@dataclass(frozen=True)
class ActingPerson:
    """The person a record is stored under, where the name came from, and whether the coder
    was created just now."""

    key: str
    named_by: NamedBy
    created: bool = False


def acting_key(override: str | None, viewer: str | None) -> tuple[str, NamedBy]:
    """The id of the person acting: ``override`` if given, else ``viewer``, else the default."""
    for name, source in ((override, NamedBy.override), (viewer, NamedBy.viewer)):
        if name is not None and name.strip():
            return name.strip(), source
    return DEFAULT_PERSON, NamedBy.default


def acting_person(session: Session, override: str | None, viewer: str | None) -> ActingPerson:
    """The coder acting (see :func:`acting_key`), created when new. An invalid id is refused
    with the store's message, and so are the ``consensus`` and system coders: they are not
    people."""
    key, source = acting_key(override, viewer)
    if key == CONSENSUS_CODER:
        raise EvidenceError(
            _(
                "the coder {coder!r} is reserved for adjudicated codings; name a person with "
                "--as or --coder (adjudicate records the consensus)"
            ).format(coder=key)
        )
    if key == SYSTEM_CODER:
        raise EvidenceError(
            _(
                "the coder {coder!r} is reserved for rule and model suggestions; name a person "
                "with --as or --coder"
            ).format(coder=key)
        )
    known = session.scalar(select(Coder.id).where(Coder.key == key)) is not None
    ensure_coder(session, key)
    return ActingPerson(key, source, created=not known)
