"""Why a qualitative query (frequency, matrix, co-occurrence, consensus, retrieval) found
nothing, from the counts of the evidence: no accepted codings, not the codes asked for, fewer
than two codes, no polar pair, nobody interviewed. See :mod:`concierto.measures.empty`."""

from __future__ import annotations

from collections.abc import Sequence

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _


def why_no_codings(evidence: EvidenceSnapshot, codes: Sequence[str] | None = None) -> str:
    """Why a query over codings found none: no accepted codings, or none of the codes."""
    if not evidence.codings:
        return _(
            "the case has no accepted codings (documents: {documents}; code them with "
            "concierto code add, or accept suggestions)"
        ).format(documents=len(evidence.documents))
    return _("no accepted coding uses {codes} (accepted codings: {codings})").format(
        codings=len(evidence.codings), codes=", ".join(codes or ())
    )


def why_no_cooccurrence(evidence: EvidenceSnapshot, unit: str) -> str:
    """Why no two codes co-occur."""
    used = len({coding.code for coding in evidence.codings})
    if used < 2:
        return _("co-occurrence needs two different codes applied (codes applied: {used})").format(
            used=used
        )
    return _(
        "no {unit} holds two different codes (codes applied: {used}, codings: {codings})"
    ).format(unit=unit, used=used, codings=len(evidence.codings))


def why_no_polar_pairs(evidence: EvidenceSnapshot) -> str:
    """Why consensus has no polar pair to tally."""
    polar = sum(1 for code in evidence.codes if code.polarity)
    return _(
        "the codebook has no polar pair (two sibling codes of opposite polarity; codes: "
        "{codes}, with a polarity: {polar}), so there is no position to count"
    ).format(polar=polar, codes=len(evidence.codes))


def why_no_interviewees(evidence: EvidenceSnapshot) -> str:
    """Why consensus counts nobody: no interviewee to count (N = 0)."""
    interviews = sum(1 for document in evidence.documents if document.kind == "interview")
    return _(
        "there is no interviewee to count (documents: {documents}, interviews: {interviews}; "
        "add them with concierto docs add --kind interview)"
    ).format(documents=len(evidence.documents), interviews=interviews)
