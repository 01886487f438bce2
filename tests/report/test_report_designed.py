"""Statuses of designed small cases through the whole pipeline (snapshot and evidence in,
diagnosis and report model out), with the missing measures reported as not evaluable."""

from __future__ import annotations

import sys
from dataclasses import replace
from types import MappingProxyType, ModuleType
from typing import ClassVar

import pytest

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    QualCaseRecord,
)
from concierto.measures.diagnosis_indicators import responsible_actors
from concierto.measures.diagnosis_sources import LOADERS
from concierto.report.build import OPTIONAL_MODULES, CaseResults, compute
from concierto.report.compose import make_report
from concierto.snapshot import ActorRecord, CaseSnapshot, ElementRecord, TieRecord

ACTORS = ("a", "b", "c")
CODES = {
    "vision_presente": ("shared_vision", 1),
    "vision_ausente": ("shared_vision", -1),
    "informacion_ausencia": ("information_exchange", -1),
}


def _actor(key: str) -> ActorRecord:
    return ActorRecord(
        provenance="illustrative",
        source_ref=None,
        id=key,
        name=key.upper(),
        acronym=key.upper(),
        aliases=(),
        kind="agency",
        parent=None,
        parent_relation=None,
        sector="s1" if key != "c" else "s2",
        centre_of_government=key == "a",
        created=None,
        dissolved=None,
    )


def _tie(n: int, source: str, target: str, layer: str) -> TieRecord:
    return TieRecord(
        provenance="illustrative",
        source_ref=None,
        evidence_id=f"tie:{n}",
        source=source,
        target=target,
        layer=layer,
        weight=1.0,
        origin="declared",
        evidence=(),
        valid_from=None,
        valid_to=None,
    )


def _snapshot(ties: tuple[TieRecord, ...]) -> CaseSnapshot:
    objective = ElementRecord(
        provenance="illustrative",
        source_ref=None,
        id="og",
        type="policy_objective",
        name="General objective",
        policy="p",
        level="general",
        parent=None,
        owner=None,
        lead=("a",),
        responsible=("b", "c"),
        executors=(),
        budget=None,
    )
    return CaseSnapshot(
        id="designed",
        title="Designed case",
        language="en",
        settings=MappingProxyType({}),
        actors=tuple(_actor(k) for k in ACTORS),
        events=(),
        elements=(objective,),
        functions=(),
        contributions=(),
        ties=ties,
        mechanisms=(),
        metcalfe_levels=MappingProxyType({}),
        metcalfe_assessments=(),
        interactions=(),
    )


def _evidence(coded: dict[str, list[str]]) -> EvidenceSnapshot:
    """Four interviews I1..I4; ``coded`` maps a code to the interviews coded with it (the
    whole first sentence of the interview)."""
    text = "We share nothing here. Second sentence."
    documents = tuple(
        DocumentRecord(
            f"I{n}", "interview", f"Interview {n}", text, "en", None, None, "illustrative", None
        )
        for n in range(1, 5)
    )
    cases = tuple(
        QualCaseRecord(
            f"I{n}", None, "interviewee", None, None, MappingProxyType({}), ((f"I{n}", None, None),)
        )
        for n in range(1, 5)
    )
    codes = tuple(
        CodeRecord(
            key,
            None,
            True,
            key,
            key,
            "present" if sign == 1 else "absent",
            MappingProxyType({"dimension": dim, "sign": sign}),
        )
        for key, (dim, sign) in CODES.items()
    )
    codings: list[CodingRecord] = []
    for code, docs in coded.items():
        for doc in docs:
            codings.append(
                CodingRecord(f"seg:{len(codings) + 1}", doc, 0, 22, code, "coder-a", "human", None)
            )
    return EvidenceSnapshot(
        documents=documents,
        qual_cases=cases,
        codes=codes,
        coders=("coder-a",),
        codings=tuple(codings),
    )


def _run(ties: tuple[TieRecord, ...], coded: dict[str, list[str]]) -> CaseResults:
    return compute(_snapshot(ties), _evidence(coded), optional={})


def test_responsible_actors_follow_the_policy_objectives() -> None:
    assert responsible_actors(_snapshot(())) == ("a", "b", "c")


def test_connected_case_with_a_shared_vision() -> None:
    pairs = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("a", "c"), ("c", "a")]
    info = tuple(_tie(n, s, t, "information_exchange") for n, (s, t) in enumerate(pairs, 1))
    rules = tuple(
        _tie(10 + n, s, t, "interaction_rule")
        for n, (s, t) in enumerate([("a", "b"), ("b", "c"), ("c", "a")])
    )
    results = _run(info + rules, {"vision_presente": ["I1", "I2", "I3"]})
    d = results.diagnosis
    assert d.indicators["shared_vision.present_share"].value == 0.75
    assert d.indicators["network.information_exchange.pair_share"].value == 1.0
    assert d.indicators["network.interaction_rule.ties"].value == 3
    assert {k: v.status for k, v in d.dimensions.items()} == {
        "shared_vision": "present",
        "information_exchange": "present",
        # present needs the Metcalfe score, which this case cannot compute, and no code of this
        # codebook denies interaction rules: no rule fires, and both are listed.
        "interaction_rules": "partial",
        "objective_alignment": "partial",
    }
    assert d.dimensions["interaction_rules"].not_evaluable == (
        "interaction_rules.absent_share",
        "metcalfe.policy_score",
    )
    assert d.statements["weak_coordination"].holds is None


