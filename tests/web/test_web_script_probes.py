"""The workbench's pages under the script probes of :mod:`security_probes` (the report's too):
payloads in an actor's name, a code's label, a document's title and text, a coding's memo and
memos; every page is loaded, worked (links clicked, marks hovered) and checked: nothing ran,
and no planted handler, script or ``javascript:`` link is in the DOM. The CSP is bypassed so
that escaping alone is tested, not the CSP behind it."""

from __future__ import annotations

from typing import Any

import pytest
from test_web_browser import Site, browser, site  # noqa: F401 — the served site and browser
from web_helpers import PASSWORD

from concierto.casefile.database import resolve_case
from concierto.evidence.store import add_coding, add_document, add_memo
from concierto.model import Actor, Code
from concierto.store import open_store
from security_probes import CHROMIUM, add_probe, payload_text, probe_playwright
from text_documents import text_document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

PAGES = ("/documents", "/documents/PROBE", "/documents/PROBE/panel", "/codes",
         "/codes/vision.ausente", "/codes/find?q=vision", "/users")


def _plant(served_site: Site) -> None:
    store = open_store(served_site.db)
    with store.session() as session:
        case = resolve_case(session, None)
        actor = session.query(Actor).filter(Actor.case_id == case.id).first()
        assert actor is not None
        actor.name = payload_text("web-actor", actor.name + " ")
        text = "Entrevista: " + payload_text("web-text") + " fin."
        add_document(session, case, text_document(text, title=payload_text("web-title")),
                     key="PROBE", kind="interview")
        code = session.query(Code).filter(Code.key == "vision.ausente").one()
        code.label_es = code.label_en = payload_text("web-code", "Visión ")
        coding = add_coding(session, case, document="PROBE", code="vision.ausente", coder="bea",
                            start=0, end=10, memo=payload_text("web-coding-memo"))
        add_memo(session, case, target_type="document", target_id=coding.document_id,
                 text_=payload_text("web-memo"), coder="bea", title=payload_text("web-memo-t"))
    store.close()


def _logged_in_page(served_site: Site) -> Any:
    context = served_site.browser.new_context(
        viewport={"width": 1400, "height": 900}, bypass_csp=True
    )
    add_probe(context)
    page = context.new_page()
    page.goto(served_site.url + "/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/documents")
    return page


def test_no_planted_script_runs_on_any_page(site: Site) -> None:  # noqa: F811
    _plant(site)
    page = _logged_in_page(site)
    shown: set[str] = set()
    for path in PAGES:
        result = probe_playwright(page, site.url + path)
        for mark in page.locator("mark.seg").all():
            mark.hover()
        assert page.evaluate("window.__probeHits") == [], path  # nothing ran on hover either
        assert (result.ran, result.live) == ([], 0), path
        shown |= {p for p in ("web-actor", "web-text", "web-title", "web-code", "web-memo")
                  if result.shown(p)}
    print("shown as text on some page:", sorted(shown))
    assert {"web-text", "web-title", "web-code"} <= shown
