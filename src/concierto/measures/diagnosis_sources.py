"""How the report calls the measures of structure (M1), Metcalfe (M3), gaps (M2), alignment and
the centrifugal index (M4), and which diagnosis indicators their results give.

The report keeps working when one of these modules is missing or fails on a case: each loader
takes the imported module, the case snapshot and the evidence, and whatever goes wrong (a
missing module, a measure's input error) is shown in the report as "not available" with the
reason (see :func:`concierto.report.build.compute`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from typing import Any

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.diagnosis import Indicator
from concierto.snapshot import CaseSnapshot

Loader = Callable[[Any, CaseSnapshot, EvidenceSnapshot], Any]
IndicatorMaker = Callable[[Any, CaseSnapshot, tuple[str, ...]], dict[str, Indicator]]


def _snapshot_only(name: str) -> Loader:
    """Call ``module.<name>(snapshot)``."""

    def load(module: Any, snapshot: CaseSnapshot, _evidence: EvidenceSnapshot) -> Any:
        return getattr(module, name)(snapshot)

    return load


def _with_evidence(name: str) -> Loader:
    """Call ``module.<name>(snapshot, evidence)`` (measures that read coded evidence too)."""

    def load(module: Any, snapshot: CaseSnapshot, evidence: EvidenceSnapshot) -> Any:
        return getattr(module, name)(snapshot, evidence)

    return load


LOADERS: dict[str, Loader] = {
    "structure": _snapshot_only("structure_of_case"),
    "metcalfe": _with_evidence("metcalfe_of_case"),
    "gaps": _with_evidence("gaps_of_case"),
    "alignment": _snapshot_only("alignment_of_case"),
    "centrifugal": _snapshot_only("centrifugal_of_case"),
}


def _number(result: Any, *names: str) -> float | None:
    for name in names:
        value = getattr(result, name, None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        inner = getattr(value, "value", None)
        if isinstance(inner, int | float) and not isinstance(inner, bool):
            return float(inner)
    return None


def _evidence(result: Any) -> tuple[str, ...]:
    found = getattr(result, "evidence", ())
    return tuple(found) if isinstance(found, tuple | list) else ()


def _metcalfe(result: Any, snapshot: CaseSnapshot, _resp: tuple[str, ...]) -> dict[str, Indicator]:
    """The policy-wide score, and the median over centre-of-government actors of each one's
    median pair score (M3: per actor, the median over its pairs)."""
    found = {
        "metcalfe.policy_score": Indicator(
            _number(result, "policy_score", "score"), _evidence(result)
        )
    }
    cog = {a.id for a in snapshot.actors if a.centre_of_government}
    medians = getattr(result, "actor_medians", None) or {}
    chosen = [float(v) for k, v in medians.items() if k in cog]
    pairs = getattr(result, "pairs", None) or ()
    cited = tuple(
        e for p in pairs if set(getattr(p, "actors", ())) & cog for e in getattr(p, "evidence", ())
    )
    found["metcalfe.cog_median"] = Indicator(
        statistics.median(chosen) if chosen else None, tuple(dict.fromkeys(cited))
    )
    return found


def _single(name: str, *attributes: str) -> IndicatorMaker:
    def make(result: Any, _snapshot: CaseSnapshot, _resp: tuple[str, ...]) -> dict[str, Indicator]:
        return {name: Indicator(_number(result, *attributes), _evidence(result))}

    return make


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _alignment(result: Any, snapshot: CaseSnapshot, resp: tuple[str, ...]) -> dict[str, Indicator]:
    """``alignment.coverage``: mean over the policy objectives of their coverage (share of each
    one's responsible actors owning an objective with a path to it); ``alignment.orphan_rate``:
    mean orphan rate of the responsible actors that own institutional objectives (M4)."""
    policy = {e.id for e in snapshot.elements if e.type == "policy_objective"}
    coverage = [c for c in getattr(result, "coverage", ()) if c.objective in policy]
    measured = [c for c in coverage if c.value is not None]
    actors = [a for a in getattr(result, "actors", ()) if a.actor in resp]
    return {
        "alignment.coverage": Indicator(
            _mean([float(c.value) for c in measured]),
            tuple(dict.fromkeys(e for c in measured for e in c.evidence)),
        ),
        "alignment.orphan_rate": Indicator(
            _mean([float(a.orphan_rate) for a in actors]),
            tuple(dict.fromkeys(e for a in actors for e in a.evidence)),
        ),
    }


def _centrifugal(
    result: Any, _snapshot: CaseSnapshot, _resp: tuple[str, ...]
) -> dict[str, Indicator]:
    """``centrifugal.policy_index``: the policy's mean centrifugal index (mean over policies
    when the case has several)."""
    policies = [p for p in getattr(result, "policies", ()) if p.value is not None]
    return {
        "centrifugal.policy_index": Indicator(
            _mean([float(p.value) for p in policies]),
            tuple(dict.fromkeys(e for p in policies for e in p.evidence)),
        )
    }


INDICATORS: Mapping[str, IndicatorMaker] = {
    "metcalfe": _metcalfe,
    "gaps": _single("gaps.covered_share", "covered_share", "coverage"),
    "alignment": _alignment,
    "centrifugal": _centrifugal,
}
