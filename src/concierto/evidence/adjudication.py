"""Blind coding and adjudication: who may see whose codings, and consensus codings.

Blind coding: a coder marked blind sees only their own codings in every listing and query until
the case's analysis is opened (the rule is applied by
:func:`concierto.evidence.snapshot.load_evidence`). Adjudication records the agreed coding of a
disputed span as a coding by the coder ``consensus``, with the person who decided and when, so
the original codings of each coder stay untouched for the agreement statistics.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.store import add_coding, ensure_coder, now
from concierto.i18n import _
from concierto.model import Case, Coder, Coding
from concierto.model.coding import CONSENSUS_CODER


def adjudicate(
    session: Session,
    case: Case,
    document: str,
    start: int | None,
    end: int | None,
    code: str,
    decided_by: str,
    memo: str | None = None,
) -> Coding:
    """Record ``code`` on ``document[start:end]`` (whole document when both None) by consensus.

    ``decided_by`` is the person who decided (a coder id, created if new); it cannot be the
    ``consensus`` coder itself. The coding is accepted, with ``decided_by_id`` and
    ``decided_at`` set.
    """
    if decided_by.strip() == CONSENSUS_CODER:
        raise EvidenceError(
            _("the person who decides cannot be the coder {coder!r}").format(coder=CONSENSUS_CODER)
        )
    person = ensure_coder(session, decided_by.strip())
    coding = add_coding(
        session,
        case,
        document=document,
        code=code,
        coder=CONSENSUS_CODER,
        start=start,
        end=end,
        memo=memo,
        status="accepted",
    )
    coding.decided_by_id = person.id
    coding.decided_at = now()
    session.flush()
    return coding


def set_blind(session: Session, coder: str, blind: bool) -> Coder:
    """Mark ``coder`` (created if new, so blinding can precede coding) as blind or not."""
    row = ensure_coder(session, coder.strip())
    if row.key == CONSENSUS_CODER and blind:
        raise EvidenceError(
            _("the coder {coder!r} cannot code blind").format(coder=CONSENSUS_CODER)
        )
    row.blind = blind
    session.flush()
    return row


def coder_by_key(session: Session, key: str) -> Coder:
    """The coder ``key``, or an error naming it."""
    row = session.scalar(select(Coder).where(Coder.key == key))
    if row is None:
        raise UnknownReferenceError(_("unknown coder {key!r}").format(key=key))
    return row


def open_analysis(session: Session, case: Case) -> bool:
    """Open the case's analysis: blind coders now see everyone's codings. True if it changed."""
    changed = not case.analysis_open
    case.analysis_open = True
    session.flush()
    return changed


def sees_only_own(session: Session, case: Case, viewer: str | None) -> bool:
    """True when ``viewer`` is a blind coder and the case's analysis is still closed."""
    if viewer is None or case.analysis_open:
        return False
    row = session.scalar(select(Coder).where(Coder.key == viewer))
    return row is not None and row.blind


def visible_coder_id(session: Session, case: Case, viewer: str | None) -> int | None:
    """The coder id a listing must filter codings to (``Coding.coder_id == id``), or None.

    For commands that query codings directly instead of through ``load_evidence``: the id of
    ``viewer`` while that coder is blind and the analysis closed, else None (no restriction).
    """
    if not sees_only_own(session, case, viewer):
        return None
    return coder_by_key(session, viewer or "").id
