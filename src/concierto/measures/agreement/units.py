"""Reliability data of a case: which coder applied which code to which unit of the documents.

From an :class:`~concierto.evidence.snapshot.EvidenceSnapshot` this module builds, for a chosen
kind of unit (each character, or the snapshot's sentences, paragraphs or speaker turns), a
boolean array coders x codes x units saying who applied which selected code to which unit.
The statistics (:mod:`concierto.measures.agreement.case`) read it per code as presence/absence
and across codes as a nominal value. Rules, stated once here because every figure rests on them:

* a coding covers a unit when their spans overlap by at least one character; a whole-document
  coding covers every unit of its document; a unit of a document that has no unit of the chosen
  kind (e.g. no speaker turns) does not exist, so codings in it are not compared;
* a coder "worked on" a document when they have at least one accepted coding in it (any code,
  selected or not); in the documents a coder did not work on, their values are missing, never
  "absent": nobody can tell that a coder who never opened a document disagreed with anyone;
* a unit is *uncoded* when none of the coders compared applied any of the selected codes to it.
  Whether uncoded units take part is the caller's explicit choice (:class:`Uncoded`); both
  choices are legitimate and give different numbers (Krippendorff 2019, "Content Analysis",
  4th ed., section 12.6: agreement on unused stretches inflates character-level coefficients).

Pure functions: no store, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.agreement.results import AgreementInputError

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


class UnitKind(StrEnum):
    """The unit in which agreement is measured."""

    character = "character"
    sentence = "sentence"
    paragraph = "paragraph"
    turn = "turn"
    segment = "segment"


class Uncoded(StrEnum):
    """Whether units no compared coder coded with a selected code take part (always stated)."""

    included = "included"
    excluded = "excluded"


@dataclass(frozen=True)
class CodingCover:
    """One accepted coding and the run of units [first, stop) it covers."""

    evidence_id: str
    coder: int
    code: int
    first: int
    stop: int


@dataclass(frozen=True, eq=False)
class UnitGrid:
    """Who applied which selected code to which unit, for one kind of unit.

    ``presence[coder, code, unit]`` is True when the coder applied the code to the unit;
    ``worked[coder, unit]`` is False where the coder's values are missing (they did not work on
    that unit's document). ``starts``/``ends`` are code-point offsets of each unit in its
    document, ``document_of`` the index into ``documents``. ``covers`` are the evidence.
    """

    kind: UnitKind
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    documents: tuple[str, ...]
    document_of: IntArray
    starts: IntArray
    ends: IntArray
    presence: BoolArray
    worked: BoolArray
    covers: tuple[CodingCover, ...]

    @property
    def size(self) -> int:
        """Number of units."""
        return int(self.starts.size)

    def unit_id(self, index: int) -> str:
        """A readable id of unit ``index``: ``doc:D@start-end`` (code points, end exclusive)."""
        document = self.documents[int(self.document_of[index])]
        return f"doc:{document}@{int(self.starts[index])}-{int(self.ends[index])}"

    def coded(self, coders: Sequence[int] | None = None) -> BoolArray:
        """Units to which at least one of ``coders`` (default: all) applied a selected code."""
        rows = list(range(len(self.coders))) if coders is None else list(coders)
        if not rows or not self.codes:
            return np.zeros(self.size, dtype=bool)
        return np.asarray(self.presence[rows].any(axis=(0, 1)), dtype=bool)

    def evidence(
        self, units: BoolArray, coders: Sequence[int], codes: Sequence[int]
    ) -> tuple[str, ...]:
        """Ids of the codings by ``coders`` with ``codes`` that cover at least one of ``units``."""
        before = np.concatenate(([0], np.cumsum(units, dtype=np.int64)))
        wanted_coders, wanted_codes = set(coders), set(codes)
        return tuple(
            cover.evidence_id
            for cover in self.covers
            if cover.coder in wanted_coders
            and cover.code in wanted_codes
            and before[cover.stop] > before[cover.first]
        )


def check_selection(
    snapshot: EvidenceSnapshot, coders: Sequence[str], codes: Sequence[str]
) -> None:
    """Refuse unknown codes, repeated names and fewer than two coders, naming the culprit."""
    if len(set(coders)) != len(coders):
        raise AgreementInputError(f"a coder is named twice in {', '.join(coders)}")
    if len(coders) < 2:
        raise AgreementInputError(
            f"agreement compares at least two coders; got {len(coders)} ({', '.join(coders)})"
        )
    if not codes:
        raise AgreementInputError("choose at least one code")
    if len(set(codes)) != len(codes):
        raise AgreementInputError(f"a code is named twice in {', '.join(codes)}")
    for code in codes:
        if code not in snapshot.code_index:
            raise AgreementInputError(f"unknown code {code!r}")


def _unit_bounds(
    snapshot: EvidenceSnapshot, kind: UnitKind
) -> tuple[list[str], list[IntArray], list[IntArray]]:
    """Per document (in snapshot order) the sorted unit starts and ends of ``kind``."""
    names: list[str] = []
    starts: list[IntArray] = []
    ends: list[IntArray] = []
    if kind in (UnitKind.character, UnitKind.segment):
        for document in snapshot.documents:
            names.append(document.id)
            length = len(document.text)
            starts.append(np.arange(length, dtype=np.int64))
            ends.append(np.arange(1, length + 1, dtype=np.int64))
        return names, starts, ends
    by_document: dict[str, list[tuple[int, int]]] = {}
    for unit in snapshot.units:
        if unit.kind == kind.value:
            by_document.setdefault(unit.document, []).append((unit.start, unit.end))
    for document in snapshot.documents:
        spans = sorted(by_document.get(document.id, []))
        names.append(document.id)
        starts.append(np.asarray([span[0] for span in spans], dtype=np.int64))
        ends.append(np.asarray([span[1] for span in spans], dtype=np.int64))
    return names, starts, ends


def unit_grid(
    snapshot: EvidenceSnapshot,
    coders: Sequence[str],
    codes: Sequence[str],
    kind: UnitKind | str,
) -> UnitGrid:
    """Build the coders x codes x units presence array (rules in the module docstring).

    For ``segment`` the units are characters, as for ``character``: the unitised statistics
    read the spans themselves, and the grid serves the listing of disagreements.
    """
    kind = UnitKind(kind)
    check_selection(snapshot, coders, codes)
    names, starts, ends = _unit_bounds(snapshot, kind)
    offsets = np.concatenate(([0], np.cumsum([s.size for s in starts], dtype=np.int64)))
    total = int(offsets[-1])
    coder_index = {coder: row for row, coder in enumerate(coders)}
    code_index = {code: column for column, code in enumerate(codes)}
    document_index = {name: position for position, name in enumerate(names)}
    presence = np.zeros((len(coders), len(codes), total), dtype=bool)
    worked = np.zeros((len(coders), total), dtype=bool)
    covers: list[CodingCover] = []
    for coding in snapshot.codings:
        row = coder_index.get(coding.coder)
        position = document_index.get(coding.document)
        if row is None or position is None:
            continue
        base = int(offsets[position])
        worked[row, base : int(offsets[position + 1])] = True
        column = code_index.get(coding.code)
        if column is None:
            continue
        if coding.start is None or coding.end is None:
            first, stop = 0, int(starts[position].size)
        else:
            first = int(np.searchsorted(ends[position], coding.start, side="right"))
            stop = int(np.searchsorted(starts[position], coding.end, side="left"))
        if stop <= first:
            continue
        presence[row, column, base + first : base + stop] = True
        covers.append(CodingCover(coding.evidence_id, row, column, base + first, base + stop))
    return UnitGrid(
        kind=kind,
        coders=tuple(coders),
        codes=tuple(codes),
        documents=tuple(names),
        document_of=np.repeat(
            np.arange(len(names), dtype=np.int64), [s.size for s in starts]
        ).astype(np.int64),
        starts=np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64),
        ends=np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64),
        presence=presence,
        worked=worked,
        covers=tuple(covers),
    )


NO_CODE = 0
"""Across codes, the value of a coder who worked on the unit but applied none of the codes."""


def combination_values(grid: UnitGrid, coders: Sequence[int], codes: Sequence[int]) -> IntArray:
    """Across codes: each coder's set of ``codes`` on each unit as one integer (bit i = code i).

    A coder who applies two codes to one unit gives the combined value (both bits set), a
    category of its own: "A and B" agrees with "A and B" only, never with "A" alone. ``NO_CODE``
    (0) means none of the codes; missing values are -1.
    """
    if len(codes) > 62:
        raise AgreementInputError(
            f"across codes, at most 62 codes can be compared at once; got {len(codes)}"
        )
    weights = (np.int64(1) << np.arange(len(codes), dtype=np.int64)).astype(np.int64)
    chosen = grid.presence[np.ix_(list(coders), list(codes))].astype(np.int64)
    values = np.einsum("rcu,c->ru", chosen, weights).astype(np.int64)
    values[~grid.worked[list(coders)]] = -1
    return values


def combination_label(value: int, codes: Sequence[str]) -> str:
    """The codes a combination value stands for, joined by ``+`` (``-`` for none)."""
    if value == NO_CODE:
        return "-"
    return "+".join(code for bit, code in enumerate(codes) if value >> bit & 1)
