"""How the report calls measures whose modules are written alongside it (structure, Metcalfe,
gaps, alignment, centrifugal index), and which diagnosis indicators their results give.

Each loader takes the imported module, the case snapshot and the evidence and returns the
module's result object; an AttributeError or TypeError (the module's API is not the one expected
here) makes the report show the section as "not available" with that reason, rather than fail.
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


def _call(module: Any, names: tuple[str, ...], *args: Any) -> Any:
    """Call the first function of ``names`` the module defines."""
    for name in names:
        function = getattr(module, name, None)
        if callable(function):
            return function(*args)
    raise AttributeError(f"none of {', '.join(names)} is defined")


def _from_snapshot(names: tuple[str, ...]) -> Loader:
    def load(module: Any, snapshot: CaseSnapshot, evidence: EvidenceSnapshot) -> Any:
        try:
            return _call(module, names, snapshot, evidence)
        except TypeError:
            return _call(module, names, snapshot)

    return load


LOADERS: dict[str, Loader] = {
    "structure": _from_snapshot(("structure_of_case", "structure_from_snapshot")),
    "metcalfe": _from_snapshot(("metcalfe_of_case", "metcalfe_from_snapshot")),
    "gaps": _from_snapshot(("gaps_of_case", "gaps_from_snapshot")),
    "alignment": _from_snapshot(("alignment_of_case", "alignment_from_snapshot")),
    "centrifugal": _from_snapshot(("centrifugal_of_case", "centrifugal_from_snapshot")),
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
