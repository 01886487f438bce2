"""The units where coders differ, side by side with the text, for review and adjudication.

A unit is listed when at least two of the coders worked on its document (see
:mod:`concierto.measures.agreement.units`) and their sets of selected codes on it are not all
the same. At the character and segment levels, consecutive characters of one document with the
same coders' codes are listed as one stretch. Coders who did not work on the document show as
missing (``None``), not as "no code".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _
from concierto.measures.agreement.results import AgreementInputError
from concierto.measures.agreement.units import (
    UnitKind,
    combination_values,
    unit_grid,
)


@dataclass(frozen=True)
class Disagreement:
    """A unit (or stretch of characters) where coders differ.

    ``codes_by_coder`` maps each coder to the selected codes they applied there (empty tuple:
    none of them; ``None``: the coder did not work on the document). ``evidence_ids`` are the
    codings that cover the unit.
    """

    document: str
    start: int
    end: int
    text: str
    codes_by_coder: Mapping[str, tuple[str, ...] | None]
    evidence_ids: tuple[str, ...]

    @property
    def unit_id(self) -> str:
        """The unit's id, ``doc:D@start-end``."""
        return f"doc:{self.document}@{self.start}-{self.end}"


def _codes_of(value: int, codes: Sequence[str]) -> tuple[str, ...] | None:
    if value < 0:
        return None
    return tuple(code for bit, code in enumerate(codes) if value >> bit & 1)


def disagreements(
    snapshot: EvidenceSnapshot,
    coders: Sequence[str],
    codes: Sequence[str],
    unit: UnitKind | str,
    *,
    document: str | None = None,
) -> tuple[Disagreement, ...]:
    """The units of ``unit`` kind where ``coders`` applied different sets of ``codes``."""
    grid = unit_grid(snapshot, coders, codes, unit)
    rows = list(range(len(coders)))
    values = combination_values(grid, rows, range(len(codes)))
    present = values >= 0
    pairable = present.sum(axis=0) >= 2
    masked = np.where(present, values, np.iinfo(np.int64).max)
    highest = np.where(present, values, -1).max(axis=0, initial=-1)
    differ = pairable & (masked.min(axis=0) != highest)
    if document is not None:
        if document not in grid.documents:
            raise AgreementInputError(f"unknown document {document!r}")
        differ &= grid.document_of == grid.documents.index(document)
    indices = np.flatnonzero(differ)
    if grid.kind in (UnitKind.character, UnitKind.segment) and indices.size:
        same = (
            (np.diff(indices) == 1)
            & (np.diff(grid.document_of[indices]) == 0)
            & (values[:, indices[1:]] == values[:, indices[:-1]]).all(axis=0)
        )
        firsts = np.concatenate(([0], np.flatnonzero(~same) + 1))
        lasts = np.concatenate((np.flatnonzero(~same), [indices.size - 1]))
        groups = [(int(indices[a]), int(indices[b])) for a, b in zip(firsts, lasts, strict=True)]
    else:
        groups = [(int(index), int(index)) for index in indices]
    texts = {record.id: record.text for record in snapshot.documents}
    cover_ids = np.asarray([cover.evidence_id for cover in grid.covers], dtype=object)
    cover_first = np.asarray([cover.first for cover in grid.covers], dtype=np.int64)
    cover_stop = np.asarray([cover.stop for cover in grid.covers], dtype=np.int64)
    listing: list[Disagreement] = []
    for first, last in groups:
        name = grid.documents[int(grid.document_of[first])]
        start, end = int(grid.starts[first]), int(grid.ends[last])
        touching = (cover_first <= last) & (cover_stop > first)
        listing.append(
            Disagreement(
                document=name,
                start=start,
                end=end,
                text=texts[name][start:end],
                codes_by_coder=MappingProxyType(
                    {
                        coder: _codes_of(int(values[row, first]), codes)
                        for row, coder in enumerate(coders)
                    }
                ),
                evidence_ids=tuple(str(item) for item in cover_ids[touching]),
            )
        )
    return tuple(listing)


def why_no_disagreements(
    evidence: EvidenceSnapshot, coders: Sequence[str], codes: Sequence[str], unit: str
) -> str:
    """Why the disagreements listing is empty: the coders applied the same codes everywhere."""
    codings = Counter(coding.coder for coding in evidence.codings if coding.code in codes)
    return _(
        "{coders} apply the same codes to every {unit} (codes compared: {codes}; codings: "
        "{codings})"
    ).format(
        coders=", ".join(coders),
        unit=unit,
        codes=len(codes),
        codings=", ".join(f"{coder} {codings[coder]}" for coder in coders),
    )
