"""Canonical text: NFC, newline handling, invisible characters, hashes and language."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concierto.ingest import load_document
from concierto.ingest.canonical import (
    canonical_text,
    canonicalize,
    detect_language,
    language_scores,
    sha256_file,
    sha256_text,
)
from concierto.ingest.readers import ExtractedDocument


def test_nfd_becomes_nfc_and_crlf_becomes_newline() -> None:
    nfd = unicodedata.normalize("NFD", "Año de la coordinación\r\n¿Señor Núñez?\r¡Sí!")
    assert len(nfd) > len("Año de la coordinación\n¿Señor Núñez?\n¡Sí!")
    assert canonical_text(nfd) == "Año de la coordinación\n¿Señor Núñez?\n¡Sí!"


def test_page_and_paragraph_separators_become_blank_lines() -> None:
    assert canonical_text("uno\x0cdos\u2029tres\u2028cuatro\x85cinco\x0bseis") == (
        "uno\n\ndos\n\ntres\ncuatro\ncinco\nseis")


def test_invisible_controls_and_bom_are_removed_but_tabs_kept() -> None:
    assert canonical_text("\ufeffcoordi\x02nación\x00\tfin\x1b") == "coordinación\tfin"


def test_emoji_are_single_code_points_after_canonicalisation() -> None:
    text = canonical_text(unicodedata.normalize("NFD", "Reunión 👍🏽 en Perú"))
    assert text.index("en Perú") == 11  # "Reunión" 7 + space + 2 emoji code points + space
    assert text[8:10] == "👍🏽"


@given(st.lists(st.sampled_from(
    [*"aeñnóo\u0303\u0301 \r\n\t.¿?😀\u2028\x0c\x0b\x00\ufeff", "\r\n"])).map("".join))
def test_canonical_text_is_idempotent_nfc_and_has_no_carriage_returns(text: str) -> None:
    once = canonical_text(text)
    assert canonical_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once and "\x0c" not in once


def test_file_hash_is_sha256_of_the_original_bytes(tmp_path: Path) -> None:
    data = "Coordinación\r\n".encode("cp1252") * 100_000  # over one hashing chunk
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
    document = load_document(path)
    assert document.source_sha256 == hashlib.sha256(data).hexdigest()
    assert document.text_sha256 == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    assert document.text.startswith("Coordinación\nCoordinación\n")
    assert (document.source_name, document.source_size) == ("doc.txt", len(data))


def test_language_detection_spanish_english_and_unclear() -> None:
    spanish = ("La Presidencia del Consejo de Ministros coordina la política nacional de "
               "modernización de la gestión pública con los gobiernos regionales.")
    english = ("The Presidency of the Council of Ministers coordinates the national policy "
               "with the regional governments and the ministries.")
    assert detect_language(spanish) == "es"
    assert detect_language(english) == "en"
    assert detect_language("12345 67 -- 89") is None
    assert detect_language("PCM MEF MINSA SERVIR CEPLAN INEI el") is None  # too few known words
    assert detect_language(spanish * 500) == "es"  # sampled, same answer


def test_canonicalize_normalises_text_title_and_metadata() -> None:
    extracted = ExtractedDocument(
        text=unicodedata.normalize("NFD", "Política de coordinación\r\nentre sectores del Perú."),
        title=unicodedata.normalize("NFD", "  Política  "),
        metadata={"author": unicodedata.normalize("NFD", "Núñez")}, format="txt",
        warnings=("w",))
    document = canonicalize(extracted, "abc")
    assert document.text == "Política de coordinación\nentre sectores del Perú."
    assert document.title == "Política"
    assert document.metadata == {"author": "Núñez", "title_source": "file"}
    assert document.language == "es"
    assert document.text_sha256 == sha256_text(document.text)
    assert (document.source_sha256, document.format, document.warnings) == ("abc", "txt", ("w",))


@pytest.mark.parametrize(
    "text",
    [
        "La coordinación entre los sectores es débil y nadie convoca a las reuniones.",
        "Coordination between the ministries is weak and nobody calls the meetings.",
        "PCM MEF MINSA SERVIR CEPLAN INEI el",
        "el the",  # a tie on the first sample
        "12345 67 -- 89",
        "",
    ],
)
def test_language_scores_are_simplemmas_even_when_remembered(text: str) -> None:
    from simplemma import langdetect

    expected = langdetect(text, lang=("es", "en"))
    assert language_scores(text, ("es", "en")) == expected
    assert language_scores(text, ("es", "en")) == expected  # second call from the cache