def test_disconnected_case_without_a_shared_vision() -> None:
    coded = {"vision_ausente": ["I1", "I2", "I3"], "informacion_ausencia": ["I2", "I4"]}
    results = _run((_tie(1, "a", "b", "authority"),), coded)
    d = results.diagnosis
    assert {k: v.status for k, v in d.dimensions.items()} == {
        "shared_vision": "absent",
        "information_exchange": "absent",
        "interaction_rules": "weak",
        "objective_alignment": "partial",
    }
    assert d.statements["weak_coordination"].holds is True
    vision = d.dimensions["shared_vision"]
    assert [q.text for q in vision.quotes] == ["We share nothing here."] * 3
    assert {q.interviewee for q in vision.quotes} == {"I1", "I2", "I3"}
    report = make_report(results, "en")
    status_block = next(b for s in report.sections for b in s.blocks if b.kind == "statuses")
    card = status_block.statuses[0]
    assert (card.status, card.decided_by) == ("absent", "rule 1")
    first = card.trace.rows[0]
    assert first["condition"] == "shared_vision.absent_share >= 0.5"
    assert (first["observed"], first["outcome"]) == ("0.75", "holds")
    assert set(report.evidence) >= {"seg:1", "tie:1", "actor:a", "element:og"}


class _Pair:
    def __init__(self, actors: tuple[str, str], score: int) -> None:
        self.actors, self.score, self.evidence = actors, score, (f"pair:{actors[0]}-{actors[1]}",)


class _MetcalfeResult:
    """A stand-in with the attributes the report's adapter reads (policy score, pairs, per
    actor medians)."""

    policy_score = 2
    evidence = ("assessment:1",)
    pairs = (_Pair(("a", "b"), 2), _Pair(("a", "c"), 5), _Pair(("b", "c"), 3))
    actor_medians: ClassVar[dict[str, float]] = {"a": 3.5, "b": 2.5, "c": 4.0}


def test_optional_measure_feeds_the_paradox(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ModuleType("concierto.measures.metcalfe")
    fake.metcalfe_of_case = lambda snapshot, evidence: _MetcalfeResult()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "concierto.measures.metcalfe", fake)
    coded = {"vision_ausente": ["I1", "I2", "I3"], "informacion_ausencia": ["I2", "I4"]}
    loaders = {"metcalfe": LOADERS["metcalfe"]}
    snapshot = _snapshot((_tie(1, "a", "b", "authority"),))
    results = compute(snapshot, _evidence(coded), optional=loaders)
    d = results.diagnosis
    assert results.unavailable == {}
    assert d.indicators["metcalfe.policy_score"].value == 2
    # Only actor a is centre of government: its median 3.5 is above 3, so no paradox.
    assert d.indicators["metcalfe.cog_median"].value == 3.5
    assert d.statements["centre_of_government_paradox"].holds is False
    cog = replace(
        snapshot, actors=tuple(replace(a, centre_of_government=True) for a in snapshot.actors)
    )
    results = compute(cog, _evidence(coded), optional=loaders)
    d = results.diagnosis
    assert d.indicators["metcalfe.cog_median"].value == 3.5  # median of 3.5, 2.5, 4.0
    assert d.statements["centre_of_government_paradox"].holds is False
    medians = {"a": 3.0, "b": 2.5, "c": 4.0}
    monkeypatch.setattr(_MetcalfeResult, "actor_medians", medians)
    d = compute(cog, _evidence(coded), optional=loaders).diagnosis
    assert d.indicators["metcalfe.cog_median"].value == 3.0
    assert d.statements["centre_of_government_paradox"].holds is True
    assert d.statements["weak_coordination"].holds is True


def test_a_missing_module_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(OPTIONAL_MODULES, "metcalfe", "concierto.measures.absent_for_test")
    results = compute(_snapshot(()), _evidence({}), optional={"metcalfe": LOADERS["metcalfe"]})
    assert results.unavailable == {
        "metcalfe": "concierto.measures.absent_for_test is not installed"
    }
    assert results.diagnosis.indicators.get("metcalfe.policy_score") is None


def test_a_measure_input_error_is_reported_not_raised() -> None:
    def refuse(_module: object, _snapshot: object, _evidence: object) -> object:
        raise ValueError("no interaction scores to rank")

    results = compute(_snapshot(()), _evidence({}), optional={"metcalfe": refuse})
    assert "no interaction scores to rank" in results.unavailable["metcalfe"]


def test_a_programming_error_in_a_measure_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module whose API changed is a bug to fix, not a section to hide."""
    monkeypatch.setitem(sys.modules, "concierto.measures.metcalfe", ModuleType("stand-in"))
    with pytest.raises(AttributeError, match="metcalfe_of_case"):
        compute(_snapshot(()), _evidence({}), optional={"metcalfe": LOADERS["metcalfe"]})
