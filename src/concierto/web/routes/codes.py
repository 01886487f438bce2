"""The code tree: the page with counts, the type-ahead, a code's segments, and (admin) adding,
renaming, moving, merging and recolouring codes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from concierto.evidence.editing import (
    create_code,
    merge_codes,
    move_code,
    recolour_code,
    rename_code,
)
from concierto.evidence.store import code_by_key
from concierto.web.accounts import User
from concierto.web.app import ADMIN, reader, workbench
from concierto.web.views import code_color, code_label, code_segments, code_tree, find_codes

router = APIRouter()


def back_to_codes() -> Response:
    """After a form on the codes page, show the page again."""
    return RedirectResponse("/codes", status_code=303)


@router.get("/codes")
def codes_page(request: Request, user: Annotated[User, Depends(reader)]) -> Response:
    """The code tree with the codings and documents of each code; admins edit it here."""
    web = workbench(request)
    with web.transaction() as (session, case):
        tree = code_tree(session, case, user.name, web.language(request))
    return web.render(request, "codes.html", tree=tree)


@router.get("/codes/find")
def find(
    request: Request, user: Annotated[User, Depends(reader)], q: str = ""
) -> Response:
    """The type-ahead: codable codes matching ``q`` (accents and case folded)."""
    web = workbench(request)
    with web.transaction() as (session, case):
        tree = code_tree(session, case, user.name, web.language(request))
    return web.render(request, "picker_results.html", found=find_codes(tree, q), q=q)


@router.get("/codes/{key}")
def code_page(request: Request, key: str, user: Annotated[User, Depends(reader)]) -> Response:
    """A code's segments, each linking to its place in the reader."""
    web = workbench(request)
    with web.transaction() as (session, case):
        code = code_by_key(session, case, key)
        segments = code_segments(session, case, code, user.name)
        label = code_label(code, web.language(request))
        color = code_color(code.key, code.color)
    return web.render(
        request, "code.html", key=key, label=label, color=color, segments=segments
    )


@router.post("/codes")
def add_code(
    request: Request,
    _user: Annotated[User, Depends(ADMIN)],
    key: Annotated[str, Form()],
    label: Annotated[str, Form()],
    parent: Annotated[str, Form()] = "",
    color: Annotated[str, Form()] = "",
) -> Response:
    """Add a code."""
    with workbench(request).transaction(write=True) as (session, case):
        create_code(session, case, key.strip(), label, parent=parent or None, color=color or None)
    return back_to_codes()


@router.post("/codes/{key}/rename")
def rename(
    request: Request,
    key: str,
    _user: Annotated[User, Depends(ADMIN)],
    label_es: Annotated[str, Form()],
    label_en: Annotated[str, Form()] = "",
) -> Response:
    """New labels for a code."""
    with workbench(request).transaction(write=True) as (session, case):
        rename_code(session, case, key, label_es, label_en)
    return back_to_codes()


@router.post("/codes/{key}/move")
def move(
    request: Request,
    key: str,
    _user: Annotated[User, Depends(ADMIN)],
    parent: Annotated[str, Form()] = "",
) -> Response:
    """Put a code under another (or at the top)."""
    with workbench(request).transaction(write=True) as (session, case):
        move_code(session, case, key, parent or None)
    return back_to_codes()


@router.post("/codes/{key}/merge")
def merge(
    request: Request,
    key: str,
    _user: Annotated[User, Depends(ADMIN)],
    into: Annotated[str, Form()],
) -> Response:
    """Merge a code into another."""
    with workbench(request).transaction(write=True) as (session, case):
        merge_codes(session, case, key, into)
    return back_to_codes()


@router.post("/codes/{key}/colour")
def recolour(
    request: Request,
    key: str,
    _user: Annotated[User, Depends(ADMIN)],
    color: Annotated[str, Form()] = "",
) -> Response:
    """A new colour for a code."""
    with workbench(request).transaction(write=True) as (session, case):
        recolour_code(session, case, key, color or None)
    return back_to_codes()
