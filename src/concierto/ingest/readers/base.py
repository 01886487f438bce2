"""What every reader returns, and the limits every reader honours."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from concierto.i18n import _
from concierto.ingest.errors import (
    CorruptFileError,
    EmptyFileError,
    FileMissingError,
    FileTooLargeError,
)

DEFAULT_MAX_BYTES: Final = 100 * 1024 * 1024
"""Default ceiling on a file's size and on the characters of text it may expand to (100 MiB)."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that keep memory predictable: file size, text length and ZIP expansion."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_BYTES
    max_unzipped_bytes: int = 4 * DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ExtractedDocument:
    """Plain text read from a file, before canonicalisation.

    Paragraphs are separated by a blank line; lines within a paragraph by one newline. ``format``
    is the format actually read (``txt``, ``docx``, ``pdf``, ``odt``, ``markdown``, ``html``);
    ``metadata`` holds what the file itself declares (``title``, ``author``, ``date``,
    ``language``, ``encoding`` …); ``warnings`` are things the user should know but that did
    not stop the import.
    """

    text: str
    title: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    format: str = "txt"
    warnings: tuple[str, ...] = ()


def check_file(path: Path, limits: ReadLimits) -> int:
    """The file's size after checking it exists, is not empty and is within the size limit.

    Only ``stat`` is used, so a 200 MB file is refused without reading any of it.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise FileMissingError(path) from exc
    if not path.is_file():
        raise FileMissingError(path)
    if info.st_size == 0:
        raise EmptyFileError(path)
    if info.st_size > limits.max_bytes:
        raise FileTooLargeError(path, info.st_size, limits.max_bytes)
    if not os.access(path, os.R_OK):
        raise FileMissingError(path)
    return info.st_size


def check_text_length(path: Path, text: str, limits: ReadLimits) -> str:
    """``text`` unchanged, or an error when it is longer than the configured limit."""
    if len(text) > limits.max_chars:
        raise FileTooLargeError(path, len(text), limits.max_chars, what="text")
    return text


def check_zip(path: Path, fmt: str, limits: ReadLimits) -> None:
    """Refuse a ZIP container (DOCX, ODT) that is broken or would expand beyond the limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(item.file_size for item in archive.infolist())
            bad = archive.testzip() if expanded <= limits.max_unzipped_bytes else None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFileError(path, fmt, _("not a valid ZIP container")) from exc
    if expanded > limits.max_unzipped_bytes:
        raise FileTooLargeError(path, expanded, limits.max_unzipped_bytes)
    if bad is not None:
        raise CorruptFileError(path, fmt, _("damaged member {name}").format(name=bad))


def join_blocks(blocks: list[str]) -> str:
    """Paragraph texts joined by blank lines, skipping empty ones."""
    return "\n\n".join(block for block in (b.strip() for b in blocks) if block)
