"""Prepare a document for the store without touching it: canonical text, units and the
indexed lemmas of its sentences. Pure and picklable, so files can be prepared in worker
processes while the store writes the previous ones."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

from concierto.evidence.fulltext import sentence_lemmas
from concierto.ingest import (
    CanonicalDocument,
    ReadLimits,
    SegmentationOptions,
    Unit,
    load_document,
    segment,
)

SENTENCE = "sentence"
UnitRow = tuple[str, int, int, int, str | None]


@dataclass(frozen=True)
class PreparedDocument:
    """A canonical document with its units and, aligned with its sentences, their lemmas.

    Units travel as columns (kinds, offsets and ordinals in integer arrays, speakers): they
    cross process boundaries many times faster than unit objects or row tuples, and the store
    zips them straight into its rows.
    """

    canonical: CanonicalDocument
    kinds: tuple[str, ...]
    starts: array[int]
    ends: array[int]
    ordinals: array[int]
    speakers: tuple[str | None, ...]
    sentence_lemmas: tuple[str, ...]

    @property
    def unit_rows(self) -> list[UnitRow]:
        """The units as ``(kind, start, end, ordinal, speaker)`` rows, in order."""
        return list(
            zip(self.kinds, self.starts, self.ends, self.ordinals, self.speakers, strict=True)
        )

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units as :class:`~concierto.ingest.Unit` objects."""
        return tuple(
            Unit(kind, start, end, ordinal, speaker)  # type: ignore[arg-type]
            for kind, start, end, ordinal, speaker in self.unit_rows
        )


@dataclass(frozen=True)
class FileJob:
    """One file to read and prepare."""

    path: str
    options: SegmentationOptions | None = None
    ocr: bool = False
    limits: ReadLimits | None = None


def prepare_text(
    canonical: CanonicalDocument,
    options: SegmentationOptions | None = None,
    language: str | None = None,
) -> PreparedDocument:
    """Cut ``canonical`` into units and compute its sentences' index entries."""
    units = segment(canonical.text, options or SegmentationOptions())
    kinds, starts, ends, ordinals, speakers = zip(*units, strict=True) if units else ((),) * 5
    start_column, end_column = array("q", starts), array("q", ends)
    sentences = list(
        compress(zip(start_column, end_column, strict=True), map(SENTENCE.__eq__, kinds))
    )
    lemmas = sentence_lemmas(canonical.text, sentences, language or canonical.language or "es")
    return PreparedDocument(
        canonical=canonical,
        kinds=kinds,
        starts=start_column,
        ends=end_column,
        ordinals=array("q", ordinals),
        speakers=speakers,
        sentence_lemmas=tuple(lemmas),
    )


def prepare_file(job: FileJob) -> PreparedDocument:
    """Read ``job.path`` and prepare it (errors name the file)."""
    canonical = load_document(Path(job.path), limits=job.limits, ocr=job.ocr)
    return prepare_text(canonical, job.options)
