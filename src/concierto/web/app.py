"""The workbench application: settings, the store it serves, sessions, language, templates,
the guards every route goes through, and how errors reach the browser.

Pages (GET) need a logged-in user: anonymous visitors are sent to the login page (htmx and
fetch requests get 401). Every state-changing route (POST) depends on a :class:`Guard`: a
session (401), the session's CSRF token (403), then the role the route needs (403).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from concierto.casefile.database import resolve_case
from concierto.errors import describe_error
from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.i18n import LANGUAGES, _, catalog, language_of_context
from concierto.model import Case
from concierto.store import Store, StoreError, open_store
from concierto.web.accounts import User, active_admins, current_user
from concierto.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    SESSION_SECONDS,
    LoginLimiter,
    SessionData,
    SessionSigner,
    csrf_matches,
)

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
LANGUAGE_COOKIE = "concierto_lang"
SECRET_ENV = "CONCIERTO_SECRET"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline script may run (anything planted in a text is inert twice over); inline styles
carry the highlight colours."""


@dataclass(frozen=True)
class NavEntry:
    """An entry of the top navigation: path, message id, and who sees it."""

    path: str
    label: str
    visible: Callable[[User], bool] = lambda _user: True


NAV: list[NavEntry] = [
    NavEntry("/documents", "Documents"),
    NavEntry("/codes", "Codes"),
    NavEntry("/users", "Users", lambda user: user.is_admin),
]
"""The navigation, in order: later parts of the workbench append their pages here."""


@dataclass(frozen=True)
class ServerSettings:
    """How the workbench is served."""

    database: str
    case: str | None = None
    language: str = "es"
    secret: bytes | None = None
    page_chars: int = 20_000
    login_attempts: int = 5
    login_window: float = 60.0


class LoginRequired(Exception):
    """No (valid) session: pages redirect to the login page, other requests get 401."""


