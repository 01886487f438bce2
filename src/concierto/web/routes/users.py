"""Accounts, for admins: list, add, change role, disable and enable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from concierto.evidence.errors import EvidenceError
from concierto.i18n import catalog
from concierto.model.accounts import ROLES
from concierto.web.accounts import (
    User,
    active_admins,
    add_account,
    list_accounts,
    set_disabled,
    set_role,
)
from concierto.web.app import ADMIN, Refused, reader, workbench

router = APIRouter()


@router.get("/users")
def users_page(request: Request, user: Annotated[User, Depends(reader)]) -> Response:
    """The accounts (admins only)."""
    web = workbench(request)
    if not user.is_admin:
        raise Refused(403, catalog(web.language(request)).gettext(
            "your role ({role}) does not allow this"
        ).format(role=user.role))
    with web.store.session() as session:
        accounts = [(a.name, a.role, a.disabled, a.created_at) for a in list_accounts(session)]
    return web.render(request, "users.html", accounts=accounts, roles=ROLES)


@router.post("/users")
def add_user(
    request: Request,
    _user: Annotated[User, Depends(ADMIN)],
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Create an account."""
    with workbench(request).writes() as session:
        add_account(session, name.strip(), role, password)
    return RedirectResponse("/users", status_code=303)


def _keep_an_admin(request: Request, session: object) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    if active_admins(session) == 0:
        raise EvidenceError(catalog(workbench(request).language(request)).gettext(
            "the last admin cannot be disabled or lose the role"
        ))


@router.post("/users/{name}/role")
def change_role(
    request: Request,
    name: str,
    _user: Annotated[User, Depends(ADMIN)],
    role: Annotated[str, Form()],
) -> Response:
    """Give an account another role (one enabled admin always remains)."""
    with workbench(request).writes() as session:
        set_role(session, name, role)
        _keep_an_admin(request, session)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/disable")
def disable(
    request: Request, name: str, _user: Annotated[User, Depends(ADMIN)]
) -> Response:
    """Disable an account (one enabled admin always remains)."""
    with workbench(request).writes() as session:
        set_disabled(session, name, True)
        _keep_an_admin(request, session)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/enable")
def enable(request: Request, name: str, _user: Annotated[User, Depends(ADMIN)]) -> Response:
    """Enable an account again."""
    with workbench(request).writes() as session:
        set_disabled(session, name, False)
    return RedirectResponse("/users", status_code=303)
