"""The web stage of the whole-government benchmark (issue 19): every page of the workbench,
timed by the server.

:data:`PAGES` maps each GET route of the workbench to the requests that time it (a test checks
that it names every GET route, so that a new page cannot escape the benchmark). The stage
creates an admin account in the store, logs in through the login form in-process (FastAPI's
TestClient: no network, no second process) and requests each page a few times; the figure is
the ``Server-Timing`` the workbench sets on every response (the time from the request reaching
the application to the response's headers, rendering included).
"""

from __future__ import annotations

import re
import statistics
from typing import Any

ADMIN = "bench-admin"
PASSWORD = "bench password, not secret"
REPEAT = 7
"""Requests per page: the first warms SQLite's page cache and Jinja's template cache and is
not counted; p50 and p95 are over the rest."""

PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "/": (("home (redirects to the documents)", "/"),),
    "/login": (("login form (logged in: redirects)", "/login"),),
    "/lang/{code}": (("language switch (redirects)", "/lang/es?next=/documents"),),
    "/documents": (
        ("documents list", "/documents"),
        ("documents list, kind filter", "/documents?kind=interview"),
        ("documents list, words filter", "/documents?q=vision+comun"),
        ("documents list, both filters", "/documents?kind=interview&q=protocolo"),
    ),
    "/documents/{key}": (("reader of the largest document", "/documents/{document}"),),
    "/documents/{key}/page": (
        ("reader's next page window", "/documents/{document}/page?from=0&direction=next"),
    ),
    "/documents/{key}/panel": (("reader's side panel", "/documents/{document}/panel"),),
    "/codes": (("codes page (code tree)", "/codes"),),
    "/codes/find": (("code type-ahead", "/codes/find?q=informacion"),),
    "/codes/{key}": (("segments of the most used code", "/codes/{code}"),),
    "/users": (("users page", "/users"),),
}
"""Route path -> (label, URL) pairs; ``{document}`` is the largest document's key and
``{code}`` the code with the most accepted codings."""


def _targets(db: str) -> dict[str, str]:
    """The largest document and the most used code of the served case, and the admin account
    (created if missing)."""
    from sqlalchemy import func, select

    from concierto.casefile.database import resolve_case
    from concierto.model import Code, Coding, Document
    from concierto.store import open_store
    from concierto.web.accounts import account_by_name, add_account

    store = open_store(db)
    with store.session() as session:
        case = resolve_case(session, None)
        document = session.scalar(
            select(Document.key)
            .where(Document.case_id == case.id)
            .order_by(Document.length.desc(), Document.id)
            .limit(1)
        )
        code = session.scalar(
            select(Code.key)
            .join(Coding, Coding.code_id == Code.id)
            .where(Code.case_id == case.id, Coding.status == "accepted")
            .group_by(Code.id)
            .order_by(func.count().desc(), Code.id)
            .limit(1)
        ) or session.scalar(select(Code.key).where(Code.case_id == case.id).limit(1))
        try:
            account_by_name(session, ADMIN)
        except LookupError:
            add_account(session, ADMIN, "admin", PASSWORD)
    store.close()
    if document is None or code is None:
        raise RuntimeError(f"{db}: the web stage needs a case with documents and codes")
    return {"document": document, "code": code}


def _log_in(client: Any) -> None:
    token = re.search(r'data-csrf="([^"]+)"', client.get("/login").text)
    assert token, "no CSRF token on the login page"
    response = client.post(
        "/login",
        data={"name": ADMIN, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    if response.status_code != 303:
        raise RuntimeError(f"login failed: {response.status_code} {response.text[:200]}")


def server_ms(response: Any) -> float:
    """The server's time of ``response`` in ms, from its ``Server-Timing`` header."""
    found = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    if not found:
        raise RuntimeError(f"{response.url}: no Server-Timing header")
    return float(found.group(1))


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (linear between order statistics)."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_pages(db: str, repeat: int = REPEAT) -> dict[str, Any]:
    """Every page of :data:`PAGES` on the store ``db``: p50 and p95 server ms each (and the
    response's status and bytes); ``s`` is the slowest page's p95 in seconds."""
    from fastapi.testclient import TestClient

    from concierto.web.app import ServerSettings, create_app

    targets = _targets(db)
    app = create_app(ServerSettings(database=db, language="es"))
    pages: dict[str, dict[str, Any]] = {}
    with TestClient(app) as client:
        _log_in(client)
        for _route, requests in PAGES.items():
            for label, template in requests:
                url = template.format(**targets)
                times, response = [], None
                for _ in range(repeat):
                    response = client.get(url, follow_redirects=False)
                    if response.status_code >= 400:
                        raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
                    times.append(server_ms(response))
                assert response is not None
                counted = times[1:] or times
                pages[label] = {
                    "url": url,
                    "status": response.status_code,
                    "bytes": len(response.content),
                    "p50_ms": statistics.median(counted),
                    "p95_ms": percentile(counted, 0.95),
                }
    return {
        "pages": pages,
        "document": targets["document"],
        "code": targets["code"],
        "s": max(p["p95_ms"] for p in pages.values()) / 1000,
    }
