"""Inter-coder agreement of a case: per code, across codes, per document and per coder pair.

Over the unit grid of :mod:`concierto.measures.agreement.units` (its docstring states when a
coding covers a unit, when a value is missing and what an uncoded unit is):

* per code, each coder's value on a unit is 1 (applied the code) or 0 (worked on the document
  and did not apply it): presence/absence;
* across codes, the value is the set of selected codes the coder applied to the unit, as one
  nominal category; a unit where a coder applied two or more of the codes gets the combined
  category (counted in ``multi_coded_units``), and "none of the codes" is a category too;
* at the ``segment`` level, Krippendorff's unitised ``_u alpha`` and ``|_u alpha`` (see
  :mod:`concierto.measures.agreement.unitised`) over the concatenated documents every compared
  coder worked on; each coder's overlapping or touching spans of one code are one segment;
  excluding uncoded units removes the stretches no compared coder coded, shortening the
  continuum (segments on either side of a removed stretch stay distinct segments). Across
  codes it needs each coder's segments of different codes to be disjoint, and says so
  (undefined, with the reason) when they are not.

Statistics: Krippendorff's alpha (nominal), percent agreement, Cohen's kappa (two coders),
Fleiss' kappa (units coded by every coder), and a percentile bootstrap interval of alpha over
units with the package's fixed seed. Undefined statistics stay ``None`` with a reason. The
bootstrap treats units as independent draws; neighbouring characters are not, so at the
character level the interval is too narrow (prefer sentence or paragraph units for intervals).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, product

import numpy as np

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.agreement.alpha import alpha_of_matrix
from concierto.measures.agreement.bootstrap import (
    DEFAULT_CONFIDENCE,
    DEFAULT_SEED,
    bootstrap_interval,
)
from concierto.measures.agreement.kappa import (
    cohen_kappa_of_matrix,
    fleiss_kappa_of_matrix,
    percent_agreement_of_matrix,
)
from concierto.measures.agreement.matrix import FloatMatrix
from concierto.measures.agreement.results import (
    AgreementInputError,
    AlphaResult,
    BootstrapInterval,
    KappaResult,
    Level,
    UnitisedAlphaResult,
)
from concierto.measures.agreement.unitised import CodedSpan, unitised_alpha
from concierto.measures.agreement.units import (
    BoolArray,
    Uncoded,
    UnitGrid,
    UnitKind,
    combination_values,
    unit_grid,
)

GROUPINGS = ("code", "document", "pair")
NO_SHARED_DOCUMENT = (
    "no document was coded by every coder compared, so there is no shared continuum"
)
OVERLAPPING_CODES = (
    "a coder applied two of the codes to the same characters; unitised alpha across codes needs "
    "each coder's segments to be disjoint: measure per code"
)


@dataclass(frozen=True)
class CaseAgreement:
    """Agreement of ``coders`` on one selection (a code or all codes, a document or all).

    ``code`` is None across the selected ``codes``; ``document`` is None over every document.
    ``units`` are the units in the reliability data, ``uncoded_units`` those no compared coder
    coded with a selected code (in the data when ``uncoded`` is included, left out when
    excluded). At the segment level only ``unitised`` is set (``units`` counts characters of
    the continuum) and ``documents_skipped`` names documents not every coder worked on.
    ``evidence_ids`` are the codings behind the figures; ``unit_ids`` the units (runs of
    characters at the character and segment levels).
    """

    unit: UnitKind
    uncoded: Uncoded
    code: str | None
    codes: tuple[str, ...]
    document: str | None
    coders: tuple[str, ...]
    units: int
    uncoded_units: int
    multi_coded_units: int
    alpha: AlphaResult | None
    percent_agreement: KappaResult | None
    cohen_kappa: KappaResult | None
    fleiss_kappa: KappaResult | None
    unitised: UnitisedAlphaResult | None
    interval: BootstrapInterval | None
    evidence_ids: tuple[str, ...]
    unit_ids: tuple[str, ...]
    documents_skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Scope:
    code: int | None
    document: int | None
    coders: tuple[int, ...]


def _check_groupings(by: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(by))
    for item in chosen:
        if item not in GROUPINGS:
            raise AgreementInputError(
                f"unknown grouping {item!r}; choose among {', '.join(GROUPINGS)}"
            )
    return chosen


def _scopes(grid: UnitGrid, by: tuple[str, ...]) -> list[_Scope]:
    codes: list[int | None] = [None]
    if "code" in by and len(grid.codes) > 1:
        codes += list(range(len(grid.codes)))
    documents: list[int | None] = [None]
    if "document" in by:
        documents += list(range(len(grid.documents)))
    everyone = tuple(range(len(grid.coders)))
    groups = [everyone]
    if "pair" in by and len(everyone) > 2:
        groups += list(combinations(everyone, 2))
    return [_Scope(c, d, g) for c, d, g in product(codes, documents, groups)]


def _unit_ids(grid: UnitGrid, keep: BoolArray) -> tuple[str, ...]:
    """Ids of the kept units; at the character levels, runs of consecutive kept characters."""
    indices = np.flatnonzero(keep)
    if grid.kind not in (UnitKind.character, UnitKind.segment):
        return tuple(grid.unit_id(int(index)) for index in indices)
    if indices.size == 0:
        return ()
    documents = grid.document_of[indices]
    breaks = np.flatnonzero((np.diff(indices) != 1) | (np.diff(documents) != 0)) + 1
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks - 1, [indices.size - 1]))
    return tuple(
        f"doc:{grid.documents[int(documents[a])]}@{int(grid.starts[indices[a]])}-"
        f"{int(grid.ends[indices[b]])}"
        for a, b in zip(firsts, lasts, strict=True)
    )


def _matrix(grid: UnitGrid, scope: _Scope, keep: BoolArray) -> tuple[FloatMatrix, int]:
    """The coders x kept-units float matrix and the number of multi-coded units."""
    rows = list(scope.coders)
    if scope.code is not None:
        values = grid.presence[rows, scope.code][:, keep].astype(np.float64)
        values[~grid.worked[rows][:, keep]] = np.nan
        return values, 0
    combined = combination_values(grid, rows, range(len(grid.codes)))[:, keep]
    multi = int(((combined > 0) & ((combined & (combined - 1)) != 0)).any(axis=0).sum())
    values = combined.astype(np.float64)
    values[combined < 0] = np.nan
    return values, multi


def _alpha_statistic(matrix: FloatMatrix) -> float | None:
    return alpha_of_matrix(matrix, Level.nominal).alpha


def _categorical(
    grid: UnitGrid,
    scope: _Scope,
    uncoded: Uncoded,
    resamples: int,
    seed: int,
    confidence: float,
) -> CaseAgreement:
    in_scope = (
        np.ones(grid.size, dtype=bool)
        if scope.document is None
        else grid.document_of == scope.document
    )
    coded = grid.coded(scope.coders)
    keep = in_scope & coded if uncoded is Uncoded.excluded else in_scope
    matrix, multi = _matrix(grid, scope, keep)
    coder_ids = tuple(grid.coders[row] for row in scope.coders)
    codes = list(range(len(grid.codes))) if scope.code is None else [scope.code]
    interval = (
        bootstrap_interval(
            _alpha_statistic, matrix, resamples=resamples, confidence=confidence, seed=seed
        )
        if resamples
        else None
    )
    return CaseAgreement(
        unit=grid.kind,
        uncoded=uncoded,
        code=None if scope.code is None else grid.codes[scope.code],
        codes=grid.codes,
        document=None if scope.document is None else grid.documents[scope.document],
        coders=coder_ids,
        units=int(keep.sum()),
        uncoded_units=int((in_scope & ~coded).sum()),
        multi_coded_units=multi,
        alpha=alpha_of_matrix(matrix, Level.nominal, coder_ids=coder_ids),
        percent_agreement=percent_agreement_of_matrix(matrix, coder_ids=coder_ids),
        cohen_kappa=(
            cohen_kappa_of_matrix(matrix, coder_ids=coder_ids) if len(coder_ids) == 2 else None
        ),
        fleiss_kappa=fleiss_kappa_of_matrix(matrix, coder_ids=coder_ids),
        unitised=None,
        interval=interval,
        evidence_ids=grid.evidence(keep, scope.coders, codes),
        unit_ids=_unit_ids(grid, keep),
    )


def _runs(flags: BoolArray, breaks: BoolArray) -> list[tuple[int, int]]:
    """[start, end) runs of True in ``flags``; a run also ends where ``breaks`` starts anew.

    ``breaks`` is True at each position that begins a new document or follows removed
    (excluded) positions, so that one coder's segments stay apart when the continuum shrinks.
    """
    if flags.size == 0:
        return []
    previous = np.concatenate(([False], flags[:-1])) & ~breaks
    following = np.concatenate((flags[1:], [False])) & ~np.concatenate((breaks[1:], [True]))
    starts = np.flatnonzero(flags & ~previous)
    ends = np.flatnonzero(flags & ~following) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _undefined_unitised(coders: tuple[str, ...], reason: str) -> UnitisedAlphaResult:
    return UnitisedAlphaResult(
        alpha=None,
        binary_alpha=None,
        coders=len(coders),
        length=0,
        segments=0,
        values=0,
        undefined_reason=reason,
        binary_undefined_reason=reason,
        coder_ids=coders,
    )


def _unitised(grid: UnitGrid, scope: _Scope, uncoded: Uncoded) -> CaseAgreement:
    rows = list(scope.coders)
    coder_ids = tuple(grid.coders[row] for row in rows)
    documents = range(len(grid.documents)) if scope.document is None else [scope.document]
    shared: list[int] = []
    skipped: list[str] = []
    for document in documents:
        mask = grid.document_of == document
        if mask.any() and grid.worked[rows][:, mask].any(axis=1).all():
            shared.append(document)
        else:
            skipped.append(grid.documents[document])
    in_scope = np.isin(grid.document_of, shared)
    coded = grid.coded(rows)
    keep = in_scope & coded if uncoded is Uncoded.excluded else in_scope
    codes = list(range(len(grid.codes))) if scope.code is None else [scope.code]
    presence = grid.presence[np.ix_(rows, codes)][:, :, keep]
    kept = np.flatnonzero(keep)
    breaks = np.concatenate(([True], (np.diff(kept) != 1) | (np.diff(grid.document_of[kept]) != 0)))
    if not shared:
        result = _undefined_unitised(coder_ids, NO_SHARED_DOCUMENT)
    elif scope.code is None and (presence.sum(axis=1) > 1).any():
        result = _undefined_unitised(coder_ids, OVERLAPPING_CODES)
    else:
        spans = [
            CodedSpan(coder_ids[r], start, end, grid.codes[code])
            for r in range(len(rows))
            for c, code in enumerate(codes)
            for start, end in _runs(presence[r, c], breaks)
        ]
        result = unitised_alpha(spans, int(keep.sum()), coder_ids)
    return CaseAgreement(
        unit=grid.kind,
        uncoded=uncoded,
        code=None if scope.code is None else grid.codes[scope.code],
        codes=grid.codes,
        document=None if scope.document is None else grid.documents[scope.document],
        coders=coder_ids,
        units=int(keep.sum()),
        uncoded_units=int((in_scope & ~coded).sum()),
        multi_coded_units=0,
        alpha=None,
        percent_agreement=None,
        cohen_kappa=None,
        fleiss_kappa=None,
        unitised=result,
        interval=None,
        evidence_ids=grid.evidence(keep, rows, codes),
        unit_ids=_unit_ids(grid, keep),
        documents_skipped=tuple(skipped),
    )


def case_agreement(
    snapshot: EvidenceSnapshot,
    coders: Sequence[str],
    codes: Sequence[str],
    unit: UnitKind | str,
    uncoded: Uncoded | str,
    *,
    by: Iterable[str] = (),
    resamples: int = 0,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[CaseAgreement, ...]:
    """Agreement of ``coders`` on ``codes`` in ``unit``, overall and for each group of ``by``.

    ``by`` holds any of ``code``, ``document``, ``pair``; rows come for every combination of the
    chosen groups (the overall one first). ``resamples`` > 0 adds a bootstrap interval of alpha
    (not at the segment level). ``uncoded`` must be given: there is no silent default.
    """
    kind = UnitKind(unit)
    choice = Uncoded(uncoded)
    groupings = _check_groupings(by)
    grid = unit_grid(snapshot, coders, codes, kind)
    rows: list[CaseAgreement] = []
    for scope in _scopes(grid, groupings):
        if kind is UnitKind.segment:
            rows.append(_unitised(grid, scope, choice))
        else:
            rows.append(_categorical(grid, scope, choice, resamples, seed, confidence))
    return tuple(rows)
