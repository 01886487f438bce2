"""The coherence figures of a case in one flat table, and the differences between two of them.

Brings together, for one snapshot, the cross-impact totals of the case's interaction scores
(Weitz et al. 2018, via :mod:`concierto.measures.crossimpact`; median over raters), the vertical
alignment (:mod:`concierto.measures.alignment`), the centrifugal index
(:mod:`concierto.measures.centrifugal`) and the coordination gaps of declared ties
(:mod:`concierto.measures.gaps`). Each figure is a :class:`Figure` keyed by (measure, subject)
so that two sets of figures (before and after a what-if) can be compared line by line.
"""

from __future__ import annotations

from dataclasses import dataclass

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.alignment import alignment_of_case, element_actors
from concierto.measures.centrifugal import centrifugal_of_case
from concierto.measures.crossimpact import DEFAULT_W2, CrossImpactResult, cross_impact
from concierto.measures.crossimpact_raters import RaterAggregation, Rating, aggregate_ratings
from concierto.measures.gaps import DEFAULT_THRESHOLD, gaps_of_case
from concierto.snapshot import CaseSnapshot

# Differences smaller than this are rounding, not change.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Figure:
    """One coherence figure: which measure, about what, its value and its evidence."""

    measure: str
    subject: str
    value: float | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Difference:
    """A figure whose value differs between two sets (None: absent or undefined on that side)."""

    measure: str
    subject: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """after − before, when both are defined."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def case_ratings(snapshot: CaseSnapshot) -> tuple[tuple[str, ...], tuple[Rating, ...]]:
    """The rated elements (in case order) and one rating per interaction record."""
    rated = {i.source for i in snapshot.interactions} | {i.target for i in snapshot.interactions}
    ids = tuple(e.id for e in snapshot.elements if e.id in rated)
    ratings = tuple(
        Rating(
            source=record.source,
            target=record.target,
            rater=record.rater,
            score=float(record.score),
            confidence=record.confidence,
            evidence=(record.evidence_id, *record.evidence),
        )
        for record in snapshot.interactions
    )
    return ids, ratings


def crossimpact_of_case(
    snapshot: CaseSnapshot, w2: float = DEFAULT_W2
) -> tuple[CrossImpactResult, RaterAggregation]:
    """Cross-impact analysis of the case's interaction scores (median matrix over raters).

    Trade-offs carry the actors of each side (owner, else lead and responsible).
    """
    ids, ratings = case_ratings(snapshot)
    places = [record.evidence_id for record in snapshot.interactions]
    aggregation = aggregate_ratings(ids, ratings, places=places)
    names = {e.id: e.name for e in snapshot.elements}
    owners = {e.id: element_actors(e) for e in snapshot.elements}
    result = cross_impact(
        ids,
        aggregation.matrix,
        names=names,
        w2=w2,
        owners=owners,
        evidence=aggregation.evidence_by_cell(),
    )
    return result, aggregation


def coherence_figures(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot | None = None,
    *,
    w2: float = DEFAULT_W2,
    gap_threshold: float = DEFAULT_THRESHOLD,
) -> tuple[Figure, ...]:
    """Every coherence figure of a case, in a stable order (coordination gaps count evidence
    ties too when ``evidence`` is given, as ``measure gaps`` does)."""
    figures: list[Figure] = []
    if snapshot.interactions:
        result, aggregation = crossimpact_of_case(snapshot, w2)
        cell_evidence = aggregation.evidence_by_cell()
        for element in result.elements:
            # total = out + w2 · Σ_j a_ij out_j: the element's row, and the rows it points to.
            reached = {t for (s, t) in cell_evidence if s == element.id}
            cited = tuple(
                dict.fromkeys(
                    item
                    for (source, _target), items in cell_evidence.items()
                    if source == element.id or source in reached
                    for item in items
                )
            )
            figures.append(Figure("crossimpact_total", element.id, element.total, cited))
        figures.append(
            Figure(
                "crossimpact_trade_offs",
                "case",
                float(len(result.trade_offs)),
                tuple(item for t in result.trade_offs for item in t.evidence),
            )
        )
    aligned = alignment_of_case(snapshot)
    figures += [Figure("coverage", c.objective, c.value, c.evidence) for c in aligned.coverage]
    for actor in aligned.actors:
        figures.append(Figure("orphan_rate", actor.actor, actor.orphan_rate, actor.evidence))
        figures.append(Figure("alignment_strength", actor.actor, actor.strength, actor.evidence))
    figures.append(
        Figure(
            "conflicts",
            "case",
            float(len(aligned.conflicts)),
            tuple(item for c in aligned.conflicts for item in c.evidence),
        )
    )
    centrifugal = centrifugal_of_case(snapshot)
    figures += [Figure("centrifugal", a.actor, a.index, a.evidence) for a in centrifugal.actors]
    figures += [
        Figure("centrifugal_policy", p.policy, p.value, p.evidence) for p in centrifugal.policies
    ]
    gaps = gaps_of_case(snapshot, evidence, gap_threshold)
    figures.append(Figure("coordination_gaps", "case", float(len(gaps.gaps)), gaps.evidence))
    figures.append(Figure("gaps_covered_share", "case", gaps.covered_share, gaps.evidence))
    return tuple(figures)


def differences(before: tuple[Figure, ...], after: tuple[Figure, ...]) -> tuple[Difference, ...]:
    """The figures whose value changed, appeared or disappeared, in before-then-after order."""
    old = {(f.measure, f.subject): f.value for f in before}
    new = {(f.measure, f.subject): f.value for f in after}
    keys = list(dict.fromkeys([*old, *new]))
    found = []
    for key in keys:
        first, second = old.get(key), new.get(key)
        same = (first is None and second is None and (key in old) == (key in new)) or (
            first is not None and second is not None and abs(first - second) <= TOLERANCE
        )
        if not same:
            found.append(Difference(key[0], key[1], first, second))
    return tuple(found)
