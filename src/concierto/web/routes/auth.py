"""Logging in and out, and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from concierto.i18n import LANGUAGES, catalog
from concierto.web.accounts import User, authenticate
from concierto.web.app import ANY_USER, LANGUAGE_COOKIE, Refused, reader, sent_csrf, workbench
from concierto.web.security import SessionData, csrf_matches

router = APIRouter()


def local_path(target: str | None, default: str = "/documents") -> str:
    """``target`` if it is a path on this site (no open redirects), else ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@router.get("/")
async def home(_user: Annotated[User, Depends(reader)]) -> Response:
    """The documents list is the home page."""
    return RedirectResponse("/documents", status_code=303)


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    """The login form."""
    web = workbench(request)
    if web.user(request) is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return web.render(request, "login.html", next=local_path(next), error=None)


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/documents",
) -> Response:
    """Check the password (rate-limited per address and per name) and start a session with
    a new CSRF token."""
    web = workbench(request)
    messages = catalog(web.language(request))
    data = web.session_data(request)
    if data is None or not csrf_matches(data.csrf, await sent_csrf(request)):
        raise Refused(403, messages.gettext(
            "the form has expired or did not come from this site; reload the page"
        ))
    address = request.client.host if request.client else "?"
    name = name.strip()
    if web.limiter.blocked(address, name):
        return web.render(
            request,
            "login.html",
            status=429,
            next=local_path(next),
            error=messages.gettext("too many failed attempts; wait a minute and try again"),
        )
    def check() -> User | None:
        with web.store.session() as session:
            return authenticate(session, name, password)

    user = await run_in_threadpool(check)  # argon2 takes a while: not on the event loop
    if user is None:
        web.limiter.failed(address, name)
        return web.render(
            request,
            "login.html",
            status=401,
            next=local_path(next),
            error=messages.gettext("wrong name or password, or the account is disabled"),
        )
    web.limiter.succeeded(name)
    response = RedirectResponse(local_path(next), status_code=303)
    web.set_session(request, response, SessionData.fresh(user.name))
    return response


@router.post("/logout")
async def logout(request: Request, _user: Annotated[User, Depends(ANY_USER)]) -> Response:
    """End the session (a new anonymous one replaces it)."""
    web = workbench(request)
    response = RedirectResponse("/login", status_code=303)
    web.set_session(request, response, SessionData.fresh())
    return response


@router.get("/lang/{code}")
async def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    """Remember the chosen language in a cookie (a preference: the store is not touched)."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response
