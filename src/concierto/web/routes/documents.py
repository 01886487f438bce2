"""Reading: the documents list, the reader, its page windows and its side panel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from concierto.evidence.store import document_by_key
from concierto.model import Case, Document
from concierto.model.evidence import DOCUMENT_KINDS
from concierto.web.accounts import User
from concierto.web.app import reader, workbench
from concierto.web.views import (
    code_tree,
    document_cases,
    document_memos,
    document_rows,
    marks_in,
    page_containing,
    page_window,
)

router = APIRouter()


def version(document: Document) -> str:
    """What a page remembers of its document, to notice it has changed since."""
    return f"{document.id}.{document.length}"


@router.get("/documents")
def documents_page(
    request: Request,
    user: Annotated[User, Depends(reader)],
    kind: str = "",
    q: str = "",
) -> Response:
    """Every document with its kind, cases, attributes and coding counts; filter by kind and
    words (accents and case folded)."""
    web = workbench(request)
    with web.transaction() as (session, case):
        rows = document_rows(
            session, case, user.name, kind=kind if kind in DOCUMENT_KINDS else None, words=q
        )
    return web.render(
        request, "documents.html", rows=rows, kinds=DOCUMENT_KINDS, kind=kind, q=q
    )


def panel_values(
    session: Session,
    case: Case,
    document: Document,
    user: User,
    language: str,
    start: int,
    end: int,
) -> dict[str, Any]:
    """What the reader's right panel shows for the loaded part ``[start, end)``."""
    cases = document_cases(session, [document.id]).get(document.id, [])
    return {
        "document": document,
        "marks": marks_in(session, case, document, user.name, language, start, end),
        "whole": marks_in(session, case, document, user.name, language),
        "memos": document_memos(session, case, document, user.name),
        "cases": cases,
        "loaded": (start, end),
        "text": document.text,
    }


@router.get("/documents/{key}")
def reader_page(
    request: Request, key: str, user: Annotated[User, Depends(reader)], at: int | None = None
) -> Response:
    """The reader: code tree left, the first page window centre (or the one holding offset
    ``at``), codings and memos right."""
    web = workbench(request)
    language = web.language(request)
    with web.transaction() as (session, case):
        document = document_by_key(session, case, key)
        start = page_containing(session, document, at) if at else 0
        page = page_window(
            session, case, document, user.name, language, start, web.settings.page_chars
        )
        tree = code_tree(session, case, user.name, language)
        panel = panel_values(session, case, document, user, language, page.start, page.end)
    return web.render(
        request,
        "reader.html",
        page=page,
        tree=tree,
        version=version(document),
        direction="both",
        **panel,
    )


@router.get("/documents/{key}/page")
def page_fragment(
    request: Request,
    key: str,
    user: Annotated[User, Depends(reader)],
    start: Annotated[int, Query(alias="from")] = 0,
    direction: str = "next",
) -> Response:
    """One page window as HTML (``direction`` next or prev: with the sentinel that fetches
    the following one; bare: the window alone, to refresh it in place)."""
    web = workbench(request)
    with web.transaction() as (session, case):
        document = document_by_key(session, case, key)
        page = page_window(
            session,
            case,
            document,
            user.name,
            web.language(request),
            start,
            web.settings.page_chars,
        )
    return web.render(
        request,
        "page.html",
        page=page,
        document=document,
        direction=direction if direction in ("next", "prev", "bare") else "bare",
    )


@router.get("/documents/{key}/panel")
def panel_fragment(
    request: Request,
    key: str,
    user: Annotated[User, Depends(reader)],
    start: int = 0,
    end: int | None = None,
) -> Response:
    """The right panel for the loaded part of the document."""
    web = workbench(request)
    with web.transaction() as (session, case):
        document = document_by_key(session, case, key)
        last = document.length if end is None else max(0, min(end, document.length))
        values = panel_values(
            session, case, document, user, web.language(request), max(0, start), last
        )
    return web.render(request, "panel.html", **values)

