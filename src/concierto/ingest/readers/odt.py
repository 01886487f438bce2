"""ODT documents: paragraphs, headings, list items and table rows in order (odfpy)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Final

from concierto.i18n import _
from concierto.ingest.errors import CorruptFileError, EncryptedFileError
from concierto.ingest.readers.base import (
    ExtractedDocument,
    ReadLimits,
    check_text_length,
    check_zip,
    join_blocks,
)

_TEXT: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DC: Final = "http://purl.org/dc/elements/1.1/"
_META: Final = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_BLOCKS: Final = {(_TEXT, "p"), (_TEXT, "h")}
_SKIPPED: Final = {(_TEXT, "note"), (_OFFICE, "annotation"), (_TEXT, "tracked-changes")}
_ELEMENT_NODE: Final = 1
_TEXT_NODE: Final = 3


def _inline_text(element: Any) -> str:
    """The text of a paragraph, with ODF's encoded spaces, tabs and line breaks expanded.

    Footnotes and comments are left out, as they are for DOCX.
    """
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == _ELEMENT_NODE:
            name = child.qname
            if name == (_TEXT, "s"):
                count = child.getAttrNS(_TEXT, "c")
                parts.append(" " * (int(count) if count else 1))
            elif name == (_TEXT, "tab"):
                parts.append("\t")
            elif name == (_TEXT, "line-break"):
                parts.append("\n")
            elif name not in _SKIPPED:
                parts.append(_inline_text(child))
    return "".join(parts)


def _collect(element: Any, blocks: list[str]) -> None:
    """Append the blocks under ``element`` in document order (table rows as tab-joined lines)."""
    for child in element.childNodes:
        if child.nodeType != _ELEMENT_NODE or child.qname in _SKIPPED:
            continue
        if child.qname in _BLOCKS:
            blocks.append(_inline_text(child))
        elif child.qname == (_TABLE, "table-row"):
            cells = [
                " ".join(_inline_text(cell).split()) for cell in child.childNodes
                if cell.nodeType == _ELEMENT_NODE and cell.qname == (_TABLE, "table-cell")
            ]
            blocks.append("\t".join(cells))
        else:
            _collect(child, blocks)


def _meta_value(document: Any, namespace: str, name: str) -> str | None:
    """The text of the first ``namespace:name`` element of meta.xml, or None."""
    for element in document.meta.childNodes:
        if element.nodeType == _ELEMENT_NODE and element.qname == (namespace, name):
            value = _inline_text(element).strip()
            return value or None
    return None


def _is_encrypted(path: Path) -> bool:
    """Whether the ODF manifest declares encrypted members (a password-protected document)."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = archive.read("META-INF/manifest.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return b"encryption-data" in manifest


def read_odt(path: Path, limits: ReadLimits) -> ExtractedDocument:
    """The body of an ODT text document; title, author, date and language from its meta.xml."""
    check_zip(path, "odt", limits)
    if _is_encrypted(path):
        raise EncryptedFileError(path, "odt")
    try:
        from odf.opendocument import load

        document = load(str(path))
        blocks: list[str] = []
        _collect(document.text, blocks)
        found = {
            "title": _meta_value(document, _DC, "title"),
            "author": _meta_value(document, _DC, "creator")
            or _meta_value(document, _META, "initial-creator"),
            "date": _meta_value(document, _META, "creation-date") or _meta_value(
                document, _DC, "date"),
            "subject": _meta_value(document, _DC, "subject"),
            "language": _meta_value(document, _DC, "language"),
        }
    except Exception as exc:  # odfpy raises zip, XML and attribute errors alike
        raise CorruptFileError(path, "odt", _("cannot read the document body ({detail})").format(
            detail=type(exc).__name__)) from exc
    metadata = {key: value for key, value in found.items() if value}
    if "date" in metadata:
        metadata["date"] = metadata["date"][:10]
    text = check_text_length(path, join_blocks(blocks), limits)
    return ExtractedDocument(text=text, title=metadata.get("title"), metadata=metadata,
                             format="odt")
