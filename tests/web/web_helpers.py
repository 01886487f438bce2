"""Helpers of the web tests: the served texts, logging in, the app's routes."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from concierto.web.routes import register_routes

PASSWORD = "correct horse battery"
INTERVIEW = (
    "Entrevistador: ¿Cómo se coordinan?\n\n"
    "E01: No hay una visión común entre la PCM y el MEF.\n\n"
    "Entrevistador: ¿Y las reglas?\n\n"
    "E01: Las reglas no están claras 😀 y cada uno mira su objetivo."
)
EMOJI = "Año 👩\u200d👩\u200d👧 café q\u0301 — visión 😀 compartida.\n\nSegundo párrafo 🇵🇪 aquí."
USERS = {"ana": "admin", "bea": "coder", "ciro": "coder", "vera": "viewer"}


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session (from any page's body)."""
    page = client.get("/login")
    found = re.search(r'data-csrf="([^"]+)"', page.text)
    assert found, page.text[:300]
    return found.group(1)


def log_in(client: TestClient, name: str) -> str:
    """Log ``name`` in; return the session's CSRF token."""
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/documents"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get("/documents")
    found = re.search(r'data-csrf="([^"]+)"', page.text)
    assert found
    return found.group(1)


def as_user(app, name: str) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    """A browser logged in as ``name`` and its CSRF token."""
    test_client = TestClient(app)
    return test_client, log_in(test_client, name)


def routes_of() -> list[BaseRoute]:
    """Every route the workbench registers (routers' routes included; no prefixes)."""
    app = FastAPI()
    register_routes(app)
    found: list[BaseRoute] = []
    for route in app.routes:
        included = getattr(route, "original_router", None)
        found.extend(included.routes if included is not None else [route])
    return found


def write_routes() -> list[str]:
    """The path of every state-changing route (any method but GET and HEAD)."""
    return sorted(
        {
            route.path
            for route in routes_of()
            if set(getattr(route, "methods", None) or ()) - {"GET", "HEAD"}
        }
    )
