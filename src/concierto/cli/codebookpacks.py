"""``codebook packs`` and ``codebook add-pack``: the optional packs of the default codebook
(``concierto.codebook.packs``), listed and added to a loaded case."""

from __future__ import annotations

from typing import Annotated

import typer

from concierto.cli.app import fail
from concierto.cli.evidence import PolicyCaseOption, case_session, codebook_app
from concierto.cli.output import console
from concierto.codebook.packs import PackError, pack_codebook, pack_descriptions
from concierto.evidence.store import install_codebook
from concierto.i18n import _


@codebook_app.command(
    "add-pack", help=_("Add the codes of default codebook packs to the case (see `packs`).")
)
def codebook_add_pack(
    names: Annotated[
        str,
        typer.Argument(
            help=_("Packs, comma-separated: fragmentation, mechanisms, coherence or all.")
        ),
    ],
    policy_case: PolicyCaseOption = None,
) -> None:
    """Install packs of the default codebook (codes already in the case are kept)."""
    try:
        codebook = pack_codebook(names.split(","))
    except PackError as exc:
        raise fail(str(exc)) from exc
    with case_session(policy_case) as (session, case):
        added = install_codebook(session, case, codebook)
    console.print(
        _("{count} codes added from the packs {names}").format(count=added, names=names),
        highlight=False,
    )


@codebook_app.command("packs", help=_("List the optional packs of the default codebook."))
def codebook_packs() -> None:
    """What each pack adds."""
    for line in pack_descriptions().values():
        console.print(line, highlight=False)
