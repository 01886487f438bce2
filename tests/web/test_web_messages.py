"""Every message of the templates, and the words they translate by value, in Spanish; pages in
the browser's language, and the switch."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from web_helpers import as_user

from concierto.i18n import catalog
from concierto.model.accounts import ROLES
from concierto.model.evidence import DOCUMENT_KINDS
from concierto.web.app import NAV, TEMPLATE_DIR


def test_every_template_message_has_a_spanish_translation() -> None:
    spanish = catalog("es")
    found = [
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(TEMPLATE_DIR), method_map=[("**.html", "jinja2")]
        )
    ]
    assert len(found) > 80
    assert [m for m in found if m not in spanish.messages] == []
    by_value = [entry.label for entry in NAV] + list(ROLES) + list(DOCUMENT_KINDS)
    assert [m for m in by_value if m not in spanish.messages] == []


def test_pages_follow_the_browser_and_the_switch(app) -> None:  # type: ignore[no-untyped-def]
    coder, _token = as_user(app, "bea")
    spanish = coder.get("/documents", headers={"Accept-Language": "es-PE,es;q=0.9"}).text
    assert "<h1>Documentos</h1>" in spanish
    assert '<html lang="es">' in spanish
    english = coder.get("/documents", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert "<h1>Documents</h1>" in english
    switched = coder.get("/lang/es?next=/codes", follow_redirects=False)
    assert switched.headers["location"] == "/codes"
    assert "<h1>Códigos</h1>" in coder.get("/codes", headers={"Accept-Language": "en"}).text
    assert coder.get("/lang/en?next=https://evil.example", follow_redirects=False).headers[
        "location"
    ] == "/documents"


def test_store_errors_come_in_the_requests_language(app) -> None:  # type: ignore[no-untyped-def]
    """Messages raised by the store follow each request, not the process-wide language."""
    from concierto.i18n import current_language, set_language

    coder, token = as_user(app, "bea")
    set_language("es")
    try:
        english = coder.post(
            "/codings/999/remove",
            data={"csrf_token": token},
            headers={"Accept": "application/json", "Accept-Language": "en"},
        )
        assert english.json()["error"] == "coding seg:999 no longer exists; reload the page"
        coder.get("/lang/es")
        spanish = coder.post(
            "/codings/999/remove", data={"csrf_token": token},
            headers={"Accept": "application/json"},
        )
        assert spanish.json()["error"] == "la codificación seg:999 ya no existe; recargue la página"
        assert current_language() == "es"
    finally:
        set_language("en")
