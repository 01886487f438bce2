"""Counts of a case's records and of their provenance, for `info` and the demo summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from concierto.casefile.read import CaseDocument
from concierto.casefile.spec import SECTIONS


@dataclass(frozen=True)
class SectionSummary:
    """How many records a section has, split by provenance."""

    section: str
    records: int
    source: int
    inferred: int
    illustrative: int


def summarise(document: CaseDocument) -> list[SectionSummary]:
    """One row per section of the case (sections without provenance count as cited)."""
    rows = []
    for section in SECTIONS:
        records = document.data.get(section.name) or []
        counts = Counter(
            (r.get("provenance") or "source") if section.provenance else "source" for r in records
        )
        rows.append(
            SectionSummary(
                section=section.name,
                records=len(records),
                source=counts["source"],
                inferred=counts["inferred"],
                illustrative=counts["illustrative"],
            )
        )
    return rows
