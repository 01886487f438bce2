"""OCR of scanned PDFs with the system's tesseract (Debian: tesseract-ocr, tesseract-ocr-spa).

Pages are rendered by pdfium to greyscale PGM images in a temporary folder and read by the
``tesseract`` command; nothing is downloaded and no Python OCR package is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from concierto.i18n import _
from concierto.ingest.errors import EncryptedFileError, OcrFailedError, OcrUnavailableError

DEFAULT_DPI: Final = 300
PAGE_TIMEOUT_SECONDS: Final = 300
INSTALL_HINT: Final = "apt-get install tesseract-ocr tesseract-ocr-spa"


def tesseract_languages(executable: str) -> set[str]:
    """The language packs the installed tesseract reports (empty if it cannot be asked)."""
    try:
        done = subprocess.run([executable, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return set()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return {line.strip() for line in lines if line.strip() and " " not in line.strip()}


def require_tesseract(path: Path, language: str = "spa") -> str:
    """The tesseract executable, or a clear error saying what to install."""
    executable = shutil.which("tesseract")
    if executable is None:
        raise OcrUnavailableError(path, _(
            "OCR needs tesseract, which is not installed; run: {hint}").format(hint=INSTALL_HINT))
    if language not in tesseract_languages(executable):
        raise OcrUnavailableError(path, _(
            "tesseract has no '{language}' language data; run: {hint}").format(
                language=language, hint=INSTALL_HINT))
    return executable


def _write_pgm(pixels: bytes, width: int, height: int, target: Path) -> None:
    """A binary greyscale PGM image (the simplest format tesseract's leptonica reads)."""
    with open(target, "wb") as handle:
        handle.write(f"P5\n{width} {height}\n255\n".encode("ascii"))
        handle.write(pixels)


def ocr_pdf(path: Path, *, password: str | None = None, language: str = "spa",
            dpi: int = DEFAULT_DPI, pages: Sequence[int] | None = None) -> list[str]:
    """The OCR text of the given pages of ``path`` (0-based indices; default all), in order."""
    import pypdfium2 as pdfium

    executable = require_tesseract(path, language)
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(path, "pdf") from exc
        raise OcrFailedError(path, str(exc)) from exc
    texts: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="concierto-ocr-") as folder:
            for index in (range(len(document)) if pages is None else pages):
                page = document[index]
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                array = bitmap.to_numpy()
                image = Path(folder) / f"page-{index + 1}.pgm"
                _write_pgm(array.reshape(array.shape[0], array.shape[1]).tobytes(),
                           array.shape[1], array.shape[0], image)
                bitmap.close()
                page.close()
                texts.append(_run_tesseract(path, executable, image, language, index + 1))
                image.unlink()
    finally:
        document.close()
    return texts


def _run_tesseract(path: Path, executable: str, image: Path, language: str, number: int) -> str:
    """The text tesseract reads from one page image; a failure names the file and page."""
    try:
        done = subprocess.run([executable, str(image), "stdout", "-l", language],
                              capture_output=True, timeout=PAGE_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrFailedError(path, _("tesseract failed on page {page}: {detail}").format(
            page=number, detail=exc)) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise OcrFailedError(path, _("tesseract failed on page {page}: {detail}").format(
            page=number, detail=detail[0]))
    return done.stdout.decode("utf-8", "replace")
