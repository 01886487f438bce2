"""Document ingestion as pure functions: read a file, canonicalise its text, cut it into units.

The store calls :func:`load_document` (or the pieces: :func:`read_document`,
:func:`canonicalize`, :func:`segment`) and keeps the result; nothing here touches a database::

    document = load_document(path, ocr=False)  # an IngestError names the file on failure
    options = SegmentationOptions(speaker_aliases={"E": "Entrevistador"})
    for unit in iter_units(document.text, options):
        ...  # unit.kind, .start, .end (code points, end-exclusive), .ordinal, .speaker
"""

from __future__ import annotations

from pathlib import Path

from concierto.ingest.canonical import (
    CanonicalDocument,
    canonical_text,
    canonicalize,
    detect_language,
    sha256_file,
)
from concierto.ingest.errors import IngestError
from concierto.ingest.readers import ExtractedDocument, ReadLimits, read_document
from concierto.ingest.units import SegmentationOptions, Unit, iter_units, segment

__all__ = [
    "CanonicalDocument",
    "ExtractedDocument",
    "IngestError",
    "ReadLimits",
    "SegmentationOptions",
    "Unit",
    "canonical_text",
    "canonicalize",
    "detect_language",
    "iter_units",
    "load_document",
    "read_document",
    "segment",
]


def load_document(path: str | Path, *, limits: ReadLimits | None = None, ocr: bool = False,
                  password: str | None = None, encoding: str | None = None,
                  ) -> CanonicalDocument:
    """Read ``path`` and return its canonical document (text, hashes, title, language …).

    The original file's SHA-256 is computed from its bytes in bounded chunks, after the size
    check, so a file over the limit is refused before it is read.
    """
    extracted = read_document(path, limits=limits, ocr=ocr, password=password,
                              encoding=encoding)
    path = Path(path)
    return canonicalize(extracted, sha256_file(path), source_name=path.name,
                        source_size=path.stat().st_size)
