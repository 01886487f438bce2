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
    source: int | None
    inferred: int | None
    illustrative: int | None


def summarise(document: CaseDocument) -> list[SectionSummary]:
    """One row per section of the case; sections without provenance (the sources themselves)
    have no provenance counts."""
    rows = []
    for section in SECTIONS:
        records = document.data.get(section.name) or []
        counts = Counter(r.get("provenance") for r in records)
        rows.append(
            SectionSummary(
                section=section.name,
                records=len(records),
                source=counts["source"] if section.provenance else None,
                inferred=counts["inferred"] if section.provenance else None,
                illustrative=counts["illustrative"] if section.provenance else None,
            )
        )
    return rows
