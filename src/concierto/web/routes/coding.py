"""Coding from the reader: code a selection or the whole document, remove or re-code a
coding, memos, accepting or rejecting suggestions, case attributes. Every write goes through
the store functions the CLI uses and leaves the store unchanged when refused."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from concierto.evidence.adjudication import visible_coder_id
from concierto.evidence.editing import coding_of_case, recode_coding, remove_coding
from concierto.evidence.errors import EvidenceError
from concierto.evidence.store import (
    add_coding,
    add_memo,
    document_by_key,
    ensure_qual_case,
    link_qual_case,
    set_attribute,
)
from concierto.evidence.suggest import review
from concierto.i18n import catalog
from concierto.model import Case, Coding
from concierto.web.accounts import User
from concierto.web.app import CODER, StaleError, workbench
from concierto.web.offsets import span_from_utf16
from concierto.web.routes.documents import version
from concierto.web.views import document_cases

router = APIRouter()


def done(**values: object) -> JSONResponse:
    """The answer to a write the page's script made."""
    return JSONResponse({"ok": True, **values})


def seen_coding(session: Session, case: Case, coding_id: int, user: User) -> Coding:
    """A coding the user can see (a blind coder cannot act on others' codings)."""
    coding = coding_of_case(session, case, coding_id)
    hidden_from = visible_coder_id(session, case, user.name)
    if hidden_from is not None and coding.coder_id != hidden_from:
        coding_of_case(session, case, -1)  # raises the same "no longer exists" message
    return coding


@router.post("/documents/{key}/codings")
def code_selection(
    request: Request,
    key: str,
    user: Annotated[User, Depends(CODER)],
    start16: Annotated[int, Form()],
    end16: Annotated[int, Form()],
    code: Annotated[str, Form()],
    quote: Annotated[str, Form()] = "",
    page_version: Annotated[str, Form(alias="version")] = "",
    memo: Annotated[str, Form()] = "",
) -> Response:
    """Code the selection ``[start16, end16)`` (the browser's UTF-16 offsets) as the user.

    The page sends the document version it shows and the selected text: if either no longer
    matches, nothing is stored and the page is told to reload."""
    web = workbench(request)
    messages = catalog(web.language(request))
    with web.transaction(write=True) as (session, case):
        document = document_by_key(session, case, key)
        if page_version != version(document):
            raise StaleError(messages.gettext("the document has changed; reload the page"))
        start, end = span_from_utf16(document.text, start16, end16)
        if quote and document.text[start:end] != quote:
            raise StaleError(
                messages.gettext("the selected text does not match the document; reload the page")
            )
        coding = add_coding(
            session,
            case,
            document=key,
            code=code,
            coder=user.name,
            start=start,
            end=end,
            memo=memo.strip() or None,
        )
        return done(id=coding.id, start=start, end=end)


@router.post("/documents/{key}/codings/whole")
def code_whole_document(
    request: Request,
    key: str,
    user: Annotated[User, Depends(CODER)],
    code: Annotated[str, Form()],
    memo: Annotated[str, Form()] = "",
) -> Response:
    """Apply a code to the whole document."""
    with workbench(request).transaction(write=True) as (session, case):
        coding = add_coding(
            session, case, document=key, code=code, coder=user.name, memo=memo.strip() or None
        )
        return done(id=coding.id)


@router.post("/codings/{coding_id}/remove")
def remove(
    request: Request, coding_id: int, user: Annotated[User, Depends(CODER)]
) -> Response:
    """Delete one's own coding (an admin may delete any)."""
    with workbench(request).transaction(write=True) as (session, case):
        seen_coding(session, case, coding_id, user)
        remove_coding(session, case, coding_id, person=user.name, may_edit_all=user.is_admin)
    return done(id=coding_id)


@router.post("/codings/{coding_id}/recode")
def recode(
    request: Request,
    coding_id: int,
    user: Annotated[User, Depends(CODER)],
    code: Annotated[str, Form()],
) -> Response:
    """Give one's own coding another code."""
    with workbench(request).transaction(write=True) as (session, case):
        seen_coding(session, case, coding_id, user)
        recode_coding(
            session, case, coding_id, code, person=user.name, may_edit_all=user.is_admin
        )
    return done(id=coding_id)


@router.post("/codings/{coding_id}/memo")
def memo_on_coding(
    request: Request,
    coding_id: int,
    user: Annotated[User, Depends(CODER)],
    text: Annotated[str, Form()],
) -> Response:
    """Write a memo on a coding."""
    web = workbench(request)
    if not text.strip():
        raise EvidenceError(catalog(web.language(request)).gettext("the memo is empty"))
    with web.transaction(write=True) as (session, case):
        seen_coding(session, case, coding_id, user)
        memo = add_memo(
            session, case, target_type="coding", target_id=coding_id, text_=text.strip(),
            coder=user.name,
        )
        return done(id=memo.id)


@router.post("/codings/{coding_id}/{decision}")
def decide_suggestion(
    request: Request, coding_id: int, decision: str, user: Annotated[User, Depends(CODER)]
) -> Response:
    """Accept or reject a rule or model suggestion (``decision``: accept or reject)."""
    web = workbench(request)
    if decision not in ("accept", "reject"):
        raise EvidenceError(catalog(web.language(request)).gettext("page not found"))
    with web.transaction(write=True) as (session, case):
        seen_coding(session, case, coding_id, user)
        review(session, case, [coding_id], accept=decision == "accept", decided_by=user.name)
    return done(id=coding_id)


@router.post("/documents/{key}/memo")
def memo_on_document(
    request: Request,
    key: str,
    user: Annotated[User, Depends(CODER)],
    text: Annotated[str, Form()],
    title: Annotated[str, Form()] = "",
) -> Response:
    """Write a memo on the document."""
    web = workbench(request)
    if not text.strip():
        raise EvidenceError(catalog(web.language(request)).gettext("the memo is empty"))
    with web.transaction(write=True) as (session, case):
        document = document_by_key(session, case, key)
        memo = add_memo(
            session, case, target_type="document", target_id=document.id, text_=text.strip(),
            coder=user.name, title=title.strip() or None,
        )
        return done(id=memo.id)


@router.post("/documents/{key}/attributes")
def set_case_attribute(
    request: Request,
    key: str,
    user: Annotated[User, Depends(CODER)],
    name: Annotated[str, Form()],
    value: Annotated[str, Form()],
    case_key: Annotated[str, Form(alias="case")] = "",
) -> Response:
    """Set an attribute of the document's qualitative case (the one named, else the first
    linked, else a new one named after the document and linked to it)."""
    web = workbench(request)
    if not name.strip():
        raise EvidenceError(catalog(web.language(request)).gettext("the attribute needs a name"))
    with web.transaction(write=True) as (session, case):
        document = document_by_key(session, case, key)
        linked = [q for q, _values in document_cases(session, [document.id]).get(document.id, [])]
        chosen = next((q for q in linked if q.key == case_key), None)
        if chosen is None and case_key:
            chosen = ensure_qual_case(session, case, case_key)
            link_qual_case(session, chosen, document)
        if chosen is None:
            chosen = linked[0] if linked else ensure_qual_case(
                session, case, key, kind="interviewee" if document.kind == "interview" else "other"
            )
            if not linked:
                link_qual_case(session, chosen, document)
        set_attribute(session, case, chosen, name.strip(), value.strip())
        return done(case=chosen.key)
