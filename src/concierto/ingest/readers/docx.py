"""DOCX documents: body paragraphs and table rows in document order (python-docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from concierto.i18n import _
from concierto.ingest.errors import CorruptFileError
from concierto.ingest.readers.base import (
    ExtractedDocument,
    ReadLimits,
    check_text_length,
    check_zip,
    join_blocks,
)


def _table_rows(table: Any) -> list[str]:
    """One line per row, cells separated by a tab; a merged cell is written once."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        line = "\t".join(cells).strip()
        if line:
            rows.append(line)
    return rows


def _metadata(document: Any) -> dict[str, str]:
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
    """The body of a DOCX: each paragraph a block, each table row a block, in body order.

    Headers, footers, comments and footnotes are not part of the text.
    """
    check_zip(path, "docx", limits)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(str(path))
        blocks: list[str] = []
        first_title: str | None = None
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_rows(item))
                continue
            text = item.text
            blocks.append(text)
            style = item.style.name if item.style is not None else ""
            if first_title is None and text.strip() and style in {"Title", "Heading 1"}:
                first_title = text.strip()
        metadata = _metadata(document)
    except Exception as exc:  # python-docx raises KeyError, lxml and zip errors alike
        raise CorruptFileError(path, "docx", _("cannot read the Word body ({detail})").format(
            detail=type(exc).__name__)) from exc
    text = check_text_length(path, join_blocks(blocks), limits)
    return ExtractedDocument(text=text, title=metadata.get("title") or first_title,
                             metadata=metadata, format="docx")
