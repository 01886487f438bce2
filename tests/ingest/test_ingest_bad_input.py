"""Bad input: every failure is an IngestError (a ValueError) naming the file and the cause."""

from __future__ import annotations

import random
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from concierto.ingest import read_document
from concierto.ingest.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileMissingError,
    FileTooLargeError,
    IngestError,
    NoTextLayerError,
    NotTextError,
    OcrUnavailableError,
    UnsupportedFormatError,
)
from concierto.ingest.readers import ReadLimits


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "vacio.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match=r"vacio\.txt: .*0 bytes"):
        read_document(path)


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blanco.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyFileError, match=r"blanco\.txt: .*no text"):
        read_document(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match=r"no_existe\.txt"):
        read_document(tmp_path / "no_existe.txt")
    with pytest.raises(FileMissingError):
        read_document(tmp_path)


def test_binary_junk_named_txt_with_nul_bytes(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "basura.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    with pytest.raises(NotTextError, match=r"basura\.txt: .*does not look like text"):
        read_document(path)


@pytest.mark.parametrize("low", [1, 128])
def test_binary_junk_without_nul_bytes(tmp_path: Path, low: int) -> None:
    rng = random.Random(3)
    path = tmp_path / "ruido.txt"
    path.write_bytes(bytes(rng.randrange(low, min(256, low + 127)) for _ in range(5_000)))
    with pytest.raises(NotTextError, match=r"ruido\.txt"):
        read_document(path)


def test_200_mb_file_refused_from_its_size_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "enorme.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk space, but stat says 200 MB
    tracemalloc.start()
    try:
        with pytest.raises(FileTooLargeError, match=r"enorme\.txt: .*too large") as caught:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.size == 200 * 1024 * 1024
    assert peak < 1024 * 1024


def test_size_and_text_limits_are_parameters(tmp_path: Path) -> None:
    path = tmp_path / "medio.txt"
    path.write_text("palabra " * 500, encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="1000"):
        read_document(path, limits=ReadLimits(max_bytes=1000))
    with pytest.raises(FileTooLargeError, match="characters"):
        read_document(path, limits=ReadLimits(max_chars=100))


def test_corrupt_docx(make_docx: Callable[..., Path], tmp_path: Path) -> None:
    good = make_docx("bueno.docx", ["Hola."]).read_bytes()
    truncated = tmp_path / "cortado.docx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(CorruptFileError, match=r"cortado\.docx: .*DOCX.*damaged"):
        read_document(truncated)
    junk = tmp_path / "basura.docx"
    junk.write_bytes(b"esto no es un zip " * 50)
    with pytest.raises(CorruptFileError, match=r"basura\.docx"):
        read_document(junk)


def test_zip_without_word_body_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "otro.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hola.txt", "hola")
    with pytest.raises(CorruptFileError, match=r"otro\.docx"):
        read_document(path)


def test_zip_that_expands_too_much_is_refused(make_docx: Callable[..., Path]) -> None:
    path = make_docx("inflado.docx", ["Hola."])
    with pytest.raises(FileTooLargeError, match=r"inflado\.docx"):
        read_document(path, limits=ReadLimits(max_unzipped_bytes=1000))


def test_password_protected_docx_is_an_ole_container(tmp_path: Path) -> None:
    path = tmp_path / "protegido.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
                     + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 600)
    with pytest.raises(EncryptedFileError, match=r"protegido\.docx: .*password-protected"):
        read_document(path)


def test_legacy_doc_and_rtf_are_unsupported(tmp_path: Path) -> None:
    doc = tmp_path / "viejo.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    with pytest.raises(UnsupportedFormatError, match=r"viejo\.doc: .*\.docx"):
        read_document(doc)
    rtf = tmp_path / "carta.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi hola}")
    with pytest.raises(UnsupportedFormatError, match="RTF"):
        read_document(rtf)


@pytest.mark.parametrize(("name", "head"), [
    ("foto.png", b"\x89PNG\r\n\x1a\n"), ("escaneo.jpg", b"\xff\xd8\xff\xe0"),
    ("escaneo.txt", b"II*\x00")])
