"""Rows of the qualitative queries (MEASURES.md, M5) over the accepted codings: frequencies,
the code x attribute matrix, co-occurrence, consensus and retrieval, with the evidence ids
(``seg:N``, ``doc:KEY``) behind every number. The CLI's ``query`` commands print these."""

from __future__ import annotations

from typing import Any, Literal

from concierto.i18n import _, current_language
from concierto.measures.qualitative import (
    CodeConsensus,
    EvidenceIndex,
    PairConsensus,
)
from concierto.measures.qualitative.cooccurrence import CooccurrenceTable
from concierto.measures.qualitative.frequency import CodeAttributeMatrix, FrequencyTable

Row = dict[str, Any]
NO_VALUE_KEY = "(none)"


def code_label(index: EvidenceIndex, code: str) -> str:
    """The code's label in the current language."""
    return index.evidence.code(code).label(current_language())


def value_key(value: object) -> str:
    """The column key of an attribute value (``(none)`` for no value)."""
    return NO_VALUE_KEY if value is None else str(value)


def value_label(value: object) -> str:
    """The column label of an attribute value."""
    return _("(no value)") if value is None else str(value)


def frequency_rows(index: EvidenceIndex, table: FrequencyTable) -> list[Row]:
    """Segments and distinct documents per code and group."""
    return [
        {
            "code": row.code,
            "label": code_label(index, row.code),
            "group": row.group,
            "segments": row.segments,
            "sources": row.sources,
            "segment_ids": list(row.segment_ids),
            "document_ids": list(row.document_ids),
        }
        for row in table.rows
    ]


def matrix_rows(
    index: EvidenceIndex, result: CodeAttributeMatrix, count: Literal["segments", "sources"]
) -> tuple[list[Row], list[tuple[str, str]]]:
    """One row per code, one column per attribute value, counting segments or sources."""
    counts = result.counts(count)
    rows = []
    for i, code in enumerate(result.codes):
        row: Row = {"code": code, "label": code_label(index, code)}
        for j, value in enumerate(result.values):
            row[value_key(value)] = int(counts[i, j])
        row["total"] = sum(
            cell.segments if count == "segments" else cell.sources
            for (cell_code, _value), cell in result.cells.items()
            if cell_code == code
        )
        rows.append(row)
    columns = [("code", _("Code")), ("label", _("Label"))]
    columns += [(value_key(v), value_label(v)) for v in result.values]
    columns.append(("total", _("Total")))
    return rows, columns


def cooccurrence_rows(table: CooccurrenceTable) -> list[Row]:
    """Pairs of codes: units with both, units with either, Jaccard."""
    return [
        {
            "code_a": pair.code_a,
            "code_b": pair.code_b,
            "both": pair.both,
            "either": pair.either,
            "jaccard": pair.jaccard,
            "segment_ids": list(pair.segment_ids),
            "document_ids": list(pair.document_ids),
        }
        for pair in table.pairs
    ]


def code_consensus_row(result: CodeConsensus) -> Row:
    """k of N interviewees voicing one code, with who and where."""
    language = current_language()
    return {
        "code": result.code,
        "label": result.labels.get(language, result.code),
        "k": result.k,
        "n": result.n,
        "share": result.share,
        "basis": result.basis,
        "sentence": result.sentence(language),
        "population": list(result.population),
        "interviewees": list(result.interviewees),
        "segments": {person: list(ids) for person, ids in result.segment_ids.items()},
        "document_ids": list(result.document_ids),
        "unattributed": list(result.unattributed),
    }


def pair_row(result: PairConsensus) -> Row:
    """Interviewees' positions on one polar pair of codes."""
    return {
        "positive": result.positive,
        "negative": result.negative,
        "n": result.n,
        "positive_only": result.positive_only,
        "negative_only": result.negative_only,
        "both": result.both,
        "silent": result.silent,
        "basis": result.basis,
        "sentence": result.sentence(current_language()),
        "positions": [
            {
                "interviewee": p.interviewee,
                "position": p.position,
                "positive_ids": list(p.positive_ids),
                "negative_ids": list(p.negative_ids),
            }
            for p in result.positions
        ],
        "document_ids": list(result.document_ids),
        "unattributed": list(result.unattributed),
    }
