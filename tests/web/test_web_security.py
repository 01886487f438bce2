"""Sessions, roles and CSRF on every route; login; static files; API docs off; headers."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, as_user, csrf_of, routes_of, write_routes

from concierto.web.app import ADMIN, ANY_USER, CODER, reader

PAGES = [
    "/",
    "/documents",
    "/documents/E01",
    "/documents/E01/page?from=0",
    "/documents/E01/panel",
    "/codes",
    "/codes/find?q=vision",
    "/codes/vision.ausente",
    "/users",
]
WRITE_ROUTES = write_routes()
NOT_FOR_VIEWERS = [path for path in WRITE_ROUTES if path not in ("/login", "/logout")]


def test_the_write_routes_are_all_found() -> None:
    assert "/documents/{key}/codings" in WRITE_ROUTES
    assert "/codes/{key}/merge" in WRITE_ROUTES
    assert len(WRITE_ROUTES) >= 18


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_pages_go_to_the_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    scripted = client.get(path, headers={"HX-Request": "true"}, follow_redirects=False)
    assert scripted.status_code == 401


def concrete(path: str) -> str:
    """A route path with its parameters filled in."""
    return (
        path.replace("{key}", "E01")
        .replace("{coding_id}", "1")
        .replace("{decision}", "accept")
        .replace("{name}", "bea")
    )


@pytest.mark.parametrize("path", [p for p in WRITE_ROUTES if p != "/login"])
def test_anonymous_writes_get_401(client: TestClient, path: str) -> None:
    token = csrf_of(client)
    response = client.post(concrete(path), data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 401


@pytest.mark.parametrize("path", NOT_FOR_VIEWERS)
def test_viewers_get_403_on_every_write(app, path: str) -> None:  # type: ignore[no-untyped-def]
    viewer, token = as_user(app, "vera")
    response = viewer.post(
        concrete(path),
        data={"csrf_token": token, "code": "vision.ausente", "text": "x", "start16": "0",
              "end16": "3", "name": "n", "value": "v", "label": "l", "key": "k",
              "label_es": "l", "into": "vision.presente", "role": "coder",
              "password": "long enough pw"},
        follow_redirects=False,
    )
    assert response.status_code == 403, response.text


@pytest.mark.parametrize("path", WRITE_ROUTES)
@pytest.mark.parametrize("token", [None, "forged"])
def test_writes_without_the_csrf_token_get_403(
    app, path: str, token: str | None  # type: ignore[no-untyped-def]
) -> None:
    admin, _real = as_user(app, "ana")
    data = {"code": "vision.ausente", "start16": "0", "end16": "3", "text": "x"}
    if token:
        data["csrf_token"] = token
    response = admin.post(concrete(path), data=data, follow_redirects=False)
    assert response.status_code == 403, response.text
    with_header = admin.post(
        concrete(path), data=data, headers={"X-CSRF-Token": "forged"}, follow_redirects=False
    )
    assert with_header.status_code == 403


def test_the_header_token_is_accepted(app) -> None:  # type: ignore[no-untyped-def]
    coder, token = as_user(app, "bea")
    response = coder.post(
        "/documents/E01/memo", data={"text": "una nota"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text


def test_login_logout_and_wrong_passwords(client: TestClient) -> None:
    token = csrf_of(client)
    wrong = client.post(
        "/login", data={"name": "bea", "password": "nope nope", "csrf_token": token}
    )
    assert wrong.status_code == 401
    assert "wrong name or password" in wrong.text
    good = client.post(
        "/login",
        data={"name": "bea", "password": PASSWORD, "csrf_token": token, "next": "//evil.example"},
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert good.headers["location"] == "/documents"  # no open redirect
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here
    page = client.get("/documents")
    assert page.status_code == 200
    new_token = re.search(r'data-csrf="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert new_token != token  # a login gets a new token
    out = client.post("/logout", data={"csrf_token": new_token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/documents", follow_redirects=False).status_code == 303


def test_login_needs_the_csrf_token(client: TestClient) -> None:
    csrf_of(client)
    response = client.post("/login", data={"name": "bea", "password": PASSWORD})
    assert response.status_code == 403


def test_login_is_rate_limited(client: TestClient) -> None:
    token = csrf_of(client)
    for _attempt in range(5):
        response = client.post(
            "/login", data={"name": "bea", "password": "wrong pass", "csrf_token": token}
        )
        assert response.status_code == 401
    blocked = client.post(
        "/login", data={"name": "bea", "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429


def test_a_disabled_account_cannot_log_in_and_its_session_ends(app) -> None:  # type: ignore[no-untyped-def]
    coder, _token = as_user(app, "bea")
    admin, token = as_user(app, "ana")
    assert admin.post("/users/bea/disable", data={"csrf_token": token}).status_code == 200
    assert coder.get("/documents", follow_redirects=False).status_code == 303
    fresh = TestClient(app)
    login_token = csrf_of(fresh)
    response = fresh.post(
        "/login", data={"name": "bea", "password": PASSWORD, "csrf_token": login_token}
    )
    assert response.status_code == 401


def test_a_forged_cookie_is_no_session(client: TestClient) -> None:
    client.cookies.set("concierto_session", "eyJ1IjoiYW5hIn0.forged.sig")
    assert client.get("/documents", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_api_docs_are_off(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fstore%2fengine.py",
        "/static//etc/passwd",
    ],
)
def test_static_files_stay_in_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_static_files_are_served(client: TestClient) -> None:
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:2000]


def test_security_headers(app) -> None:  # type: ignore[no-untyped-def]
    coder, _token = as_user(app, "bea")
    headers = coder.get("/documents/E01").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_roles_on_pages(app) -> None:  # type: ignore[no-untyped-def]
    viewer, _token = as_user(app, "vera")
    assert viewer.get("/users").status_code == 403
    reader = viewer.get("/documents/E01").text
    assert 'data-can-code="no"' in reader
    assert 'id="picker"' not in reader
    coder, _token = as_user(app, "bea")
    assert coder.get("/users").status_code == 403
    assert 'id="picker"' in coder.get("/documents/E01").text
    admin, _token = as_user(app, "ana")
    assert "bea" in admin.get("/users").text


def test_every_route_is_guarded_or_a_page() -> None:
    """Every route but the login form and the language switch needs a user."""
    guards = {ANY_USER, ADMIN, CODER}
    for route in routes_of():
        if not isinstance(route, APIRoute):
            continue
        calls = {d.call for d in route.dependant.dependencies}
        if route.path in ("/login", "/lang/{code}"):
            continue
        if "POST" in (route.methods or set()):
            assert calls & guards, route.path
        else:
            assert reader in calls, route.path


def test_the_session_cookie_is_secure_over_https(app) -> None:  # type: ignore[no-untyped-def]
    secure = TestClient(app, base_url="https://testserver")
    token = csrf_of(secure)
    response = secure.post(
        "/login",
        data={"name": "bea", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"]
