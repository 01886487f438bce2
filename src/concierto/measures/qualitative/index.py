"""Lookups over an evidence snapshot that every qualitative query shares (MEASURES.md, M5).

Built once per snapshot and passed to the queries, so that several queries over 100,000 coded
segments reuse the same arrays. Definitions used throughout:

* the *span* of a coding is ``[start, end)`` in its document; a whole-document coding
  (``start`` and ``end`` None) spans ``[0, len(text))``;
* the *source* of a coding is its document;
* the *cases* of a coding are the qualitative cases linked to its document as a whole, or linked
  to a range of it that overlaps the coding's span (half-open ranges overlap when each starts
  before the other ends; a missing link start or end means the document's start or end);
* a coding *counts for* a code when it is coded with it, or, when descendants are included, with
  any code below it in the hierarchy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

from concierto.evidence.snapshot import CodingRecord, EvidenceSnapshot
from concierto.i18n import _

IntArray = npt.NDArray[np.int64]
UNIT_KINDS: tuple[str, ...] = ("paragraph", "sentence", "turn")


class QueryError(ValueError):
    """A query that names an unknown code, attribute, document, unit kind or grouping."""


class UnitTable:
    """The units of one kind in one document, sorted by start (units of a kind never overlap)."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int], speakers: Sequence[str | None]):
        order = np.argsort(np.asarray(starts, dtype=np.int64), kind="stable")
        self.starts: IntArray = np.asarray(starts, dtype=np.int64)[order]
        self.ends: IntArray = np.asarray(ends, dtype=np.int64)[order]
        self.speakers: tuple[str | None, ...] = tuple(speakers[i] for i in order)

    def __len__(self) -> int:
        return int(self.starts.size)

    def touching(self, starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
        """For spans ``[starts, ends)``, the first and one-past-last positions of the units they
        overlap (first == last when a span falls between units)."""
        first = np.searchsorted(self.ends, starts, side="right").astype(np.int64)
        last = np.searchsorted(self.starts, ends, side="left").astype(np.int64)
        return first, np.maximum(first, last)

    def containing(self, position: int) -> int | None:
        """The position of the unit whose span contains ``position``, or None."""
        index = int(np.searchsorted(self.starts, position, side="right")) - 1
        if index >= 0 and position < int(self.ends[index]):
            return index
        return None


class EvidenceIndex:
    """Arrays over the accepted codings of a snapshot, and the code hierarchy."""

    def __init__(self, evidence: EvidenceSnapshot):
        self.evidence = evidence
        self.codings: tuple[CodingRecord, ...] = evidence.codings
        self.code_keys: tuple[str, ...] = tuple(code.id for code in evidence.codes)
        self.code_position: dict[str, int] = {key: i for i, key in enumerate(self.code_keys)}
        self.document_keys: tuple[str, ...] = tuple(doc.id for doc in evidence.documents)
        self.document_position: dict[str, int] = {
            key: i for i, key in enumerate(self.document_keys)
        }
        lengths = [len(doc.text) for doc in evidence.documents]
        count = len(self.codings)
        self.coding_code: IntArray = np.empty(count, dtype=np.int64)
        self.coding_document: IntArray = np.empty(count, dtype=np.int64)
        self.starts: IntArray = np.empty(count, dtype=np.int64)
        self.ends: IntArray = np.empty(count, dtype=np.int64)
        for i, coding in enumerate(self.codings):
            try:
                self.coding_code[i] = self.code_position[coding.code]
                document = self.document_position[coding.document]
            except KeyError as exc:
                raise QueryError(
                    _("coding {id} refers to an unknown code or document {key!r}").format(
                        id=coding.evidence_id, key=exc.args[0]
                    )
                ) from None
            self.coding_document[i] = document
            self.starts[i] = 0 if coding.start is None else coding.start
            self.ends[i] = lengths[document] if coding.end is None else coding.end
        self.segment_ids: npt.NDArray[np.object_] = np.array(
            [coding.evidence_id for coding in self.codings], dtype=object
        )
        self.document_ids: npt.NDArray[np.object_] = np.array(
            [doc.evidence_id for doc in evidence.documents], dtype=object
        )

    def cited_documents(self, codings: IntArray) -> tuple[str, ...]:
        """The ids (``doc:KEY``) of the documents of ``codings``, each once, in document order."""
        present = np.zeros(len(self.document_keys), dtype=bool)
        present[self.coding_document[codings]] = True
        return tuple(self.document_ids[present].tolist())

    # --- codes ---------------------------------------------------------------------------------

    @cached_property
    def ancestors(self) -> tuple[tuple[int, ...], ...]:
        """For each code, its own position then its ancestors' positions, nearest first."""
        parents = [
            self.code_position.get(code.parent) if code.parent else None
            for code in self.evidence.codes
        ]
        chains: list[tuple[int, ...]] = []
        for start in range(len(parents)):
            chain, current = [start], parents[start]
            while current is not None and current not in chain:
                chain.append(current)
                current = parents[current]
            chains.append(tuple(chain))
        return tuple(chains)

    def code_positions(self, codes: Iterable[str] | None, *, folders: bool) -> list[int]:
        """Positions of ``codes`` (all codes when None: only codable ones unless ``folders``);
        an unknown code is a :class:`QueryError`."""
        if codes is None:
            return [i for i, code in enumerate(self.evidence.codes) if folders or code.codable]
        positions = []
        for key in codes:
            if key not in self.code_position:
                raise QueryError(_("unknown code {key!r}").format(key=key))
            if self.code_position[key] not in positions:
                positions.append(self.code_position[key])
        return positions

    def targets(self, selected: Sequence[int], descendants: bool) -> list[tuple[int, ...]]:
        """For each code position, the selected codes a coding with that code counts for."""
        chosen = set(selected)
        result: list[tuple[int, ...]] = []
        for position, chain in enumerate(self.ancestors):
            if descendants:
                result.append(tuple(c for c in chain if c in chosen))
            else:
                result.append((position,) if position in chosen else ())
        return result

    def coding_targets(
        self, selected: Sequence[int], descendants: bool
    ) -> tuple[IntArray, IntArray]:
        """Pairs (coding position, selected code position) over every coding, as two arrays."""
        per_code = self.targets(selected, descendants)
        if not descendants:
            code_to_target = np.full(len(self.code_keys) + 1, -1, dtype=np.int64)
            for position in selected:
                code_to_target[position] = position
            mapped = code_to_target[self.coding_code] if self.coding_code.size else self.coding_code
            keep = np.flatnonzero(mapped >= 0)
            return keep.astype(np.int64), mapped[keep]
        widths = np.array([len(t) for t in per_code], dtype=np.int64)
        repeat = widths[self.coding_code] if self.coding_code.size else self.coding_code
        codings = np.repeat(np.arange(len(self.codings), dtype=np.int64), repeat)
        flat = [list(t) for t in per_code]
        codes = np.fromiter(
            (c for k in self.coding_code.tolist() for c in flat[k]),
            dtype=np.int64,
            count=int(repeat.sum()),
        )
        return codings, codes

    # --- cases ---------------------------------------------------------------------------------

    @cached_property
    def coding_cases(self) -> tuple[tuple[str, ...], ...]:
        """For each coding, the ids of its cases (see the module docstring), in snapshot order."""
        whole: dict[str, list[str]] = {}
        ranges: dict[str, list[tuple[int, int, str]]] = {}
        for case in self.evidence.qual_cases:
            for document, start, end in case.links:
                if start is None and end is None:
                    whole.setdefault(document, []).append(case.id)
                else:
                    low = 0 if start is None else start
                    high = np.iinfo(np.int64).max if end is None else end
                    ranges.setdefault(document, []).append((low, high, case.id))
        result: list[tuple[str, ...]] = [()] * len(self.codings)
        order = {case.id: i for i, case in enumerate(self.evidence.qual_cases)}
        for document_key, position in self.document_position.items():
            members = np.flatnonzero(self.coding_document == position)
            if members.size == 0:
                continue
            base = tuple(dict.fromkeys(whole.get(document_key, ())))
            spans = ranges.get(document_key)
            if not spans:
                for member in members.tolist():
                    result[member] = base
                continue
            lows = np.array([s[0] for s in spans], dtype=np.int64)
            highs = np.array([s[1] for s in spans], dtype=np.int64)
            overlap = (self.starts[members, None] < highs[None, :]) & (
                lows[None, :] < self.ends[members, None]
            )
            for row, member in enumerate(members.tolist()):
                hits = [spans[j][2] for j in np.flatnonzero(overlap[row]).tolist()]
                merged = dict.fromkeys([*base, *hits])
                result[member] = tuple(sorted(merged, key=order.__getitem__))
        return tuple(result)

    @cached_property
    def case_pairs(self) -> tuple[IntArray, IntArray]:
        """(coding position, case position) for every case of every coding, by coding."""
        position = {case.id: i for i, case in enumerate(self.evidence.qual_cases)}
        widths = np.fromiter(map(len, self.coding_cases), dtype=np.int64, count=len(self.codings))
        codings = np.repeat(np.arange(len(self.codings), dtype=np.int64), widths)
        cases = np.fromiter(
            (position[c] for found in self.coding_cases for c in found),
            dtype=np.int64,
            count=int(widths.sum()),
        )
        return codings, cases

    # --- units ---------------------------------------------------------------------------------

    @cached_property
    def unit_tables(self) -> dict[tuple[str, str], UnitTable]:
        """The units of each (document, kind)."""
        collected: dict[tuple[str, str], tuple[list[int], list[int], list[str | None]]] = {}
        for unit in self.evidence.units:
            starts, ends, speakers = collected.setdefault((unit.document, unit.kind), ([], [], []))
            starts.append(unit.start)
            ends.append(unit.end)
            speakers.append(unit.participant)
        return {key: UnitTable(*value) for key, value in collected.items()}

    def document_of(self, key: str) -> int:
        """The position of document ``key``; unknown keys are a :class:`QueryError`."""
        if key not in self.document_position:
            raise QueryError(_("unknown document {key!r}").format(key=key))
        return self.document_position[key]


def as_index(evidence: EvidenceSnapshot | EvidenceIndex) -> EvidenceIndex:
    """``evidence`` itself when already indexed, else a new index of it."""
    return evidence if isinstance(evidence, EvidenceIndex) else EvidenceIndex(evidence)


def check_unit_kind(kind: str, allowed: Sequence[str]) -> None:
    """Refuse a unit kind outside ``allowed`` with a message listing the choices."""
    if kind not in allowed:
        raise QueryError(
            _("unknown unit {name!r}; choose one of {choices}").format(
                name=kind, choices=", ".join(allowed)
            )
        )
