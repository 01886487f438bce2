"""Read a document of any supported format into plain text plus what the file declares.

Formats: TXT, Markdown, HTML, DOCX, ODT and PDF. The format is chosen from the extension and the
file's first bytes (content wins). Every failure is an :class:`~concierto.ingest.errors.IngestError`
naming the file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from concierto.i18n import _
from concierto.ingest.errors import EmptyFileError
from concierto.ingest.readers.base import (
    DEFAULT_MAX_BYTES,
    ExtractedDocument,
    ReadLimits,
    check_file,
)
from concierto.ingest.readers.docx import read_docx
from concierto.ingest.readers.markup import read_html, read_markdown
from concierto.ingest.readers.odt import read_odt
from concierto.ingest.readers.pdf import read_pdf
from concierto.ingest.readers.sniff import EXTENSIONS, SNIFF_BYTES, sniff_format
from concierto.ingest.readers.text import read_txt

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "ExtractedDocument",
    "ReadLimits",
    "read_document",
]


def read_document(path: str | Path, *, limits: ReadLimits | None = None, ocr: bool = False,
                  password: str | None = None, encoding: str | None = None,
                  ocr_language: str = "spa") -> ExtractedDocument:
    """The text, title, metadata and warnings of the document at ``path``.

    ``limits`` bounds the file size and text length (100 MiB each by default; a larger file is
    refused from its size alone). ``ocr`` lets a PDF without a text layer be read by tesseract;
    ``password`` opens a protected PDF; ``encoding`` overrides detection for text formats.
    """
    path = Path(path)
    limits = limits or ReadLimits()
    check_file(path, limits)
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    fmt, warnings = sniff_format(path, head)
    if fmt == "pdf":
        document = read_pdf(path, limits, ocr=ocr, password=password, ocr_language=ocr_language)
    elif fmt == "docx":
        document = read_docx(path, limits)
    elif fmt == "odt":
        document = read_odt(path, limits)
    elif fmt == "markdown":
        document = read_markdown(path, limits, encoding=encoding)
    elif fmt == "html":
        document = read_html(path, limits, encoding=encoding)
    else:
        document = read_txt(path, limits, encoding=encoding)
    if not document.text.strip():
        raise EmptyFileError(path, _("no text found in the {fmt} file").format(
            fmt=fmt.upper()))
    if warnings:
        document = replace(document, warnings=(*warnings, *document.warnings))
    return document
