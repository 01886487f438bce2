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
    provenance_counts,
    provenance_notice,
    table_block,
    text_block,
)

# ----------------------------------------------------------------------------- methods


def methods_section(r: CaseResults, t: T, sources: Sequence[Mapping[str, Any]]) -> Section:
    """Methods and provenance: sources, how many records are inferred or illustrative, what
    could not be computed."""
    counts = provenance_counts(r)
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
                    "Every record carries its provenance: a cited source, the analysts' "
                    "inference, or illustrative content written as an example."
                )
                + (" " + notice if (notice := provenance_notice(r, t)) else "")
            ),
            table_block(provenance),
            table_block(source_table),
            table_block(unavailable),
        ),
    )
