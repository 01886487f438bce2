"""PDF documents: the text layer through pypdfium2, with pypdf as fallback, OCR on request.

A PDF's text layer has lines but no paragraphs; a paragraph is taken to end at a line that
closes a sentence and is clearly shorter than the page's full lines, the usual layout cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

from concierto.i18n import _
from concierto.ingest.errors import (
    CorruptFileError,
    EncryptedFileError,
    IngestError,
    NoTextLayerError,
)
from concierto.ingest.readers.base import ExtractedDocument, ReadLimits, check_text_length

SHORT_LINE_RATIO: Final = 0.8
"""A line shorter than this share of the page's typical full line may end a paragraph."""

_LINE_END = re.compile(r"\r\n|\r|\n")
# pdfium marks a word hyphenated across lines with U+0002 or U+FFFE before the line break
# (and some producers use a soft hyphen): the two halves are joined back into one word.
_SOFT_HYPHEN_BREAK = re.compile("[\x02\ufffe\u00ad][ \t]*(?:\r\n|\r|\n)")
_CLOSES_SENTENCE = re.compile(r"[.!?:;…»\"”)]\s*$")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_METADATA_KEYS: Final = {"Title": "title", "Author": "author", "Subject": "subject",
                         "Keywords": "keywords", "CreationDate": "date"}


def page_paragraphs(page_text: str) -> list[str]:
    """A page's text as paragraphs: lines regrouped using blank lines and short closing lines."""
    page_text = _SOFT_HYPHEN_BREAK.sub("", page_text)
    lines = [line.rstrip() for line in _LINE_END.split(page_text)]
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return []
    full = lengths[(len(lengths) * 4) // 5]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        current.append(line)
        if _CLOSES_SENTENCE.search(line) and len(line) < SHORT_LINE_RATIO * full:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _pdf_date(value: str) -> str | None:
    """``YYYY[-MM[-DD]]`` from a PDF date string (``D:20130509…``), or None."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _clean_metadata(raw: dict[str, str]) -> dict[str, str]:
    """The document-information entries concierto keeps, under its own names."""
    metadata: dict[str, str] = {}
    for key, name in _METADATA_KEYS.items():
        value = str(raw.get(key) or raw.get("/" + key) or "").strip()
        if name == "date" and value:
            value = _pdf_date(value) or ""
        if value:
            metadata[name] = value
    return metadata


def _read_pdfium(path: Path, password: str | None) -> tuple[list[str], dict[str, str]]:
    """Page texts and metadata through pdfium (fast, robust, the first choice)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(path, "pdf") from exc
        raise
    try:
        pages: list[str] = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        metadata = _clean_metadata(document.get_metadata_dict(skip_empty=True))
    finally:
        document.close()
    return pages, metadata


def _read_pypdf(path: Path, password: str | None) -> tuple[list[str], dict[str, str]]:
    """Page texts and metadata through pypdf (pure Python, the fallback)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted and not reader.decrypt(password or ""):
        raise EncryptedFileError(path, "pdf")
    pages = [page.extract_text() or "" for page in reader.pages]
    raw = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    return pages, _clean_metadata(raw)


def read_pdf_pages(path: Path, password: str | None = None,
                   ) -> tuple[list[str], dict[str, str], list[str]]:
    """Each page's raw text, the document metadata and warnings; pypdf is tried if pdfium fails."""
    readers: list[Callable[[Path, str | None], tuple[list[str], dict[str, str]]]] = [
        _read_pdfium, _read_pypdf]
    failures: list[str] = []
    for reader in readers:
        try:
            pages, metadata = reader(path, password)
        except IngestError:
            raise
        except Exception as exc:  # both libraries raise many kinds of parse errors
            failures.append(f"{reader.__name__.removeprefix('_read_')}: {exc}".strip())
            continue
        warnings = [_("pdfium could not read the file; text taken with pypdf")] if failures else []
        return pages, metadata, warnings
    raise CorruptFileError(path, "pdf", "; ".join(failures))


def _page_list(numbers: list[int], shown: int = 10) -> str:
    """Page numbers for a message: the first ``shown`` of them, then an ellipsis."""
    listed = ", ".join(str(number) for number in numbers[:shown])
    return listed + (" …" if len(numbers) > shown else "")


def read_pdf(path: Path, limits: ReadLimits, *, ocr: bool = False, password: str | None = None,
             ocr_language: str = "spa") -> ExtractedDocument:
    """The text of a PDF, page after page; a scan without text needs ``ocr=True``.

    With ``ocr``, every page without a text layer is read by tesseract; without it, a PDF with no
    text at all is an error and one with some blank pages gets a warning listing them.
    """
    pages, metadata, warnings = read_pdf_pages(path, password)
    blank = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    if blank and ocr:
        from concierto.ingest.ocr import ocr_pdf

        recognised = ocr_pdf(path, password=password, language=ocr_language,
                             pages=[number - 1 for number in blank])
        for number, text in zip(blank, recognised, strict=True):
            pages[number - 1] = text
        warnings.append(_("pages read by OCR (tesseract, {language}); check them: {pages}").format(
            language=ocr_language, pages=_page_list(blank)))
    elif pages and len(blank) == len(pages):
        raise NoTextLayerError(path, len(pages))
    elif blank:
        warnings.append(_("pages without text (scanned?): {pages}").format(
            pages=_page_list(blank)))
    blocks = [paragraph for text in pages for paragraph in page_paragraphs(text)]
    text = check_text_length(path, "\n\n".join(blocks), limits)
    metadata["pages"] = str(len(pages))
    return ExtractedDocument(text=text, title=metadata.get("title"), metadata=metadata,
                             format="pdf", warnings=tuple(warnings))
