"""Decide a file's format from its extension and its first bytes.

Content wins over the name: a PDF renamed ``.txt`` is read as a PDF (with a warning), and a
password-protected DOCX, which is really an OLE compound file, is recognised as such.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from concierto.i18n import _
from concierto.ingest.errors import EncryptedFileError, UnsupportedFormatError

SNIFF_BYTES: Final = 4096

EXTENSIONS: Final[dict[str, str]] = {
    ".txt": "txt", ".text": "txt", ".csv": "txt", ".tsv": "txt", ".srt": "txt", ".vtt": "txt",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".docm": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
}
TEXT_FORMATS: Final = frozenset({"txt", "markdown", "html"})

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE: Final = b"application/vnd.oasis.opendocument.text"
_IMAGE_MAGIC: Final = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
                       b"MM\x00*")


def _zip_format(path: Path) -> str | None:
    """``docx`` or ``odt`` for a ZIP holding one of them, None for any other or broken ZIP."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
            if "content.xml" in names:
                return "odt"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return None
    return None


def _looks_like_html(head: bytes) -> bool:
    """Whether the first bytes open an HTML document."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]


def sniff_format(path: Path, head: bytes) -> tuple[str, list[str]]:
    """The format to read ``path`` as, given its first bytes ``head``, plus any warnings."""
    claimed = EXTENSIONS.get(path.suffix.lower())
    warnings: list[str] = []
    found: str | None = None
    if head.startswith(b"%PDF-") or (claimed == "pdf" and b"%PDF-" in head[:1024]):
        found = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_format(path)
        if found is None and claimed in {"docx", "odt"}:
            found = claimed  # a broken container: its reader reports the damage
        elif found is None:
            raise UnsupportedFormatError(path, _(
                "a ZIP archive that is neither a DOCX nor an ODT document"))
    elif head.startswith(_OLE_MAGIC):
        # A password-protected DOCX is an OLE container holding the encrypted package.
        if claimed == "docx" or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in head:
            raise EncryptedFileError(path, "docx")
        raise UnsupportedFormatError(path, _(
            "an old binary Office file (.doc); save it as .docx or .odt and import that"))
    elif head.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(path, _("an RTF file; save it as .docx or .odt"))
    elif head.startswith(_IMAGE_MAGIC):
        raise UnsupportedFormatError(path, _(
            "an image; only PDF scans can be read with OCR (put the image in a PDF)"))
    if found is None:
        if claimed in {"pdf", "docx", "odt"}:
            found = claimed  # content does not match: its reader reports the damage
        elif claimed in TEXT_FORMATS:
            found = "html" if claimed == "txt" and _looks_like_html(head) else claimed
            if found != claimed:
                warnings.append(_("the file is named {ext} but holds HTML; read as HTML").format(
                    ext=path.suffix))
        elif _looks_like_html(head):
            found = "html"
        else:
            found = "txt"
            if claimed is None and path.suffix:
                warnings.append(_("unknown extension {ext}; read as plain text").format(
                    ext=path.suffix))
    elif claimed is not None and claimed != found:
        warnings.append(_("the file is named {ext} but holds {fmt}; read as {fmt}").format(
            ext=path.suffix, fmt=found.upper()))
    return found, warnings
