"""Required versus actual coordination: coordination gaps (MEASURES.md, M2).

Where objective p and objective q interact strongly (|a_pq| ≥ threshold, default 2, on the
Nilsson, Griggs & Visbeck 2016 scale; the cell value is the median over raters), every actor of
p and every different actor of q must coordinate: the pair is *required*, with stakes = Σ |a_pq|
over the strong cells linking them (a cell counts once for each pair it makes). An element's
actors are its owner, leads, responsible actors and executors. A required pair is *covered*
when an ``information_exchange`` or ``interaction_rule`` tie links the two actors in either
direction (declared or found in evidence); otherwise it is a **gap**. Gaps are ranked by stakes
(then by actor ids), and the covered share is covered pairs / required pairs.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.evidence_ties import case_ties
from concierto.measures.network_input import TieRecord
from concierto.snapshot import CaseSnapshot, InteractionRecord

DEFAULT_THRESHOLD = 2.0
COVERING_LAYERS: tuple[str, ...] = ("information_exchange", "interaction_rule")
Pair = tuple[str, str]


class GapsError(ValueError):
    """Interaction data that cannot define required pairs; names the record."""


@dataclass(frozen=True)
class Cell:
    """The median interaction between two elements, with the ratings behind it."""

    source: str
    target: str
    value: float
    evidence: tuple[str, ...]


def median_cells(interactions: Iterable[InteractionRecord]) -> tuple[Cell, ...]:
    """The median over raters of each (source, target) cell, in first-seen order."""
    scores: dict[tuple[str, str], list[float]] = {}
    ids: dict[tuple[str, str], list[str]] = {}
    for record in interactions:
        key = (record.source, record.target)
        scores.setdefault(key, []).append(float(record.score))
        ids.setdefault(key, []).extend([record.evidence_id, *record.evidence])
    return tuple(
        Cell(s, t, float(statistics.median(values)), tuple(dict.fromkeys(ids[(s, t)])))
        for (s, t), values in scores.items()
    )


@dataclass(frozen=True)
class RequiredPair:
    """Two actors whose objectives interact strongly, and whether a tie covers them."""

    actors: Pair
    stakes: float
    cells: tuple[tuple[str, str, float], ...]
    covered: bool
    covering_ties: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GapsResult:
    """Required pairs, the gaps ranked by stakes, and the share covered."""

    threshold: float
    required: tuple[RequiredPair, ...]
    gaps: tuple[RequiredPair, ...]
    covered_share: float | None
    evidence: tuple[str, ...]


def _pair(first: str, second: str) -> Pair:
    return (first, second) if first <= second else (second, first)


def _coverage(ties: Iterable[TieRecord]) -> dict[Pair, list[str]]:
    found: dict[Pair, list[str]] = {}
    for tie in ties:
        if tie.layer in COVERING_LAYERS:
            found.setdefault(_pair(tie.source, tie.target), []).extend(tie.evidence)
    return found


def coordination_gaps(
    cells: Iterable[Cell],
    element_actors: Mapping[str, Iterable[str]],
    ties: Iterable[TieRecord],
    threshold: float = DEFAULT_THRESHOLD,
) -> GapsResult:
    """Required pairs from strong cells, covered by information-exchange or rule ties."""
    if threshold <= 0:
        raise GapsError(f"threshold {threshold} must be positive")
    stakes: dict[Pair, float] = {}
    linked: dict[Pair, list[tuple[str, str, float]]] = {}
    ids: dict[Pair, list[str]] = {}
    for cell in cells:
        if abs(cell.value) < threshold:
            continue
        for end in (cell.source, cell.target):
            if end not in element_actors:
                raise GapsError(
                    f"interaction {cell.source!r} -> {cell.target!r}: unknown element {end!r}"
                )
        pairs = {
            _pair(i, j)
            for i in element_actors[cell.source]
            for j in element_actors[cell.target]
            if i != j
        }
        for pair in pairs:
            stakes[pair] = stakes.get(pair, 0.0) + abs(cell.value)
            linked.setdefault(pair, []).append((cell.source, cell.target, cell.value))
            ids.setdefault(pair, []).extend(cell.evidence)
    coverage = _coverage(ties)
    required = []
    for pair in sorted(stakes, key=lambda p: (-stakes[p], p)):
        covering = tuple(sorted(set(coverage.get(pair, ()))))
        covered = pair in coverage
        required.append(
            RequiredPair(
                actors=pair,
                stakes=stakes[pair],
                cells=tuple(linked[pair]),
                covered=covered,
                covering_ties=covering,
                evidence=tuple(dict.fromkeys([*ids[pair], *covering])),
            )
        )
    gaps = tuple(r for r in required if not r.covered)
    share = (len(required) - len(gaps)) / len(required) if required else None
    evidence = tuple(sorted({e for r in required for e in r.evidence}))
    return GapsResult(threshold, tuple(required), gaps, share, evidence)


def gaps_of_case(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> GapsResult:
    """Coordination gaps of the case: its interactions, element actors and ties (declared, and
    evidence ties when ``evidence`` is given)."""
    element_actors = {e.id: e.actors for e in snapshot.elements}
    return coordination_gaps(
        median_cells(snapshot.interactions),
        element_actors,
        case_ties(snapshot, evidence),
        threshold,
    )
