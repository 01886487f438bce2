"""The workbench in headless Chromium: log in, code by selecting with the mouse and the keyboard,
the stored offsets equal what ``concierto code ls`` prints, suggestions, roles, blind coding,
no console error, nothing planted in a text runs. Screenshots go to the artefact folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, artifact_dir, chromium, select_with_mouse, serving
from test_web_coding import cli_codings
from web_helpers import EMOJI, INTERVIEW, PASSWORD

from concierto.casefile.database import resolve_case
from concierto.evidence.store import add_coding, add_document, add_memo
from concierto.ingest.canonical import canonical_text
from concierto.model import Code
from concierto.store import open_store
from concierto.web.app import ServerSettings, create_app
from text_documents import text_document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Site:
    """A served store, its URL and the errors pages logged."""

    def __init__(self, db: Path, url: str, browser: Any) -> None:
        self.db = db
        self.url = url
        self.browser = browser
        self.errors: list[str] = []

    def page(self, name: str | None = None) -> Any:
        """A new browser page (logged in as ``name``), recording console errors."""
        # The pages' CSP would refuse the test's own evaluated predicates; bypassing it also
        # makes the planted-markup test check escaping alone, not the CSP behind it.
        context = self.browser.new_context(
            viewport={"width": 1400, "height": 900}, bypass_csp=True
        )
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        if name:
            page.goto(self.url + "/login")
            page.fill("input[name=name]", name)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")
            page.wait_for_url("**/documents")
        return page


@pytest.fixture
def site(served: Any, browser: Any) -> Iterator[Site]:
    app = create_app(ServerSettings(database=str(served.db), page_chars=2000, language="en"))
    with serving(app) as url:
        yield Site(served.db, url, browser)


def shoot(page: Any, name: str) -> None:
    page.screenshot(path=str(artifact_dir() / f"{name}.png"), full_page=False)


def code_selection(page: Any, query: str, code: str) -> None:
    """With a selection made, find ``code`` in the picker by typing and choose it."""
    page.wait_for_selector("#picker:not([hidden])")
    with page.expect_response(lambda r: "/codes/find?q=" + query.split()[0] in r.url):
        page.fill("#picker-q", query)
    page.wait_for_selector(f'#picker-results button.pick[data-code="{code}"]')
    page.click(f'#picker-results button.pick[data-code="{code}"]')


def wait_for_codings(page: Any, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('#panel li.coding').length >= {count}", timeout=10_000
    )


@pytest.mark.parametrize(
    ("key", "text", "phrase"),
    [("E01", INTERVIEW, "no están claras 😀 y cada"), ("EMO", EMOJI, "café q\u0301 — visión 😀")],
)
def test_code_a_selection_with_the_mouse(site: Site, key: str, text: str, phrase: str) -> None:
    page = site.page("bea")
    page.goto(f"{site.url}/documents/{key}")
    before = page.locator("#reader mark.seg").count()
    select_with_mouse(page, phrase)
    shoot(page, f"picker-{key}")
    code_selection(page, "ausencia reglas", "reglas.ausencia")
    page.wait_for_function(
        f"document.querySelectorAll('#reader mark.seg').length > {before}", timeout=10_000
    )
    page.reload()
    highlighted = page.locator("#reader mark.seg", has_text=phrase.split()[0])
    assert highlighted.count() >= 1
    canonical = canonical_text(text)
    start = canonical.index(phrase)
    stored = [
        (row["start"], row["end"], row["text"])
        for row in cli_codings(site.db, key)
        if row["coder"] == "bea" and row["code"] == "reglas.ausencia"
    ]
    assert stored == [(start, start + len(phrase), phrase)]
    shoot(page, f"reader-{key}")
    assert site.errors == []


def test_code_with_the_keyboard(site: Site) -> None:
    page = site.page("bea")
    page.goto(f"{site.url}/documents/EMO")
    page.focus("#reader")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector("#picker:not([hidden])")
    with page.expect_response(lambda r: "/codes/find?q=vision" in r.url):
        page.keyboard.type("vision")
    page.wait_for_selector('#picker-results button.pick[data-code="vision.presente"]')
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.dataset.code")
    page.keyboard.press("Enter")
    wait_for_codings(page, 1)
    rows = [r for r in cli_codings(site.db, "EMO") if r["coder"] == "bea"]
    assert [(r["start"], r["end"], r["code"], r["text"]) for r in rows] == [
        (0, 3, chosen, "Año")
    ]
    assert site.errors == []


def test_accept_a_suggestion_in_place(site: Site) -> None:
    page = site.page("bea")
    page.goto(f"{site.url}/documents/E01")
    assert page.locator("#reader mark.seg.sug").count() == 1
    style = page.locator("#reader mark.seg.sug").get_attribute("style") or ""
    assert "dashed" in style
    page.locator("#reader mark.seg.sug").hover()
    shoot(page, "reader-suggestion")
    page.click("#panel li.coding.sug button[data-action=accept]")
    page.wait_for_function("document.querySelectorAll('#reader mark.seg.sug').length === 0")
    assert [r["status"] for r in cli_codings(site.db, "E01") if r["origin"] == "rule:r1"] == [
        "accepted"
    ]
    assert site.errors == []


def test_a_viewer_cannot_code(site: Site) -> None:
    page = site.page("vera")
    page.goto(f"{site.url}/documents/E01")
    select_with_mouse(page, "cada uno mira")
    page.wait_for_timeout(300)
    assert page.locator("#picker").count() == 0
    assert page.locator("#panel button[data-action]").count() == 0
    status = page.evaluate(
        """async () => (await fetch("/documents/E01/codings", {method: "POST",
             headers: {"X-CSRF-Token": document.body.dataset.csrf},
             body: new URLSearchParams({start16: "0", end16: "4", code: "vision.ausente"})}))
             .status"""
    )
    assert status == 403
    assert [r for r in cli_codings(site.db, "E01") if r["coder"] == "vera"] == []
    assert site.errors == [] or all("403" in e for e in site.errors)


def test_a_blind_coder_sees_only_their_own(site: Site) -> None:
    page = site.page("ciro")
    page.goto(f"{site.url}/documents/E01")
    assert page.locator("#reader mark.seg").count() == 0
    select_with_mouse(page, "cada uno mira")
    code_selection(page, "vision", "vision.ausente")
    page.wait_for_function("document.querySelectorAll('#reader mark.seg').length === 1")
    wait_for_codings(page, 1)
    assert page.locator("#panel li.coding").count() == 1
    assert "ciro" in page.locator("#panel li.coding").inner_text()
    shoot(page, "reader-blind")
    assert site.errors == []


def test_pages_without_console_errors_and_overlaps(site: Site) -> None:
    store = open_store(site.db)
    with store.session() as session:
        case = resolve_case(session, None)
        start = INTERVIEW.index("visión común")
        add_coding(session, case, document="E01", code="reglas.ausencia", coder="ana",
                   start=start, end=start + 30, memo="se superpone")
    store.close()
    page = site.page("ana")
    shoot(page, "documents")
    for path, name in [
        ("/documents/E01", "reader-overlap"),
        ("/codes", "codes"),
        ("/codes/vision.ausente", "code-segments"),
        ("/users", "users"),
        ("/documents?kind=interview&q=entrevista", "documents-filtered"),
    ]:
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        shoot(page, name)
    page.goto(site.url + "/documents/E01")
    overlap = page.locator("#reader mark.seg[data-ids*=' ']").first
    assert "repeating-linear-gradient" in (overlap.get_attribute("style") or "")
    assert "se superpone" in (overlap.get_attribute("title") or "")
    page.goto(site.url + "/documents/LONG")
    page.wait_for_load_state("networkidle")
    sections = page.locator("#reader section.page").count()
    page.evaluate("document.querySelector('article.centre').scrollTo(0, 1e9)")
    page.wait_for_function(
        f"document.querySelectorAll('#reader section.page').length > {sections}"
    )
    texts = page.evaluate(
        "[...document.querySelectorAll('#reader section.page')].map(s => s.textContent)"
    )
    store = open_store(site.db)
    with store.session() as session:
        from concierto.model import Document

        long_text = session.query(Document).filter(Document.key == "LONG").one().text
    store.close()
    assert long_text.startswith("".join(texts))  # the pages join up into the text
    shoot(page, "reader-long")
    anonymous = site.page()
    anonymous.goto(site.url + "/documents")
    shoot(anonymous, "login")
    anonymous.goto(site.url + "/lang/es?next=/login")
    shoot(anonymous, "login-es")
    assert site.errors == []


PLANTED = (
    '<script>window.__xss = "script"</script> '
    '<img src="x" onerror="window.__xss = \'img\'"> '
    '<a href="javascript:window.__xss=\'link\'">pulse aquí</a> javascript:window.__xss=1'
)


def test_planted_markup_never_runs(site: Site) -> None:
    store = open_store(site.db)
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document("Texto con trampa: " + PLANTED, title=PLANTED),
                     key="XSS", kind="other")
        code = session.query(Code).filter(Code.key == "vision.ausente").one()
        code.label_es = code.label_en = "Visión <img src=x onerror=\"window.__xss='code'\">"
        coding = add_coding(session, case, document="XSS", code="vision.ausente", coder="bea",
                            start=0, end=5, memo=PLANTED)
        add_memo(session, case, target_type="coding", target_id=coding.id, text_=PLANTED,
                 coder="bea")
        add_memo(session, case, target_type="document", target_id=coding.document_id,
                 text_=PLANTED, coder="bea", title=PLANTED)
    store.close()
    page = site.page("ana")
    for path in ["/documents", "/documents/XSS", "/codes", "/codes/vision.ausente",
                 "/codes/find?q=vision"]:
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        for mark in page.locator("mark.seg").all():
            mark.hover()
        assert page.evaluate("window.__xss") is None, path
        assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
        assert page.evaluate(
            "document.querySelectorAll('a[href^=\"javascript:\" i]').length"
        ) == 0
    page.goto(site.url + "/documents/XSS")
    assert "<script>" in page.locator("#reader").inner_text()  # shown as text
    shoot(page, "reader-planted")
    assert [e for e in site.errors if "xss" in e.lower()] == []
