"""Round trips: text written in each format is read back exactly (after canonicalisation)."""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concierto.ingest import load_document, read_document
from concierto.ingest.canonical import canonical_text

WORD_CHARS = "abcdefghijklmnñopqrstuvwxyzáéíóúüABCDEÑÁÉ0123456789"
words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=12)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join).map(
    lambda sentence: sentence + ".")
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
documents = st.lists(paragraphs, min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_txt_round_trip(blocks: list[str], encoding: str, newline: str, nfd: bool) -> None:
    text = "\n\n".join(blocks)
    raw = unicodedata.normalize("NFD", text) if nfd and encoding in {"utf-8", "utf-16"} else text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(raw.replace("\n", newline).encode(encoding))
        assert load_document(path).text == text


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(blocks=documents)
def test_docx_and_odt_round_trip(make_docx: Callable[..., Path], make_odt: Callable[..., Path],
                                 blocks: list[str]) -> None:
    expected = canonical_text("\n\n".join(blocks))
    # Each example overwrites the same two files, so the shared tmp_path is harmless.
    assert canonical_text(read_document(make_docx("doc.docx", blocks)).text) == expected
    assert canonical_text(read_document(make_odt("doc.odt", blocks)).text) == expected
