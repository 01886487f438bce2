"""Changing what is already coded, and the codebook, from the workbench: remove or re-code a
coding, add a code, rename, move, merge and recolour codes. Like :mod:`concierto.evidence.store`
every function works in the caller's transaction and raises before changing anything."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from concierto.codebook.model import COLOR_PATTERN, ID_PATTERN
from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.store import code_by_key
from concierto.i18n import _
from concierto.model import Case, Code, Coder, Coding, Memo


def coding_of_case(session: Session, case: Case, coding_id: int) -> Coding:
    """The coding ``seg:coding_id`` of ``case`` (it may have been removed meanwhile)."""
    row = session.get(Coding, coding_id)
    if row is None or row.case_id != case.id:
        raise UnknownReferenceError(
            _("coding seg:{id} no longer exists; reload the page").format(id=coding_id)
        )
    return row


def _own(session: Session, coding: Coding, person: str, may_edit_all: bool) -> None:
    """Only the coder who made a coding (or an admin) changes it: others' codings are their
    data for the agreement statistics."""
    coder = session.get(Coder, coding.coder_id)
    if not may_edit_all and (coder is None or coder.key != person):
        raise EvidenceError(
            _("coding seg:{id} is by {coder}: only they or an admin can change it").format(
                id=coding.id, coder=coder.key if coder else "?"
            )
        )


def remove_coding(
    session: Session, case: Case, coding_id: int, *, person: str, may_edit_all: bool = False
) -> None:
    """Delete a coding, with the memos written on it."""
    coding = coding_of_case(session, case, coding_id)
    _own(session, coding, person, may_edit_all)
    for memo in session.scalars(
        select(Memo).where(Memo.target_type == "coding", Memo.target_id == coding.id)
    ):
        session.delete(memo)
    session.delete(coding)
    session.flush()


def recode_coding(
    session: Session,
    case: Case,
    coding_id: int,
    code: str,
    *,
    person: str,
    may_edit_all: bool = False,
) -> Coding:
    """Give a coding another code (same span, same coder)."""
    coding = coding_of_case(session, case, coding_id)
    _own(session, coding, person, may_edit_all)
    row = code_by_key(session, case, code)
    if not row.codable:
        raise EvidenceError(_("code {key!r} is a folder and cannot be applied").format(key=code))
    coding.code_id = row.id
    session.flush()
    return coding


def _check_color(color: str | None) -> str | None:
    if color in (None, ""):
        return None
    if not COLOR_PATTERN.fullmatch(color or ""):
        raise EvidenceError(_("colour {value!r} is not of the form #RRGGBB").format(value=color))
    return (color or "").upper()


def _parent_id(session: Session, case: Case, parent: str | None) -> int | None:
    return code_by_key(session, case, parent).id if parent else None


def create_code(
    session: Session,
    case: Case,
    key: str,
    label: str,
    *,
    parent: str | None = None,
    color: str | None = None,
    codable: bool = True,
) -> Code:
    """Add a code to the case's codebook, at the end."""
    if not ID_PATTERN.fullmatch(key):
        raise EvidenceError(_("invalid code id {key!r}").format(key=key))
    if session.scalar(select(Code).where(Code.case_id == case.id, Code.key == key)):
        raise EvidenceError(_("a code {key!r} already exists").format(key=key))
    if not label.strip():
        raise EvidenceError(_("a code needs a label"))
    last = session.scalar(
        select(Code.ordinal).where(Code.case_id == case.id).order_by(Code.ordinal.desc())
    )
    row = Code(
        case_id=case.id,
        key=key,
        label_es=label.strip(),
        parent_id=_parent_id(session, case, parent),
        color=_check_color(color),
        codable=codable,
        ordinal=(last or 0) + 1,
    )
    session.add(row)
    session.flush()
    return row


def rename_code(
    session: Session, case: Case, key: str, label_es: str, label_en: str | None = None
) -> Code:
    """New labels for a code (its id, which codings and exports use, stays)."""
    row = code_by_key(session, case, key)
    if not label_es.strip():
        raise EvidenceError(_("a code needs a label"))
    row.label_es = label_es.strip()
    row.label_en = (label_en or "").strip() or None
    session.flush()
    return row


def recolour_code(session: Session, case: Case, key: str, color: str | None) -> Code:
    """A new highlight colour (``#RRGGBB``) for a code, or none."""
    row = code_by_key(session, case, key)
    row.color = _check_color(color)
    session.flush()
    return row


def _ancestors(session: Session, code: Code) -> list[int]:
    seen: list[int] = []
    current: Code | None = code
    while current is not None and current.parent_id is not None and current.parent_id not in seen:
        seen.append(current.parent_id)
        current = session.get(Code, current.parent_id)
    return seen


def move_code(session: Session, case: Case, key: str, parent: str | None) -> Code:
    """Put a code under ``parent`` (None: at the top); a code cannot go under itself."""
    row = code_by_key(session, case, key)
    target = code_by_key(session, case, parent) if parent else None
    if target is not None and (target.id == row.id or row.id in _ancestors(session, target)):
        raise EvidenceError(
            _("code {key!r} cannot go under {parent!r}, which is inside it").format(
                key=key, parent=parent
            )
        )
    row.parent_id = target.id if target else None
    session.flush()
    return row


def merge_codes(session: Session, case: Case, source: str, target: str) -> int:
    """Move every coding, memo and sub-code of ``source`` to ``target`` and delete ``source``;
    return how many codings moved."""
    old, new = code_by_key(session, case, source), code_by_key(session, case, target)
    if old.id == new.id:
        raise EvidenceError(_("a code cannot be merged into itself"))
    if old.id in _ancestors(session, new):
        raise EvidenceError(
            _("code {key!r} cannot go under {parent!r}, which is inside it").format(
                key=target, parent=source
            )
        )
    if not new.codable and session.scalar(select(Coding.id).where(Coding.code_id == old.id)):
        raise EvidenceError(_("code {key!r} is a folder and cannot be applied").format(key=target))
    moved = len(session.scalars(select(Coding.id).where(Coding.code_id == old.id)).all())
    session.execute(update(Coding).where(Coding.code_id == old.id).values(code_id=new.id))
    session.execute(update(Code).where(Code.parent_id == old.id).values(parent_id=new.id))
    session.execute(
        update(Memo)
        .where(Memo.target_type == "code", Memo.target_id == old.id)
        .values(target_id=new.id)
    )
    session.delete(old)
    session.flush()
    return moved
