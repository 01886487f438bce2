"""Code frequencies by document, qualitative case or attribute value, and code x attribute
matrices (MEASURES.md, M5), counting both coded segments and distinct sources (documents).

A coding counts once in every group it belongs to: its document; each of its cases; each
distinct value of the attribute among its cases. A coding with no case (or whose cases lack the
attribute) falls in the group ``None``, so the groups of a code always account for all of its
segments. Only non-empty (code, group) cells are listed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np

from concierto.evidence.snapshot import AttributeValueType, EvidenceSnapshot
from concierto.i18n import _
from concierto.measures.qualitative.index import EvidenceIndex, IntArray, QueryError, as_index

Grouping = Literal["total", "document", "case", "attribute"]
GROUPINGS: tuple[str, ...] = ("total", "document", "case", "attribute")
GroupValue = AttributeValueType


@dataclass(frozen=True)
class FrequencyRow:
    """Segments and distinct sources of one code in one group, with the evidence behind them.

    ``group`` is the document key, the case id, the attribute value, or None (the total, or
    the codings with no case / no value).
    """

    code: str
    group: GroupValue
    segments: int
    sources: int
    segment_ids: tuple[str, ...]
    document_ids: tuple[str, ...]


@dataclass(frozen=True)
class FrequencyTable:
    """Frequencies of codes per group; ``rows`` in codebook order, then group order."""

    grouping: str
    attribute: str | None
    include_descendants: bool
    rows: tuple[FrequencyRow, ...]

    def row(self, code: str, group: GroupValue = None) -> FrequencyRow | None:
        """The row of ``code`` in ``group`` (None when that cell is empty)."""
        for row in self.rows:
            if (
                row.code == code
                and row.group == group
                and isinstance(row.group, bool) == isinstance(group, bool)
            ):
                return row
        return None


@dataclass(frozen=True)
class CodeAttributeMatrix:
    """Code x attribute-value counts: ``cells[(code, value)]`` for non-empty cells.

    ``codes`` are the selected codes in codebook order (rows), ``values`` the attribute values
    met, sorted, with None (no value) last (columns).
    """

    attribute: str
    include_descendants: bool
    codes: tuple[str, ...]
    values: tuple[GroupValue, ...]
    cells: Mapping[tuple[str, GroupValue], FrequencyRow]

    def segments(self, code: str, value: GroupValue) -> int:
        """Segments of ``code`` whose cases have ``value``."""
        cell = self.cells.get((code, value))
        return cell.segments if cell else 0

    def sources(self, code: str, value: GroupValue) -> int:
        """Distinct documents holding those segments."""
        cell = self.cells.get((code, value))
        return cell.sources if cell else 0

    def counts(self, count: Literal["segments", "sources"] = "segments") -> np.ndarray:
        """The matrix as an integer array (codes x values)."""
        table = np.zeros((len(self.codes), len(self.values)), dtype=np.int64)
        for i, code in enumerate(self.codes):
            for j, value in enumerate(self.values):
                cell = self.cells.get((code, value))
                if cell is not None:
                    table[i, j] = cell.segments if count == "segments" else cell.sources
        return table


def _value_key(value: GroupValue) -> tuple[int, Hashable]:
    """Sort key: values of one type in natural order, None last."""
    if value is None:
        return (2, 0)
    if isinstance(value, bool | int | float):
        return (0, float(value))
    return (1, str(value))


def _groups(
    index: EvidenceIndex, grouping: str, attribute: str | None
) -> tuple[list[GroupValue], IntArray, IntArray]:
    """The group values, and (coding, group) pairs as two arrays."""
    count = len(index.codings)
    everyone = np.arange(count, dtype=np.int64)
    if grouping == "total":
        return [None], everyone, np.zeros(count, dtype=np.int64)
    if grouping == "document":
        return list(index.document_keys), everyone, index.coding_document.copy()
    case_codings, case_positions = index.case_pairs
    if grouping == "case":
        names: list[GroupValue] = [case.id for case in index.evidence.qual_cases]
        pair_codings, pair_groups = case_codings, case_positions
    else:
        if attribute is None:
            raise QueryError(_("grouping by attribute needs an attribute name"))
        if attribute not in index.evidence.attributes:
            known = ", ".join(sorted(index.evidence.attributes)) or _("none")
            raise QueryError(
                _("unknown attribute {name!r} (attributes: {known})").format(
                    name=attribute, known=known
                )
            )
        values = [case.attributes.get(attribute) for case in index.evidence.qual_cases]
        names = sorted({v for v in values if v is not None}, key=_value_key)
        slot: dict[GroupValue, int] = {value: i for i, value in enumerate(names)}
        case_slot = np.array([-1 if v is None else slot[v] for v in values], dtype=np.int64)
        slots = case_slot[case_positions] if case_positions.size else case_positions
        keep = slots >= 0
        # one pair per (coding, value), however many of its cases share the value
        combined = np.unique(case_codings[keep] * (len(names) + 1) + slots[keep])
        pair_codings, pair_groups = combined // (len(names) + 1), combined % (len(names) + 1)
    missing = len(names)
    names.append(None)
    lonely = np.setdiff1d(everyone, pair_codings, assume_unique=False)
    codings = np.concatenate((pair_codings, lonely))
    groups = np.concatenate((pair_groups, np.full(lonely.size, missing, dtype=np.int64)))
    order = np.argsort(codings, kind="stable")
    return names, codings[order], groups[order]


def code_frequencies(
    evidence: EvidenceSnapshot | EvidenceIndex,
    *,
    grouping: Grouping = "total",
    attribute: str | None = None,
    codes: Iterable[str] | None = None,
    include_descendants: bool = False,
) -> FrequencyTable:
    """Segments and distinct sources per code and group.

    ``grouping``: ``total`` (one row per code), ``document``, ``case`` or ``attribute`` (the
    values of ``attribute`` among each coding's cases). ``codes``: the codes to report (default
    every codable code, or every code, folders included, with ``include_descendants``).
    ``include_descendants``: a code also counts the codings of every code below it.
    """
    if grouping not in GROUPINGS:
        raise QueryError(
            _("unknown grouping {name!r}; choose one of {choices}").format(
                name=grouping, choices=", ".join(GROUPINGS)
            )
        )
    index = as_index(evidence)
    selected = index.code_positions(codes, folders=include_descendants)
    names, group_codings, group_of = _groups(index, grouping, attribute)
    target_codings, target_codes = index.coding_targets(selected, include_descendants)
    # join (coding, code) with (coding, group): group pairs are sorted by coding
    starts = np.searchsorted(group_codings, target_codings, side="left")
    stops = np.searchsorted(group_codings, target_codings, side="right")
    widths = stops - starts
    pair_codings = np.repeat(target_codings, widths)
    pair_codes = np.repeat(target_codes, widths)
    offsets = np.repeat(starts - np.cumsum(widths) + widths, widths)
    pair_groups = group_of[np.arange(pair_codings.size, dtype=np.int64) + offsets]
    rank = np.empty(len(index.code_keys), dtype=np.int64)
    rank[selected] = np.arange(len(selected), dtype=np.int64)
    key = rank[pair_codes] * len(names) + pair_groups
    documents = index.coding_document[pair_codings]
    order = np.lexsort((pair_codings, documents, key))
    key, documents, pair_codings = key[order], documents[order], pair_codings[order]
    rows: list[FrequencyRow] = []
    if key.size:
        change = np.flatnonzero(np.diff(key)) + 1
        bounds = np.concatenate(([0], change, [key.size]))
        new_document = np.ones(key.size, dtype=bool)
        new_document[1:] = (np.diff(key) != 0) | (np.diff(documents) != 0)
        firsts = np.flatnonzero(new_document)
        document_bounds = np.searchsorted(firsts, bounds).tolist()
        cited = index.document_ids[documents[firsts]].tolist()
        segment_ids = index.segment_ids[pair_codings].tolist()
        cells = key[bounds[:-1]].tolist()
        width = len(names)
        for row, (begin, end) in enumerate(pairwise(bounds.tolist())):
            cell = cells[row]
            low, high = document_bounds[row], document_bounds[row + 1]
            rows.append(
                FrequencyRow(
                    code=index.code_keys[selected[cell // width]],
                    group=names[cell % width],
                    segments=end - begin,
                    sources=high - low,
                    segment_ids=tuple(segment_ids[begin:end]),
                    document_ids=tuple(cited[low:high]),
                )
            )
    return FrequencyTable(
        grouping=grouping,
        attribute=attribute if grouping == "attribute" else None,
        include_descendants=include_descendants,
        rows=tuple(rows),
    )


def code_attribute_matrix(
    evidence: EvidenceSnapshot | EvidenceIndex,
    attribute: str,
    *,
    codes: Sequence[str] | None = None,
    include_descendants: bool = False,
) -> CodeAttributeMatrix:
    """The code x attribute-value matrix of segments and sources (cells as in
    :func:`code_frequencies` grouped by ``attribute``). Rows: ``codes`` in codebook order, or by
    default every code with at least one segment."""
    index = as_index(evidence)
    table = code_frequencies(
        index,
        grouping="attribute",
        attribute=attribute,
        codes=codes,
        include_descendants=include_descendants,
    )
    selected = [index.code_keys[i] for i in index.code_positions(codes, folders=True)]
    if codes is None:
        met = {row.code for row in table.rows}
        selected = [code for code in selected if code in met]
    values = sorted({row.group for row in table.rows}, key=_value_key)
    return CodeAttributeMatrix(
        attribute=attribute,
        include_descendants=include_descendants,
        codes=tuple(selected),
        values=tuple(values),
        cells={(row.code, row.group): row for row in table.rows},
    )
