"""Methods and provenance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from concierto.report.build import CaseResults
from concierto.report.model import (
    Section,
    Table,
    rows_of,
)
from concierto.report.sections.common import (
    T,
    cols,
    table_block,
    text_block,
)

# ----------------------------------------------------------------------------- methods


def methods_section(r: CaseResults, t: T, sources: Sequence[Mapping[str, Any]]) -> Section:
    """Methods and provenance: sources, how many records are inferred or illustrative, what
    could not be computed."""
    counts: dict[str, dict[str, int]] = {}
    s = r.snapshot
    groups: dict[str, Sequence[Any]] = {
        "actors": s.actors,
        "elements": s.elements,
        "ties": s.ties,
        "mechanisms": s.mechanisms,
        "interactions": s.interactions,
        "contributions": s.contributions,
        "documents": r.evidence.documents,
    }
    for name, records in groups.items():
        tally = counts.setdefault(name, {"source": 0, "inferred": 0, "illustrative": 0})
        for record in records:
            kind = (
                record.provenance if record.provenance in ("inferred", "illustrative") else "source"
            )
            tally[kind] += 1
    provenance = Table(
        id="provenance",
        title=t("Records by provenance"),
        columns=cols(
            t,
            ("section", "Section"),
            ("source", "Cited source"),
            ("inferred", "Inferred"),
            ("illustrative", "Illustrative"),
        ),
        rows=rows_of([{"section": t(k), **v} for k, v in counts.items()]),
        evidence=None,
    )
    source_table = Table(
        id="sources",
        title=t("Sources"),
        columns=cols(t, ("id", "Id"), ("citation", "Citation"), ("url", "Address")),
        rows=rows_of(
            [
                {"id": x.get("id"), "citation": x.get("citation"), "url": x.get("url")}
                for x in sources
            ]
        ),
        evidence=None,
    )
    unavailable = Table(
        id="unavailable",
        title=t("Measures not available in this build"),
        columns=cols(t, ("measure", "Measure"), ("reason", "Reason")),
        rows=rows_of([{"measure": k, "reason": v} for k, v in r.unavailable.items()]),
        evidence=None,
    )
    return Section(
        "methods",
        t("Methods and provenance"),
        (
            text_block(
                t(
                    "Every record carries its provenance: a cited source, our inference, or "
                    "illustrative content written for the example. Illustrative interviews are "
                    "not the study's confidential interviews."
                )
            ),
            table_block(provenance),
            table_block(source_table),
            table_block(unavailable),
        ),
    )
