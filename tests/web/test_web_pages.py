"""Served pages: nothing from the network, the reader's page windows join up into the text,
highlights, the type-ahead folds accents, the documents filter."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from web_helpers import EMOJI, as_user

from concierto.ingest.canonical import canonical_text

_CHECK = Path(__file__).resolve().parent.parent / "report" / "report_offline_check.py"
_spec = importlib.util.spec_from_file_location("report_offline_check", _CHECK)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
remote_references = _module.remote_references

PAGES = [
    "/login",
    "/documents",
    "/documents?kind=interview&q=entrevista",
    "/documents/E01",
    "/documents/LONG",
    "/documents/LONG/page?from=0&direction=next",
    "/documents/E01/panel",
    "/codes",
    "/codes/vision.ausente",
    "/codes/find?q=vision",
    "/users",
    "/codes/nothing-here",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_loads_anything_from_the_network(app: Any, path: str) -> None:
    admin, _token = as_user(app, "ana")
    body = admin.get(path).text
    assert remote_references(body) == []
    assert "cdn" not in body.lower()


def test_static_assets_are_vendored_with_their_licence() -> None:
    static = Path(__file__).resolve().parents[2] / "src" / "concierto" / "web" / "static"
    assert (static / "htmx.min.js").stat().st_size > 30_000
    assert "Zero-Clause BSD" in (static / "LICENSE-htmx.txt").read_text("utf-8")


def section_texts(fragment: str) -> list[tuple[int, int, str]]:
    tree = html.fragment_fromstring(fragment, create_parent="div")
    return [
        (int(s.get("data-from")), int(s.get("data-to")), s.text_content())
        for s in tree.iter("section")
    ]


def test_the_page_windows_join_up_into_the_text(app: Any, served: Any) -> None:
    from concierto.model import Document
    from concierto.store import open_store

    store = open_store(served.db)
    with store.session() as session:
        text = session.query(Document).filter(Document.key == "LONG").one().text
    store.close()
    coder, _token = as_user(app, "bea")
    first = coder.get("/documents/LONG").text
    assert len(first) < 40_000  # one window, not the 180,000 characters
    joined, start, windows = "", 0, 0
    while start is not None:
        fragment = coder.get(f"/documents/LONG/page?from={start}&direction=next").text
        ((begin, end, body),) = section_texts(fragment)
        assert begin == start
        assert body == text[begin:end]
        joined += body
        windows += 1
        start = end if end < len(text) else None
    assert joined == text
    assert windows > 50
    back = coder.get("/documents/LONG/page?from=9000&direction=prev").text
    assert "direction=prev" in back  # the earlier-text button fetches the page before


def test_utf16_starts_of_windows(app: Any) -> None:
    coder, _token = as_user(app, "bea")
    fragment = coder.get("/documents/EMO/page?from=20&direction=bare").text
    tree = html.fragment_fromstring(fragment, create_parent="div")
    section = next(tree.iter("section"))
    canonical = canonical_text(EMOJI)
    assert int(section.get("data-u16")) == len(canonical[:20].encode("utf-16-le")) // 2
    assert "direction=" not in fragment


def test_reader_opens_at_a_coding(app: Any) -> None:
    coder, _token = as_user(app, "bea")
    page = coder.get("/documents/LONG?at=100000").text
    ((begin, _end, _body),) = section_texts(page.split('<div id="reader"', 1)[1].split(
        "</article>", 1)[0].split(">", 1)[1])
    assert 99_000 < begin <= 100_000


def test_the_type_ahead_folds_accents_and_case(app: Any) -> None:
    coder, _token = as_user(app, "bea")
    found = coder.get("/codes/find?q=VISION compartida").text
    assert 'data-code="vision.presente"' in found
    assert 'data-code="vision.ausente"' in found
    assert 'data-code="vision"' not in found  # a folder cannot be applied
    english = coder.get("/codes/find?q=shared", headers={"Accept-Language": "en"}).text
    assert "Shared vision" in english
    assert "No code matches." in coder.get("/codes/find?q=zzzz",
                                           headers={"Accept-Language": "en"}).text


def test_the_documents_filter(app: Any) -> None:
    coder, _token = as_user(app, "bea")
    interviews = coder.get("/documents?kind=interview").text
    assert ">E01<" in interviews
    assert ">EMO<" not in interviews
    words = coder.get("/documents?q=LARGO").text
    assert ">LONG<" in words
    assert ">E01<" not in words
    counts = coder.get("/documents").text.split(">E01<", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">1</td>' in counts  # one accepted coding, one suggestion


def test_escaped_everywhere(app: Any, served: Any) -> None:
    from concierto.casefile.database import resolve_case
    from concierto.evidence.store import add_document
    from concierto.store import open_store
    from text_documents import text_document

    store = open_store(served.db)
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document('<script>alert(1)</script> <img onerror="x">',
                     title="<b>t</b>"), key="X1", kind="other")
    store.close()
    coder, _token = as_user(app, "bea")
    for path in ["/documents", "/documents/X1"]:
        body = coder.get(path).text
        assert "<script>alert" not in body
        assert "<img onerror" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "&lt;b&gt;t&lt;/b&gt;" in body
