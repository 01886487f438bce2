"""OCR: the tesseract pipeline (rendering, PGM, subprocess) and its clear failures."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from concierto.ingest import read_document
from concierto.ingest.errors import OcrFailedError, OcrUnavailableError
from concierto.ingest.ocr import ocr_pdf, tesseract_languages

FAKE_TESSERACT = """#!{python}
import sys
if sys.argv[1] == "--list-langs":
    print('List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):')
    print("eng")
    print({languages!r})
    sys.exit(0)
with open(sys.argv[1], "rb") as image:
    magic = image.readline().strip()
    width, height = image.readline().split()
    depth = image.readline().strip()
    pixels = image.read()
if sys.argv[3:] != ["-l", "spa"] or len(pixels) != int(width) * int(height) or {fail}:
    sys.stderr.write("Error: bad image\\n")
    sys.exit(1)
print(f"{{magic.decode()}} {{width.decode()}}x{{height.decode()}} {{depth.decode()}} Año")
"""


def install_fake_tesseract(folder: Path, monkeypatch: pytest.MonkeyPatch, *,
                           languages: str = "spa", fail: bool = False) -> None:
    folder.mkdir()
    script = folder / "tesseract"
    script.write_text(FAKE_TESSERACT.format(python=sys.executable, languages=languages,
                                            fail=fail), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


def test_scanned_pdf_is_read_page_by_page_through_tesseract(
        make_pdf: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_tesseract(tmp_path / "bin", monkeypatch)
    path = make_pdf("escaneado.pdf", [[], []], text_layer=False)
    document = read_document(path, ocr=True)
    # A4 (595 x 842 pt) at 300 dpi is 2479.2 x 3508.3 px, which pdfium rounds up; 8-bit grey.
    assert document.text == "P5 2480x3509 255 Año\n\nP5 2480x3509 255 Año"
    assert any("OCR" in warning and warning.endswith(": 1, 2")
               for warning in document.warnings)


def test_only_pages_without_text_are_read_by_ocr(
        make_pdf: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader, PdfWriter

    install_fake_tesseract(tmp_path / "bin", monkeypatch)
    writer = PdfWriter()
    writer.append(PdfReader(str(make_pdf("texto.pdf", [["Página con texto."]]))))
    writer.add_blank_page(72, 144)  # 1 x 2 inches: 300 x 600 px at 300 dpi
    path = tmp_path / "mezcla.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    document = read_document(path, ocr=True)
    assert document.text == "Página con texto.\n\nP5 300x600 255 Año"
    assert any("OCR" in warning and warning.endswith(": 2") for warning in document.warnings)


def test_missing_spanish_data_names_the_package(make_pdf: Callable[..., Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_tesseract(tmp_path / "bin", monkeypatch, languages="deu")
    path = make_pdf("escaneado.pdf", [[]], text_layer=False)
    with pytest.raises(OcrUnavailableError, match=r"escaneado\.pdf: .*'spa'.*tesseract-ocr-spa"):
        read_document(path, ocr=True)


def test_tesseract_failure_names_file_and_page(make_pdf: Callable[..., Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_tesseract(tmp_path / "bin", monkeypatch, fail=True)
    path = make_pdf("malo.pdf", [[]], text_layer=False)
    with pytest.raises(OcrFailedError, match=r"malo\.pdf: .*page 1: Error: bad image"):
        read_document(path, ocr=True)


def test_listing_languages_of_a_broken_executable_is_empty(tmp_path: Path) -> None:
    assert tesseract_languages(str(tmp_path / "no-such-tesseract")) == set()


@pytest.mark.skipif(shutil.which("tesseract") is None
                    or "spa" not in tesseract_languages(shutil.which("tesseract") or ""),
                    reason="tesseract with Spanish data is not installed")
def test_real_tesseract_reads_spanish(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("texto.pdf", [["La coordinación del Perú es débil."]])
    assert "coordinación" in ocr_pdf(path, dpi=200)[0]
