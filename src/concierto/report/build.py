"""Compute everything a report shows, from a store and a case: the one place that calls the
measures (PRODUCT.md: the report renders result objects and computes nothing of its own).

Measures that are not installed in this build (a module still missing) are recorded in
``CaseResults.unavailable`` with the reason, and the report shows "not available" there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from concierto.evidence.snapshot import CodingRecord, EvidenceSnapshot, load_evidence
from concierto.measures.agreement import CaseAgreement, case_agreement
from concierto.measures.brokerage import Brokerage, gould_fernandez
from concierto.measures.crossimpact import CrossImpactResult, cross_impact
from concierto.measures.crossimpact_raters import RaterAggregation, Rating, aggregate_ratings
from concierto.measures.diagnosis import Diagnosis, Quote, diagnose, load_rule_table
from concierto.measures.diagnosis_indicators import build_indicators, responsible_actors
from concierto.measures.evidence_ties import actor_nodes, case_ties
from concierto.measures.network import NetworkSummary, summarise
from concierto.measures.network_input import TieRecord as NetworkTie
from concierto.measures.network_input import layer_graphs
from concierto.measures.qualitative.consensus import (
    CodeConsensus,
    PairConsensus,
    attribute_interviewees,
    code_consensus,
    pair_consensus,
    polar_pairs,
)
from concierto.measures.qualitative.frequency import FrequencyTable, code_frequencies
from concierto.measures.qualitative.index import EvidenceIndex
from concierto.snapshot import CaseSnapshot, snapshot_from_document

Progress = Callable[[str], None]
Loader = Callable[[Any, CaseSnapshot, EvidenceSnapshot], Any]


@dataclass(frozen=True)
class OptionalMeasure:
    """A measure from a module that may be missing: its result, or why there is none."""

    name: str
    result: Any = None
    reason: str | None = None


@dataclass(frozen=True)
class CaseResults:
    """Every result object of one case, ready for the report model."""

    snapshot: CaseSnapshot
    evidence: EvidenceSnapshot
    responsible: tuple[str, ...]
    ties: tuple[NetworkTie, ...]
    graphs: Mapping[str, nx.DiGraph]
    summaries: tuple[NetworkSummary, ...]
    brokerage: Brokerage
    ratings: RaterAggregation | None
    cross_impact: CrossImpactResult | None
    frequencies: FrequencyTable
    consensus: Mapping[str, CodeConsensus]
    pairs: tuple[PairConsensus, ...]
    interviewee_of: Mapping[str, str | None]
    agreement: tuple[CaseAgreement, ...]
    diagnosis: Diagnosis
    optional: Mapping[str, OptionalMeasure] = field(default_factory=dict)
    sources: tuple[Mapping[str, Any], ...] = ()

    @property
    def unavailable(self) -> dict[str, str]:
        """Measures with no result, with the reason."""
        return {k: v.reason or "" for k, v in self.optional.items() if v.result is None}


def _network(
    snapshot: CaseSnapshot, evidence: EvidenceSnapshot
) -> tuple[tuple[NetworkTie, ...], dict[str, nx.DiGraph], tuple[NetworkSummary, ...]]:
    """The M2 ties (declared, plus evidence ties from coded segments) and graphs."""
    ties = tuple(case_ties(snapshot, evidence))
    graphs = layer_graphs(actor_nodes(snapshot), ties)
    return ties, graphs, tuple(summarise(graph) for graph in graphs.values())


def _cross_impact(
    snapshot: CaseSnapshot,
) -> tuple[RaterAggregation | None, CrossImpactResult | None]:
    if not snapshot.interactions:
        return None, None
    used = {i.source for i in snapshot.interactions} | {i.target for i in snapshot.interactions}
    ids = [e.id for e in snapshot.elements if e.id in used]
    ratings = [
        Rating(
            source=i.source,
            target=i.target,
            rater=i.rater,
            score=float(i.score),
            confidence=i.confidence,
            evidence=(i.evidence_id, *i.evidence),
        )
        for i in snapshot.interactions
    ]
    aggregation = aggregate_ratings(ids, ratings)
    names = {e.id: e.name for e in snapshot.elements}
    owners = {e.id: e.actors for e in snapshot.elements}
    result = cross_impact(
        ids,
        aggregation.matrix,
        names=names,
        owners=owners,
        evidence=aggregation.evidence_by_cell(),
    )
    return aggregation, result


def _agreement(evidence: EvidenceSnapshot) -> tuple[CaseAgreement, ...]:
    """Agreement of the first two coders (M5): by sentence with uncoded sentences included,
    overall and per code (alpha, Cohen's kappa, percent agreement), then unitised alpha over
    the coded segments. Empty with fewer than two coders."""
    if len(evidence.coders) < 2:
        return ()
    pair = list(evidence.coders[:2])
    codes = sorted({c.code for c in evidence.codings})
    rows = case_agreement(evidence, pair, codes, "sentence", "included", by=("code",))
    unitised = case_agreement(evidence, pair, codes, "segment", "included")
    return (*rows, *unitised)


def _end(coding: CodingRecord, evidence: EvidenceSnapshot) -> int:
    if coding.end is not None:
        return coding.end
    return len(evidence.document(coding.document).text)


def _quotes(evidence: EvidenceSnapshot, interviewee_of: Mapping[str, str | None]) -> list[Quote]:
    quotes = []
    by_key: dict[tuple[str, str], list[CodingRecord]] = {}
    for coding in evidence.codings:
        by_key.setdefault((coding.document, coding.code), []).append(coding)
    for coding in evidence.codings:
        mappings = evidence.code(coding.code).mappings
        dimension, sign = mappings.get("dimension"), mappings.get("sign")
        if not dimension or sign not in (1, -1) or coding.start is None:
            continue
        end = _end(coding, evidence)
        coders = {
            other.coder
            for other in by_key[(coding.document, coding.code)]
            if (other.start or 0) < end and _end(other, evidence) > coding.start
        }
        quotes.append(
            Quote(
                evidence_id=coding.evidence_id,
                code=coding.code,
                dimension=str(dimension),
                sign=int(sign),
                document=coding.document,
                start=coding.start,
                end=end,
                text=evidence.document(coding.document).text[coding.start : end],
                interviewee=interviewee_of.get(coding.evidence_id),
                corroboration=len(coders),
            )
        )
    return quotes


# Modules being written alongside this one; each loader returns a result or raises.
OPTIONAL_MODULES: dict[str, str] = {
    "structure": "concierto.measures.structure",
    "metcalfe": "concierto.measures.metcalfe",
    "gaps": "concierto.measures.gaps",
    "alignment": "concierto.measures.alignment",
    "centrifugal": "concierto.measures.centrifugal",
}


def _optional(
    name: str, run: Loader, snapshot: CaseSnapshot, evidence: EvidenceSnapshot
) -> OptionalMeasure:
    try:
        module = importlib.import_module(OPTIONAL_MODULES[name])
    except ImportError:
        return OptionalMeasure(name, reason=f"{OPTIONAL_MODULES[name]} is not installed")
    try:
        return OptionalMeasure(name, result=run(module, snapshot, evidence))
    except ValueError as exc:  # a measure's input error; programming errors surface
        return OptionalMeasure(name, reason=f"{OPTIONAL_MODULES[name]}: {exc}")


def compute(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot,
    progress: Progress | None = None,
    optional: Mapping[str, Loader] | None = None,
    sources: tuple[Mapping[str, Any], ...] = (),
) -> CaseResults:
    """Run every measure over one case's snapshot and evidence."""
    say = progress or (lambda _step: None)
    say("network")
    ties, graphs, summaries = _network(snapshot, evidence)
    sectors = {a.id: a.sector or a.kind for a in snapshot.actors}
    brokerage = gould_fernandez(graphs["union"], sectors)
    say("coherence")
    ratings, impact = _cross_impact(snapshot)
    say("qualitative evidence")
    index = EvidenceIndex(evidence)
    attribution = attribute_interviewees(index)
    interviewee_of = {
        c.evidence_id: (found[0] if found else None)
        for c, found in zip(evidence.codings, attribution.per_coding, strict=True)
    }
    frequencies = code_frequencies(index)
    coded = [c.id for c in evidence.codes if c.codable]
    consensus = {code: code_consensus(index, code, attribution=attribution) for code in coded}
    pairs = tuple(
        pair_consensus(index, plus, minus, attribution=attribution)
        for plus, minus in polar_pairs(index)
    )
    say("agreement")
    agreement = _agreement(evidence)
    say("diagnosis")
    extra = {
        name: _optional(name, run, snapshot, evidence)
        for name, run in (default_optional() if optional is None else optional).items()
    }
    responsible = responsible_actors(snapshot)
    indicators = build_indicators(
        snapshot,
        evidence,
        responsible=responsible,
        graphs=graphs,
        consensus=consensus,
        optional={k: v.result for k, v in extra.items() if v.result is not None},
    )
    overrides = snapshot.settings.get("diagnosis") if snapshot.settings else None
    table = load_rule_table(overrides=overrides if isinstance(overrides, Mapping) else None)
    diagnosis = diagnose(indicators, _quotes(evidence, interviewee_of), table)
    return CaseResults(
        snapshot=snapshot,
        evidence=evidence,
        responsible=responsible,
        ties=ties,
        graphs=graphs,
        summaries=summaries,
        brokerage=brokerage,
        ratings=ratings,
        cross_impact=impact,
        frequencies=frequencies,
        consensus=consensus,
        pairs=pairs,
        interviewee_of=interviewee_of,
        agreement=agreement,
        diagnosis=diagnosis,
        optional=extra,
        sources=sources,
    )


def default_optional() -> dict[str, Loader]:
    """How to call each measure the diagnosis reads (see ``diagnosis_sources``)."""
    from concierto.measures.diagnosis_sources import LOADERS

    return dict(LOADERS)


def compute_from_store(
    store: Any,
    case: str | None = None,
    progress: Progress | None = None,
    viewer: str | None = None,
) -> CaseResults:
    """Read the case and its evidence from an open store and run every measure (a blind
    ``viewer`` sees only their own codings until the analysis is opened)."""
    from concierto.casefile.database import fetch_case, resolve_case

    say = progress or (lambda _step: None)
    say("reading the case")
    with store.session() as session:
        document = fetch_case(session, case)
        snapshot = snapshot_from_document(document)
        row = resolve_case(session, snapshot.id)
        evidence = load_evidence(session, row.id, viewer=viewer)
    sources = tuple(dict(x) for x in document.data.get("sources") or ())
    return compute(snapshot, evidence, progress, sources=sources)