class Refused(Exception):
    """A request refused with a status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class StaleError(EvidenceError):
    """The page the browser shows no longer matches the store: reload it."""


def check_servable(store: Store, case: str | None) -> str | None:
    """Why the store cannot be served (no case, no admin), as a message where ``{db}`` stands
    for the database; None when it can."""
    try:
        with store.session() as session:
            resolve_case(session, case)
            admins = active_admins(session)
    except (LookupError, StoreError) as exc:
        return str(exc)
    if admins == 0:
        return _(
            "no admin account in {db}: create one with `concierto --db {db} users add NAME "
            "--role admin`, then run `concierto --db {db} serve` again"
        )
    return None


class Workbench:
    """What every route needs: the settings, the store, the session signer, the login limiter
    and the templates."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.store = open_store(settings.database)
        secret = settings.secret or os.environ.get(SECRET_ENV, "").encode() or None
        self.signer = SessionSigner(secret or secrets.token_bytes(32))
        self.limiter = LoginLimiter(settings.login_attempts, settings.login_window)
        self._write_lock = threading.Lock()
        self.templates = Environment(
            loader=FileSystemLoader(TEMPLATE_DIR),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    @contextmanager
    def writes(self) -> Iterator[Session]:
        """A transaction that writes. On SQLite one writer at a time: writers wait on a lock
        here, woken as soon as it is free, instead of in SQLite's busy handler, which sleeps
        up to 100 ms between tries (readers never wait: the log is in WAL mode)."""
        if self.store.engine.dialect.name == "sqlite":
            with self._write_lock, self.store.session() as session:
                yield session
        else:
            with self.store.session() as session:
                yield session

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[tuple[Session, Case]]:
        """One transaction on the served case: committed on success, rolled back on error
        (``write``: it changes the store, see :meth:`writes`)."""
        with self.writes() if write else self.store.session() as session:
            yield session, resolve_case(session, self.settings.case)

    # --- per request ---------------------------------------------------------------------

    def session_data(self, request: Request) -> SessionData | None:
        """The request's signed session, if any."""
        return self.signer.load(request.cookies.get(SESSION_COOKIE))

    def user(self, request: Request) -> User | None:
        """The logged-in user (None when anonymous, or when the account is gone or disabled)."""
        cached = getattr(request.state, "user", None)
        if cached is not None:
            return cached
        data = self.session_data(request)
        if data is None or data.user is None:
            return None
        with self.store.session() as session:
            found = current_user(session, data.user)
        request.state.user = found
        return found

    def language(self, request: Request) -> str:
        """The switch's choice, else the browser's Accept-Language, else the server's."""
        chosen = request.cookies.get(LANGUAGE_COOKIE)
        if chosen in LANGUAGES:
            return chosen
        for part in request.headers.get("accept-language", "").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGUAGES:
                return code
        return self.settings.language if self.settings.language in LANGUAGES else "es"

    def set_session(self, request: Request, response: Response, data: SessionData) -> None:
        """Write the session cookie: signed, HttpOnly, SameSite=Lax, Secure over https."""
        response.set_cookie(
            SESSION_COOKIE,
            self.signer.dump(data),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )

    def render(
        self, request: Request, template: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        """Render ``template`` with the request's language, user and CSRF token (an
        anonymous session is started so that the login form has a token too)."""
        language = self.language(request)
        messages = catalog(language)
        data = self.session_data(request)
        fresh = data is None
        if data is None:
            data = SessionData.fresh()
        user = self.user(request) if not fresh else None
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        context = {
            "_": messages.gettext,
            "lang": language,
            "user": user,
            "csrf": data.csrf,
            "csrf_field": CSRF_FIELD,
            "nav": [entry for entry in NAV if user and entry.visible(user)],
            "path": request.url.path,
            "here": quote(here),
            **values,
        }
        body = self.templates.get_template(template).render(context)
        response = HTMLResponse(body, status_code=status)
        if fresh:
            self.set_session(request, response, data)
        return response


def workbench(request: Request) -> Workbench:
    """The workbench serving ``request``."""
    return request.app.state.workbench


def reader(request: Request) -> User:
    """Dependency of every page: the logged-in user, or :class:`LoginRequired`."""
    user = workbench(request).user(request)
    if user is None:
        raise LoginRequired()
    return user


async def sent_csrf(request: Request) -> str | None:
    """The CSRF token the request sent (header, else form field)."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


class Guard:
    """Dependency of every state-changing route: session, CSRF token, role — in that order."""

    def __init__(self, role: str | None) -> None:
        self.role = role

    async def __call__(self, request: Request) -> User:
        web = workbench(request)
        user = web.user(request)
        data = web.session_data(request)
        if user is None or data is None:
            raise LoginRequired()
        if not csrf_matches(data.csrf, await sent_csrf(request)):
            raise Refused(403, catalog(web.language(request)).gettext(
                "the form has expired or did not come from this site; reload the page"
            ))
        allowed = {
            None: True,
            "coder": user.can_code,
            "admin": user.is_admin,
        }[self.role]
        if not allowed:
            raise Refused(403, catalog(web.language(request)).gettext(
                "your role ({role}) does not allow this"
            ).format(role=user.role))
        return user


ANY_USER = Guard(None)
CODER = Guard("coder")
ADMIN = Guard("admin")


def wants_json(request: Request) -> bool:
    """Requests from the page's scripts (fetch, htmx) get JSON errors, forms an HTML page."""
    return "application/json" in request.headers.get("accept", "") or bool(
        request.headers.get("hx-request")
    )


def error_response(request: Request, status: int, message: str) -> Response:
    """The error as JSON for scripts, or as a page."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return workbench(request).render(request, "error.html", status=status, message=message)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.method == "GET" and not wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        message = catalog(workbench(request).language(request)).gettext("please log in")
        return JSONResponse({"error": message}, status_code=401)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(EvidenceError)
    async def bad_input(request: Request, exc: EvidenceError) -> Response:
        status = 409 if isinstance(exc, StaleError) else 400
        if isinstance(exc, UnknownReferenceError):
            status = 404
        return error_response(request, status, str(exc))

    @app.exception_handler(LookupError)
    async def unknown(request: Request, exc: LookupError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(Exception)
    async def any_other(request: Request, exc: Exception) -> Response:
        # The boundary every surface shares (concierto.errors): a typed error's message, or a
        # short note pointing to the crash log that holds the traceback.
        report = describe_error(exc, f"{request.method} {request.url.path}")
        return error_response(request, report.http_status, report.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = catalog(workbench(request).language(request))
        text = messages.gettext("page not found") if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, text)


SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class LanguageAndHeaders:
    """ASGI middleware: messages in the request's language for the whole request (store
    errors included), the security headers, no caching of pages, and the server's time in
    ``Server-Timing`` (the benchmark reads it)."""

    def __init__(self, app: Any, workbench: Workbench) -> None:
        self.app = app
        self.workbench = workbench

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                headers.append((b"server-timing", f"app;dur={elapsed:.1f}".encode()))
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        with language_of_context(self.workbench.language(Request(scope))):
            await self.app(scope, receive, send_with_headers)


def create_app(settings: ServerSettings) -> FastAPI:
    """The workbench on ``settings.database``; API docs are off (nothing loads from the
    network) and static files are served from their folder only."""
    from concierto.web.routes import register_routes

    web = Workbench(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        web.store.close()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.workbench = web

    app.add_middleware(LanguageAndHeaders, workbench=web)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_handlers(app)
    register_routes(app)
    return app