def test_images_are_unsupported_with_a_hint(tmp_path: Path, name: str, head: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(head + b"\x00\x01" * 100)
    with pytest.raises(UnsupportedFormatError, match=re.escape(name) + ": an image.*PDF"):
        read_document(path)


def test_other_zip_archives_are_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "planilla.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormatError, match=r"planilla\.xlsx: a ZIP archive"):
        read_document(path)


def test_corrupt_odt(make_odt: Callable[..., Path], tmp_path: Path) -> None:
    good = make_odt("bueno.odt", ["Hola."]).read_bytes()
    path = tmp_path / "cortado.odt"
    path.write_bytes(good[: len(good) // 3])
    with pytest.raises(CorruptFileError, match=r"cortado\.odt: .*ODT"):
        read_document(path)


def test_password_protected_odt(tmp_path: Path) -> None:
    path = tmp_path / "protegido.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", bytes(range(256)))
        archive.writestr("META-INF/manifest.xml",
                         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                         'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
                         '"content.xml"><manifest:encryption-data/></manifest:file-entry>'
                         "</manifest:manifest>")
    with pytest.raises(EncryptedFileError, match=r"protegido\.odt: .*ODT.*password"):
        read_document(path)


def test_corrupt_and_truncated_pdf(make_pdf: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "roto.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nbasura sin xref")
    with pytest.raises(CorruptFileError, match=r"roto\.pdf: .*PDF.*damaged"):
        read_document(path)
    not_pdf = tmp_path / "falso.pdf"
    not_pdf.write_bytes(b"esto no es un PDF")
    with pytest.raises(CorruptFileError, match=r"falso\.pdf"):
        read_document(not_pdf)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="clave", owner_password="dueño", algorithm="RC4-128")
    path = tmp_path / "cifrado.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    with pytest.raises(EncryptedFileError, match=r"cifrado\.pdf: .*password-protected"):
        read_document(path)
    with pytest.raises(NoTextLayerError):  # the right password opens it: one blank page
        read_document(path, password="clave")


def test_pdf_without_text_layer_says_to_use_ocr(make_pdf: Callable[..., Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("escaneado.pdf", [[], []], text_layer=False)
    with pytest.raises(NoTextLayerError, match=r"escaneado\.pdf: .*no text layer.*--ocr") as caught:
        read_document(path)
    assert caught.value.pages == 2
    monkeypatch.setattr("shutil.which", lambda _name: None)
    with pytest.raises(OcrUnavailableError, match=r"escaneado\.pdf: .*apt-get install tesseract"):
        read_document(path, ocr=True)


def test_pdf_with_some_blank_pages_warns(make_pdf: Callable[..., Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    text_pdf = make_pdf("texto.pdf", [["Página con texto."]])
    writer = PdfWriter()
    writer.append(PdfReader(str(text_pdf)))
    writer.add_blank_page(200, 200)
    path = tmp_path / "mezcla.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    document = read_document(path)
    assert document.text == "Página con texto."
    assert any("2" in warning for warning in document.warnings)


def test_errors_are_value_errors() -> None:
    assert issubclass(IngestError, ValueError)
    error = EmptyFileError("x/y.txt")
    assert error.path == Path("x/y.txt")
    assert str(error).startswith("x/y.txt: ")


def test_messages_are_translated_to_spanish(tmp_path: Path) -> None:
    from concierto.i18n import catalog, set_language

    path = tmp_path / "vacío.txt"
    path.write_bytes(b"")
    set_language("es")  # the autouse fixture restores English afterwards
    with pytest.raises(EmptyFileError, match=r"vacío\.txt: el archivo está vacío \(0 bytes\)"):
        read_document(path)
    spanish = catalog("es")
    for message in ("the file is too large ({size} bytes; the limit is {limit})",
                    "unknown extension {ext}; read as plain text"):
        assert spanish.gettext(message) != message
