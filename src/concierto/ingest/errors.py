"""Errors raised while reading a document: each names the file and says what to do.

Every error is a ``ValueError`` so callers (the CLI, the store) can catch one family and show the
message as is, instead of a traceback from inside a PDF or ZIP library.
"""

from __future__ import annotations

from pathlib import Path

from concierto.i18n import _


class IngestError(ValueError):
    """A document could not be read; ``path`` is the file and ``reason`` the translated cause."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class FileMissingError(IngestError):
    """The path does not exist or is not a regular file."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, _("no such file"))


class EmptyFileError(IngestError):
    """The file has zero bytes, or no text at all once read."""

    def __init__(self, path: str | Path, reason: str | None = None) -> None:
        super().__init__(path, reason or _("the file is empty (0 bytes)"))


class FileTooLargeError(IngestError):
    """The file (or the text it expands to) exceeds the configured limit."""

    def __init__(self, path: str | Path, size: int, limit: int, what: str = "file") -> None:
        self.size = size
        self.limit = limit
        if what == "text":
            reason = _("the extracted text is too large ({size} characters; the limit is {limit})")
        else:
            reason = _("the file is too large ({size} bytes; the limit is {limit})")
        super().__init__(path, reason.format(size=size, limit=limit))


class UnsupportedFormatError(IngestError):
    """Neither the extension nor the content matches a supported format."""


class NotTextError(IngestError):
    """A file read as text holds binary data."""

    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(path, _("the file does not look like text ({detail})").format(
            detail=detail))


class CorruptFileError(IngestError):
    """The file claims a format but cannot be parsed as it."""

    def __init__(self, path: str | Path, fmt: str, detail: str) -> None:
        self.detail = detail
        super().__init__(path, _("the {fmt} file is damaged or incomplete: {detail}").format(
            fmt=fmt.upper(), detail=detail))


class EncryptedFileError(IngestError):
    """The file is password-protected."""

    def __init__(self, path: str | Path, fmt: str) -> None:
        super().__init__(path, _(
            "the {fmt} file is password-protected; save an unprotected copy and import that"
        ).format(fmt=fmt.upper()))


class NoTextLayerError(IngestError):
    """A PDF whose pages carry no text (a scan); OCR is needed."""

    def __init__(self, path: str | Path, pages: int) -> None:
        self.pages = pages
        super().__init__(path, _(
            "the PDF has no text layer ({pages} pages, probably scanned); import it again with "
            "--ocr (needs: apt-get install tesseract-ocr tesseract-ocr-spa)"
        ).format(pages=pages))


class OcrUnavailableError(IngestError):
    """OCR was asked for but tesseract or its Spanish data is not installed."""


class OcrFailedError(IngestError):
    """tesseract ran but failed on a page."""
