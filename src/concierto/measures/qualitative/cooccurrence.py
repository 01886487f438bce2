"""Co-occurrence of codes in a chosen unit, with counts and the Jaccard index (MEASURES.md, M5).

Units: ``sentence``, ``paragraph`` or ``turn`` (a coding occurs in every unit of that kind its
span overlaps; a whole-document coding in every unit of its document), ``document`` (a coding
occurs in its document) or ``overlap``. For ``overlap`` the units are built per pair of codes:
the coded spans of the two codes, merged wherever they overlap, form runs ("places"); two codes
co-occur in a run holding segments of both, which happens exactly when a segment of one overlaps
a segment of the other.

For codes A and B: ``both`` = units where both occur, ``either`` = units where at least one
occurs, ``jaccard`` = both / either (Jaccard 1912, "The distribution of the flora in the alpine
zone", New Phytologist 11(2): 37-50). Only pairs with ``both`` > 0 are listed. Codings that fall
in no unit of the chosen kind (text between units, documents without speaker turns) are listed
in ``outside_units``, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _
from concierto.measures.qualitative.index import (
    EvidenceIndex,
    IntArray,
    QueryError,
    as_index,
)

CooccurrenceUnit = Literal["overlap", "sentence", "paragraph", "turn", "document"]
COOCCURRENCE_UNITS: tuple[str, ...] = ("overlap", "sentence", "paragraph", "turn", "document")


@dataclass(frozen=True)
class CooccurrencePair:
    """Two codes that co-occur: units with both, units with either, Jaccard, and the segments
    (of either code) in the shared units with their documents."""

    code_a: str
    code_b: str
    both: int
    either: int
    jaccard: float
    segment_ids: tuple[str, ...]
    document_ids: tuple[str, ...]


@dataclass(frozen=True)
class CooccurrenceTable:
    """Every co-occurring pair in codebook order, and the units each code occurs in.

    For ``overlap``, ``occurrences`` counts each code's own runs of overlapping segments.
    ``occurrence_ids``: the segments behind each code's count (those in some unit); a pair's
    ``either`` rests on the union of its two codes' segments.
    """

    unit: str
    include_descendants: bool
    occurrences: Mapping[str, int]
    occurrence_ids: Mapping[str, tuple[str, ...]]
    pairs: tuple[CooccurrencePair, ...]
    outside_units: tuple[str, ...]

    def pair(self, code_a: str, code_b: str) -> CooccurrencePair | None:
        """The pair of ``code_a`` and ``code_b`` in either order (None when they never meet)."""
        for pair in self.pairs:
            if {pair.code_a, pair.code_b} == {code_a, code_b}:
                return pair
        return None


def _related(index: EvidenceIndex, a: int, b: int) -> bool:
    return a in index.ancestors[b] or b in index.ancestors[a]


def _unit_incidence(
    index: EvidenceIndex, unit: str, codings: IntArray
) -> tuple[IntArray, IntArray]:
    """For each coding position, the units it occurs in: (entry's coding position, unit id)."""
    if unit == "document":
        return codings, index.coding_document[codings]
    entry_codings: list[IntArray] = []
    entry_units: list[IntArray] = []
    offset = 0
    documents = index.coding_document[codings]
    order = np.argsort(documents, kind="stable")
    sorted_codings, sorted_documents = codings[order], documents[order]
    bounds = np.searchsorted(sorted_documents, np.arange(len(index.document_keys) + 1))
    for position, key in enumerate(index.document_keys):
        table = index.unit_tables.get((key, unit))
        if table is None:
            continue
        members = sorted_codings[bounds[position] : bounds[position + 1]]
        if members.size:
            first, last = table.touching(index.starts[members], index.ends[members])
            widths = last - first
            repeated = np.repeat(members, widths)
            within = np.arange(repeated.size, dtype=np.int64) - np.repeat(
                np.cumsum(widths) - widths, widths
            )
            entry_codings.append(repeated)
            entry_units.append(offset + np.repeat(first, widths) + within)
        offset += len(table)
    if not entry_codings:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    all_codings, all_units = np.concatenate(entry_codings), np.concatenate(entry_units)
    by_coding = np.argsort(all_codings, kind="stable")
    return all_codings[by_coding], all_units[by_coding]


def _pair_evidence(
    index: EvidenceIndex, codings: IntArray
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Segment ids of the coding positions (sorted, each once) and their documents in order."""
    ordered = np.sort(codings)
    if ordered.size:
        keep = np.ones(ordered.size, dtype=bool)
        keep[1:] = ordered[1:] != ordered[:-1]
        ordered = ordered[keep]
    return tuple(index.segment_ids[ordered].tolist()), index.cited_documents(ordered)


def _intersect_sorted(left: IntArray, right: IntArray) -> IntArray:
    """The common values of two sorted arrays of distinct values (binary search, no sort)."""
    if left.size > right.size:
        left, right = right, left
    if left.size == 0:
        return left
    slot = np.minimum(np.searchsorted(right, left), right.size - 1)
    return left[right[slot] == left]


def _in_units(
    units: IntArray, codings: IntArray, low: int, high: int, wanted: IntArray
) -> IntArray:
    """The codings of entries ``low:high`` whose unit is in ``wanted`` (sorted)."""
    chunk = units[low:high]
    slot = np.minimum(np.searchsorted(wanted, chunk), max(wanted.size - 1, 0))
    hit = wanted[slot] == chunk if wanted.size else np.zeros(chunk.size, dtype=bool)
    return codings[low:high][hit]


def _by_units(
    index: EvidenceIndex, unit: str, selected: list[int], descendants: bool
) -> tuple[dict[str, int], dict[str, tuple[str, ...]], list[CooccurrencePair], tuple[str, ...]]:
    target_codings, target_codes = index.coding_targets(selected, descendants)
    unique_codings = np.unique(target_codings)
    entry_codings, entry_units = _unit_incidence(index, unit, unique_codings)
    outside = np.setdiff1d(unique_codings, entry_codings)
    # (code, unit) incidence through the codings
    per_coding_start = np.searchsorted(entry_codings, target_codings, side="left")
    per_coding_stop = np.searchsorted(entry_codings, target_codings, side="right")
    widths = per_coding_stop - per_coding_start
    inc_codes = np.repeat(target_codes, widths)
    inc_codings = np.repeat(target_codings, widths)
    inc_entries = np.repeat(per_coding_start - np.cumsum(widths) + widths, widths) + np.arange(
        int(widths.sum()), dtype=np.int64
    )
    inc_units = entry_units[inc_entries]
    rank = np.full(len(index.code_keys), -1, dtype=np.int64)
    rank[selected] = np.arange(len(selected), dtype=np.int64)
    unit_count = int(inc_units.max()) + 1 if inc_units.size else 0
    matrix = sparse.csr_matrix(
        (np.ones(inc_units.size, dtype=np.int64), (inc_units, rank[inc_codes])),
        shape=(unit_count, len(selected)),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    occurrences = np.asarray(matrix.sum(axis=0)).ravel()
    both = (matrix.T @ matrix).tocoo()
    # entries sorted by (code, unit): each code's units, and the codings behind each
    entry_codes = rank[inc_codes]
    order = np.lexsort((inc_codings, inc_units, entry_codes))
    entry_codes, entry_units, entry_codings = (
        entry_codes[order],
        inc_units[order],
        inc_codings[order],
    )
    bounds = np.searchsorted(entry_codes, np.arange(len(selected) + 1))
    distinct = [np.unique(entry_units[bounds[r] : bounds[r + 1]]) for r in range(len(selected))]
    pairs: list[CooccurrencePair] = []
    for a, b, count in sorted(
        zip(both.row.tolist(), both.col.tolist(), both.data.tolist(), strict=True)
    ):
        if a >= b or count == 0 or (descendants and _related(index, selected[a], selected[b])):
            continue
        shared = _intersect_sorted(distinct[a], distinct[b])
        codings = np.concatenate(
            (
                _in_units(entry_units, entry_codings, bounds[a], bounds[a + 1], shared),
                _in_units(entry_units, entry_codings, bounds[b], bounds[b + 1], shared),
            )
        )
        segment_ids, document_ids = _pair_evidence(index, codings)
        either = int(occurrences[a] + occurrences[b] - count)
        pairs.append(
            CooccurrencePair(
                code_a=index.code_keys[selected[a]],
                code_b=index.code_keys[selected[b]],
                both=int(count),
                either=either,
                jaccard=count / either,
                segment_ids=segment_ids,
                document_ids=document_ids,
            )
        )
    counts = {index.code_keys[c]: int(occurrences[i]) for i, c in enumerate(selected)}
    cited = {
        index.code_keys[c]: tuple(
            index.segment_ids[np.unique(entry_codings[bounds[i] : bounds[i + 1]])].tolist()
        )
        for i, c in enumerate(selected)
    }
    return counts, cited, pairs, tuple(index.segment_ids[outside].tolist())


def _runs(positions: IntArray, ends: IntArray) -> IntArray:
    """Run number of each span (sorted by start): spans chained by overlaps share a run."""
    if positions.size == 0:
        return positions
    reach = np.maximum.accumulate(ends)
    new = np.ones(positions.size, dtype=bool)
    new[1:] = positions[1:] >= reach[:-1]
    return np.cumsum(new) - 1


def _by_overlap(
    index: EvidenceIndex, selected: list[int], descendants: bool
) -> tuple[dict[str, int], dict[str, tuple[str, ...]], list[CooccurrencePair]]:
    lengths = np.array([len(d.text) + 1 for d in index.evidence.documents], dtype=np.int64)
    base = np.concatenate(([0], np.cumsum(lengths)[:-1])) if lengths.size else lengths
    target_codings, target_codes = index.coding_targets(selected, descendants)
    begin = base[index.coding_document[target_codings]] + index.starts[target_codings]
    finish = base[index.coding_document[target_codings]] + index.ends[target_codings]
    per_code: dict[int, tuple[IntArray, IntArray, IntArray]] = {}
    order = np.lexsort((begin, target_codes))
    sorted_codes = target_codes[order]
    for code in selected:
        low, high = np.searchsorted(sorted_codes, [code, code + 1])
        rows = order[low:high]
        per_code[code] = (begin[rows], finish[rows], target_codings[rows])
    counts = {
        index.code_keys[code]: int(_runs(per_code[code][0], per_code[code][1]).max() + 1)
        if per_code[code][0].size
        else 0
        for code in selected
    }
    pairs: list[CooccurrencePair] = []
    for i, a in enumerate(selected):
        a_begin, a_end, a_codings = per_code[a]
        if a_begin.size == 0:
            continue
        for b in selected[i + 1 :]:
            b_begin, b_end, b_codings = per_code[b]
            if b_begin.size == 0 or (descendants and _related(index, a, b)):
                continue
            if a_begin[0] >= b_end.max() or b_begin[0] >= a_end.max():
                continue
            starts = np.concatenate((a_begin, b_begin))
            ends = np.concatenate((a_end, b_end))
            side = np.concatenate((np.zeros(a_begin.size, bool), np.ones(b_begin.size, bool)))
            order_ab = np.argsort(starts, kind="stable")
            run = _runs(starts[order_ab], ends[order_ab])
            runs = int(run[-1]) + 1
            has_b = np.bincount(run, weights=side[order_ab], minlength=runs) > 0
            has_a = np.bincount(run, weights=~side[order_ab], minlength=runs) > 0
            shared = has_a & has_b
            count = int(shared.sum())
            if count == 0:
                continue
            codings = np.concatenate((a_codings, b_codings))[order_ab][shared[run]]
            segment_ids, document_ids = _pair_evidence(index, codings)
            pairs.append(
                CooccurrencePair(
                    code_a=index.code_keys[a],
                    code_b=index.code_keys[b],
                    both=count,
                    either=runs,
                    jaccard=count / runs,
                    segment_ids=segment_ids,
                    document_ids=document_ids,
                )
            )
    cited = {
        index.code_keys[code]: tuple(index.segment_ids[np.sort(per_code[code][2])].tolist())
        for code in selected
    }
    return counts, cited, pairs


def code_cooccurrence(
    evidence: EvidenceSnapshot | EvidenceIndex,
    unit: CooccurrenceUnit = "paragraph",
    *,
    codes: Iterable[str] | None = None,
    include_descendants: bool = False,
) -> CooccurrenceTable:
    """Co-occurrence of every pair of ``codes`` (default: every codable code) in ``unit``.

    With ``include_descendants`` a code also occurs wherever a code below it does, and a code
    is not paired with its own ancestors or descendants.
    """
    if unit not in COOCCURRENCE_UNITS:
        raise QueryError(
            _("unknown unit {name!r}; choose one of {choices}").format(
                name=unit, choices=", ".join(COOCCURRENCE_UNITS)
            )
        )
    index = as_index(evidence)
    selected = index.code_positions(codes, folders=include_descendants)
    if unit == "overlap":
        counts, cited, pairs = _by_overlap(index, selected, include_descendants)
        outside: tuple[str, ...] = ()
    else:
        counts, cited, pairs, outside = _by_units(index, unit, selected, include_descendants)
    return CooccurrenceTable(
        unit=unit,
        include_descendants=include_descendants,
        occurrences=counts,
        occurrence_ids=cited,
        pairs=tuple(pairs),
        outside_units=outside,
    )
