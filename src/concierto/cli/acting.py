"""The person a command records work under: ``--coder`` / ``--by`` when given, else the one
looking (``--as`` or ``CONCIERTO_CODER``), by the rule of :mod:`concierto.evidence.acting`; a
coder created on the way is announced on stderr."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from sqlalchemy.orm import Session

from concierto.cli.app import state
from concierto.cli.output import error_console
from concierto.evidence.acting import acting_key, acting_person
from concierto.i18n import _

CoderOverride = Annotated[
    str | None,
    typer.Option(
        "--coder", help=_("Coder id (default: the one given by --as or CONCIERTO_CODER).")
    ),
]
ByOverride = Annotated[
    str | None,
    typer.Option(
        "--by", help=_("Who decides (default: the one given by --as or CONCIERTO_CODER).")
    ),
]


def acting_coder(session: Session, override: str | None) -> str:
    """The id of the coder acting in this command, created (and said so) if new."""
    person = acting_person(session, override, state.viewer)
    if person.created:
        error_console.print(
            escape(_("new coder {coder!r} created").format(coder=person.key)), highlight=False
        )
    return person.key


def acting_name(override: str | None) -> str:
    """The id of the person acting, for records that name a person without a coder row (a
    rater's scores)."""
    return acting_key(override, state.viewer)[0]
