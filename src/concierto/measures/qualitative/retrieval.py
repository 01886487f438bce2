"""Retrieval of coded text with its context (MEASURES.md, M5): what a reader checks behind a
count.

Context is either ``context`` characters on each side of the segment (cut at the document's
edges), or, with ``unit``, the rest of the enclosing sentence, paragraph or speaker turn (the
units the segment's span overlaps; no context when it lies outside every unit of that kind).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _
from concierto.measures.qualitative.index import (
    UNIT_KINDS,
    EvidenceIndex,
    QueryError,
    as_index,
    check_unit_kind,
)

DEFAULT_CONTEXT_CHARS = 80
"""Characters of context on each side by default: about one line of text."""


@dataclass(frozen=True)
class RetrievedSegment:
    """One coded segment: where it is, who coded it, its text and the text around it."""

    evidence_id: str
    code: str
    document: str
    document_id: str
    start: int
    end: int
    whole_document: bool
    coder: str
    cases: tuple[str, ...]
    before: str
    text: str
    after: str
    memo: str | None


def retrieve_segments(
    evidence: EvidenceSnapshot | EvidenceIndex,
    codes: Iterable[str] | None = None,
    *,
    include_descendants: bool = False,
    context: int = DEFAULT_CONTEXT_CHARS,
    unit: str | None = None,
    documents: Iterable[str] | None = None,
    cases: Iterable[str] | None = None,
) -> tuple[RetrievedSegment, ...]:
    """The segments coded with ``codes`` (default: all), in snapshot order (document, start).

    ``documents`` / ``cases`` keep only segments of those documents / with one of those cases.
    A segment coded with several selected codes through descendants appears once per code.
    """
    if context < 0:
        raise QueryError(_("context must be zero or more characters, not {n}").format(n=context))
    if unit is not None:
        check_unit_kind(unit, UNIT_KINDS)
    index = as_index(evidence)
    selected = index.code_positions(codes, folders=include_descendants)
    wanted_documents = None if documents is None else {index.document_of(key) for key in documents}
    wanted_cases = None
    if cases is not None:
        wanted_cases = set(cases)
        unknown = sorted(wanted_cases - {case.id for case in index.evidence.qual_cases})
        if unknown:
            raise QueryError(_("unknown case {key!r}").format(key=unknown[0]))
    coding_positions, code_positions = index.coding_targets(selected, include_descendants)
    rank = {code: i for i, code in enumerate(selected)}
    order = sorted(
        zip(coding_positions.tolist(), code_positions.tolist(), strict=True),
        key=lambda pair: (pair[0], rank[pair[1]]),
    )
    found: list[RetrievedSegment] = []
    for position, code in order:
        document = int(index.coding_document[position])
        if wanted_documents is not None and document not in wanted_documents:
            continue
        coding_cases = index.coding_cases[position]
        if wanted_cases is not None and not wanted_cases.intersection(coding_cases):
            continue
        record = index.evidence.documents[document]
        start, end = int(index.starts[position]), int(index.ends[position])
        low, high = _context_bounds(index, record.id, start, end, context, unit)
        coding = index.codings[position]
        found.append(
            RetrievedSegment(
                evidence_id=coding.evidence_id,
                code=index.code_keys[code],
                document=record.id,
                document_id=record.evidence_id,
                start=start,
                end=end,
                whole_document=coding.start is None,
                coder=coding.coder,
                cases=coding_cases,
                before=record.text[low:start],
                text=record.text[start:end],
                after=record.text[end:high],
                memo=coding.memo,
            )
        )
    return tuple(found)


def _context_bounds(
    index: EvidenceIndex, document: str, start: int, end: int, context: int, unit: str | None
) -> tuple[int, int]:
    length = len(index.evidence.document(document).text)
    if unit is None:
        return max(0, start - context), min(length, end + context)
    table = index.unit_tables.get((document, unit))
    if table is None:
        return start, end
    first, last = table.touching(np.array([start]), np.array([end]))
    if int(last[0]) == int(first[0]):
        return start, end
    return min(start, int(table.starts[first[0]])), max(end, int(table.ends[last[0] - 1]))
