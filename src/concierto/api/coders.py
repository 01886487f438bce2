"""Which coders a comparison of coders takes: the ones named (at least two, each with accepted
codings), or the case's own when exactly two people coded it. The CLI's ``agree`` and
``disagreements`` and :meth:`concierto.api.case.Case.agreement` choose them here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from concierto.api.errors import InputError
from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _
from concierto.model.coding import CONSENSUS_CODER, SYSTEM_CODER

NOT_INDEPENDENT_CODERS = frozenset({CONSENSUS_CODER, SYSTEM_CODER})
"""Coders whose codings are not one person's independent coding (adjudications, accepted
suggestions): never chosen by default for a comparison."""


def accepted_counts(evidence: EvidenceSnapshot) -> dict[str, int]:
    """Accepted codings of each coder of the case, by coder id."""
    return dict(sorted(Counter(coding.coder for coding in evidence.codings).items()))


def coder_listing(counts: dict[str, int]) -> str:
    """``ana (12), bea (3)``: coders with their accepted codings, or "none"."""
    return ", ".join(f"{coder} ({count})" for coder, count in counts.items()) or _("none")


def check_coders(evidence: EvidenceSnapshot, coders: Sequence[str]) -> None:
    """Every coder named must have accepted codings in the case."""
    counts = accepted_counts(evidence)
    for coder in coders:
        if coder not in evidence.coders:
            raise InputError(
                _("coder {coder!r} has no accepted codings in this case (coders: {known})").format(
                    coder=coder, known=coder_listing(counts)
                )
            )


def compared_coders(
    evidence: EvidenceSnapshot, given: Sequence[str] | None
) -> tuple[list[str], str | None]:
    """The coders to compare and, when they were chosen by default, a note saying which: the
    ``given`` ones (at least two, each with accepted codings), or the case's own when exactly
    two people coded it; otherwise an error listing the coders there are."""
    if given is not None:
        names = list(given)
        if len(names) < 2:
            raise InputError(_("give at least two coders: --coders A,B[,C]"))
        check_coders(evidence, names)
        return names, None
    counts = accepted_counts(evidence)
    people = [coder for coder in counts if coder not in NOT_INDEPENDENT_CODERS]
    if len(people) != 2:
        raise InputError(
            _(
                "choose the coders to compare with --coders A,B[,C] (the default needs "
                "exactly two); coders with accepted codings in this case: {known}"
            ).format(known=coder_listing(counts))
        )
    return people, _("comparing the case's two coders: {coders}").format(coders=", ".join(people))
