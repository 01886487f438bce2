"""DOCX documents: body paragraphs and table rows in document order.

python-docx opens the package and reads the core properties; the body itself is walked in its
WordprocessingML so that text python-docx's ``Paragraph.text`` leaves out is kept: tracked
insertions, content controls (``w:sdt``, used by cover pages and forms) and fields. Deleted text,
drawings, footnotes, headers and footers are not part of the text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Final

from concierto.i18n import _
from concierto.ingest.errors import CorruptFileError
from concierto.ingest.readers.base import (
    ExtractedDocument,
    ReadLimits,
    check_text_length,
    check_zip,
    join_blocks,
)

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH: Final = _W + "p"
_TABLE: Final = _W + "tbl"
_ROW: Final = _W + "tr"
_CELL: Final = _W + "tc"
_TEXT: Final = _W + "t"
_CHARACTERS: Final = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n",
                      _W + "noBreakHyphen": "-"}
# Elements whose children carry the text of a paragraph (runs, links, insertions, fields …).
_INLINE_CONTAINERS: Final = frozenset(_W + name for name in (
    "r", "hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple",
    "customXml", "dir", "bdo"))
# Elements that hold paragraphs and tables at block level (content controls, custom XML).
_BLOCK_CONTAINERS: Final = frozenset(_W + name for name in ("sdt", "sdtContent", "customXml"))
_TITLE_STYLES: Final = frozenset({"Title", "Heading1", "Ttulo", "Ttulo1"})


def _inline_text(element: Any, parts: list[str]) -> None:
    """Append the text under ``element`` to ``parts``, entering only text-bearing containers."""
    for child in element:
        tag = child.tag
        if tag == _TEXT:
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag in _INLINE_CONTAINERS:
            _inline_text(child, parts)


def paragraph_text(paragraph: Any) -> str:
    """The visible text of a ``w:p`` element, tracked insertions included, deletions not."""
    parts: list[str] = []
    _inline_text(paragraph, parts)
    return "".join(parts)


def _style_id(paragraph: Any) -> str:
    """The paragraph's style id (``Heading1``, ``Title`` …), or an empty string."""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return str(style.get(_W + "val", "")) if style is not None else ""


def _cell_text(cell: Any) -> str:
    """A table cell's text on one line (its paragraphs and nested tables joined by spaces)."""
    blocks: list[str] = []
    _collect(cell, blocks, titles=[])
    return " ".join(" ".join(blocks).split())


def _table_rows(table: Any, blocks: list[str]) -> None:
    """One block per row, cells separated by a tab (a merged cell is one ``w:tc``)."""
    for row in table.iter(_ROW):
        if next(row.iterancestors(_TABLE)) is not table:
            continue  # rows of nested tables are read with their cell
        cells = [_cell_text(cell) for cell in row if cell.tag == _CELL]
        line = "\t".join(cells).strip()
        if line:
            blocks.append(line)


def _collect(container: Any, blocks: list[str], titles: list[str]) -> None:
    """Append the blocks under ``container`` in order; headings styled as titles to ``titles``."""
    for child in container:
        tag = child.tag
        if tag == _PARAGRAPH:
            text = paragraph_text(child)
            blocks.append(text)
            if text.strip() and _style_id(child) in _TITLE_STYLES:
                titles.append(text.strip())
        elif tag == _TABLE:
            _table_rows(child, blocks)
        elif tag in _BLOCK_CONTAINERS:
            _collect(child, blocks, titles)


def _metadata(document: Any) -> dict[str, str]:
    """Title, author, subject, keywords, language and date from the core properties."""
    core = document.core_properties
    found: dict[str, Any] = {
        "title": core.title, "author": core.author, "subject": core.subject,
        "keywords": core.keywords, "language": core.language,
        "date": core.created or core.modified,
    }
    metadata: dict[str, str] = {}
    for key, value in found.items():
        if isinstance(value, datetime):
            metadata[key] = value.date().isoformat()
        elif value and str(value).strip():
            metadata[key] = str(value).strip()
    return metadata


def read_docx(path: Path, limits: ReadLimits) -> ExtractedDocument:
    """The body of a DOCX: each paragraph a block, each table row a block, in body order."""
    check_zip(path, "docx", limits)
    try:
        import docx

        document = docx.Document(str(path))
        blocks: list[str] = []
        titles: list[str] = []
        _collect(document.element.body, blocks, titles)
        metadata = _metadata(document)
    except Exception as exc:  # python-docx raises KeyError, lxml and zip errors alike
        raise CorruptFileError(path, "docx", _("cannot read the Word body ({detail})").format(
            detail=type(exc).__name__)) from exc
    text = check_text_length(path, join_blocks(blocks), limits)
    return ExtractedDocument(text=text, title=metadata.get("title") or next(iter(titles), None),
                             metadata=metadata, format="docx")
