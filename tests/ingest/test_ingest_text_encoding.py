"""Plain-text decoding: UTF-8, BOMs, cp1252 and latin-1, and files that change encoding late."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from concierto.ingest import load_document, read_document
from concierto.ingest.errors import CorruptFileError

SPANISH = ("La coordinación entre el Ministerio y la PCM —dijo el señor Núñez— «no existe». "
           "¿Por qué? ¡Porque nadie la exige! Año 2013.\r\n")


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("cp1252", "cp1252"), ("latin-1", "cp1252")])
def test_spanish_text_in_common_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    text = SPANISH if encoding != "latin-1" else SPANISH.replace("—", "-")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes((text * 20).encode(encoding))
    document = read_document(path)
    assert document.text == text * 20
    assert document.metadata["encoding"] == expected
    assert (expected == "utf-8") == (not document.warnings)


def test_cp1252_quotes_and_euro_are_not_read_as_latin1_controls(tmp_path: Path) -> None:
    path = tmp_path / "comillas.txt"
    path.write_bytes("“Presupuesto” de 5 € – aprobado…".encode("cp1252"))
    assert read_document(path).text == "“Presupuesto” de 5 € – aprobado…"


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path: Path, bom: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(SPANISH.encode(bom))
    document = load_document(path)
    assert document.text == SPANISH.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "sin_bom.txt"
    path.write_bytes(SPANISH.encode(encoding))
    document = read_document(path)
    assert document.text == SPANISH
    assert document.metadata["encoding"] == encoding


def test_utf8_start_with_cp1252_after_the_sample_is_redetected(tmp_path: Path) -> None:
    path = tmp_path / "mixto.txt"
    head = b"plain ascii line\n" * 20_000  # 340 kB, more than the detection sample
    path.write_bytes(head + "Coordinación con Núñez.\n".encode("cp1252"))
    document = read_document(path)
    assert document.text.endswith("Coordinación con Núñez.\n")
    assert document.metadata["encoding"] == "cp1252"


def test_explicit_encoding_and_replacement_warning(tmp_path: Path) -> None:
    path = tmp_path / "roto.txt"
    path.write_bytes("año ".encode() + b"\xff\xfe" + b" fin")
    document = read_document(path, encoding="utf-8")
    assert document.text == "año \ufffd\ufffd fin"
    assert any("offset 5" in warning for warning in document.warnings)
    with pytest.raises(CorruptFileError, match=r"roto\.txt.*no-such-codec"):
        read_document(path, encoding="no-such-codec")


def test_multibyte_character_across_chunk_boundary(tmp_path: Path) -> None:
    path = tmp_path / "largo.txt"
    prefix = "a" * (codecs.getincrementaldecoder("utf-8")().getstate()[1] + (1 << 20) - 1)
    path.write_bytes((prefix + "ñandú").encode("utf-8"))
    assert read_document(path).text.endswith("añandú")


@pytest.mark.parametrize("text", ["Á.", "Ñandú", "0 0 aÉa.", "Año"])
def test_short_cp1252_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "corto.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_document(path).text == text


def test_dos_code_page_is_recognised(tmp_path: Path) -> None:
    text = "El señor Núñez coordinó la política de niñez con el Ministerio.\n" * 5
    path = tmp_path / "dos.txt"
    path.write_bytes(text.encode("cp850"))
    document = read_document(path)
    assert document.text == text
    assert document.metadata["encoding"] == "cp850"
