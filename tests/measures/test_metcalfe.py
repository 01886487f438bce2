"""Metcalfe's scale (M3): items, scores, gaps, reproducibility, contested evidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from measure_case_builders import (
    actor,
    assessment,
    code,
    coding,
    document,
    evidence,
    mechanism,
    participant,
    snapshot,
    turn,
)

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.measures.metcalfe import (
    LevelRule,
    MetcalfeError,
    Observation,
    default_levels,
    level_table,
    metcalfe_from_observations,
    metcalfe_of_case,
    parse_default_levels,
)
from concierto.snapshot import CaseSnapshot

ABC = (actor("a"), actor("b"), actor("c"))


def test_a_non_cumulative_case_has_gaps_and_cr_below_one() -> None:
    case = snapshot(
        actors=ABC,
        mechanisms=(
            mechanism("m1", "platform", ("a", "b")),  # default level 2
            mechanism("m2", "commission", ("a", "b", "c")),  # default level 5
        ),
        metcalfe_assessments=(assessment(1, ("a", "b"), 3, True),),
    )
    result = metcalfe_of_case(case)
    ladders = {lad.actors: lad for lad in result.pairs}
    assert {k: (v.score, v.gaps) for k, v in ladders.items()} == {
        ("a", "b"): (3, (5,)),
        ("a", "c"): (1, (5,)),
        ("b", "c"): (1, (5,)),
    }
    assert result.errors == 3
    assert result.reproducibility == pytest.approx(1 - 3 / 24)
    assert dict(result.actor_medians) == {"a": 2.0, "b": 2.0, "c": 1.0}
    assert result.policy_score == 3 and result.policy.gaps == (5,)
    assert result.distribution[1] == 2 and result.distribution[3] == 1
    assert ladders[("a", "b")].item(3).evidence == ("assessment:1",)
    assert ladders[("a", "c")].item(5).supporting == ("mechanism:m2",)
    assert "mechanism:m1" in result.evidence


def test_a_cumulative_case_has_cr_one() -> None:
    case = snapshot(
        actors=ABC,
        mechanisms=(mechanism("m1", "platform", ("a", "b")),),
        metcalfe_assessments=(assessment(1, ("a", "b"), 3, True),),
    )
    result = metcalfe_of_case(case)
    assert [(lad.actors, lad.score) for lad in result.pairs] == [(("a", "b"), 3)]
    assert result.reproducibility == 1.0


def test_level_overrides_mechanism_then_case_then_default() -> None:
    case = snapshot(
        actors=ABC,
        metcalfe_levels={"platform": 3},
        mechanisms=(
            mechanism("m1", "platform", ("a", "b")),
            mechanism("m2", "platform", ("b", "c"), level=2),
            mechanism("m3", "unheard_of", ("a", "c")),
        ),
    )
    table = level_table(case)
    assert table["platform"] == LevelRule("platform", 3, "case")
    assert table["strategy"].level == 9 and table["strategy"].origin == "default"
    result = metcalfe_of_case(case)
    ladders = {lad.actors: lad for lad in result.pairs}
    assert ladders[("a", "b")].item(3).status == "satisfied"
    assert ladders[("b", "c")].score == 2
    assert result.unmapped_mechanisms == ("mechanism:m3",)


TEXTS = {
    "d1": "El MEF y CEPLAN intercambian información cada mes.",
    "d2": "CEPLAN no recibe información del MEF.",
    "d3": "Con el MEF hay reportes compartidos.",
}


def contested(extra_support: bool) -> tuple[CaseSnapshot, EvidenceSnapshot]:
    case = snapshot(
        actors=(
            actor("mef", "ministry", name="Ministerio de Economía", acronym="MEF"),
            actor("ceplan", name="Centro de Planeamiento", acronym="CEPLAN"),
        )
    )
    docs = ["d1", "d2", "d3"] if extra_support else ["d1", "d2"]
    ev = evidence(
        documents=tuple(document(d, TEXTS[d]) for d in docs),
        participants=(participant("e3", "ceplan"),),
        units=(turn("d3", 0, len(TEXTS["d3"]), 1, "e3"),),
        codes=(
            code("info", {"metcalfe_levels": [2]}),
            code("info.no", {"metcalfe_level": 2, "metcalfe_denies": True}, "absent"),
        ),
        codings=tuple(
            coding(n, d, 0, len(TEXTS[d]), "info.no" if d == "d2" else "info")
            for n, d in enumerate(docs, start=1)
        ),
    )
    return case, ev


def test_contested_item_fails_on_a_tie_of_sources() -> None:
    case, ev = contested(extra_support=False)
    result = metcalfe_of_case(case, ev)
    item = result.pairs[0].item(2)
    assert (item.status, item.supporting, item.denying) == ("contested", ("doc:d1",), ("doc:d2",))
    assert not item.satisfied and result.pairs[0].score == 1
    assert result.pairs[0].contested == (2,)


def test_contested_item_holds_when_support_outnumbers_denial() -> None:
    case, ev = contested(extra_support=True)  # d3: the speaker (CEPLAN) mentions the MEF
    result = metcalfe_of_case(case, ev)
    item = result.pairs[0].item(2)
    assert item.status == "contested" and item.satisfied
    assert item.supporting == ("doc:d1", "doc:d3")
    assert item.evidence == ("seg:1", "seg:2", "seg:3")
    assert result.pairs[0].score == 2 and result.policy_score == 2


def test_assessment_denial_contests_a_mechanism() -> None:
    case = snapshot(
        actors=ABC,
        mechanisms=(mechanism("m1", "platform", ("a", "b")),),
        metcalfe_assessments=(assessment(1, ("a", "b"), 2, False), assessment(2, (), 9, True)),
    )
    result = metcalfe_of_case(case)
    assert result.pairs[0].item(2).status == "contested" and result.pairs[0].score == 1
    assert result.policy.item(9).supporting == ("assessment:2",)
    assert result.policy.gaps == (9,)


def test_empty_case_has_no_pairs_and_no_cr() -> None:
    result = metcalfe_of_case(snapshot(actors=ABC))
    assert result.pairs == () and result.reproducibility is None and result.policy_score == 1


def test_default_table_and_its_errors() -> None:
    table = default_levels()
    assert {k: table[k].level for k in ("platform", "committee", "agreement", "strategy")} == {
        "platform": 2,
        "committee": 3,
        "agreement": 5,
        "strategy": 9,
    }
    assert all(rule.justification for rule in table.values())
    with pytest.raises(MetcalfeError, match=r"levels\[1\]: level 12"):
        parse_default_levels({"levels": [{"kind": "x", "level": 12}]})
    with pytest.raises(MetcalfeError, match="'levels' list"):
        parse_default_levels(["x"])


OBSERVATION = st.builds(
    Observation,
    pair=st.sampled_from([("a", "b"), ("a", "c"), ("b", "c"), None]),
    level=st.integers(2, 9),
    supports=st.booleans(),
    source=st.sampled_from(["doc:1", "doc:2", "doc:3", "mechanism:m", "assessment:1"]),
    evidence=st.just(("seg:1",)),
)


@given(st.lists(OBSERVATION, max_size=30))
@settings(max_examples=150, deadline=None)
def test_scores_gaps_and_cr_follow_their_definitions(found: list[Observation]) -> None:
    result = metcalfe_from_observations(found)
    for lad in (*result.pairs, result.policy):
        assert all(lad.item(k).satisfied for k in range(1, lad.score + 1))
        assert lad.score == 9 or not lad.item(lad.score + 1).satisfied
        assert lad.gaps == tuple(k for k in range(lad.score + 1, 10) if lad.item(k).satisfied)
    assert result.errors == sum(len(lad.gaps) for lad in result.pairs)
    cr = result.reproducibility
    if result.pairs:
        assert cr is not None and 0 <= cr <= 1
        assert cr == pytest.approx(1 - result.errors / (8 * len(result.pairs)))
    else:
        assert result.reproducibility is None


@given(st.lists(OBSERVATION, max_size=30), st.integers(2, 9))
@settings(max_examples=100, deadline=None)
def test_a_new_supporting_source_never_lowers_a_score(found: list[Observation], level: int) -> None:
    before = {lad.actors: lad.score for lad in metcalfe_from_observations(found).pairs}
    extra = Observation(("a", "b"), level, True, "doc:new", ("seg:9",))
    after = {lad.actors: lad.score for lad in metcalfe_from_observations([*found, extra]).pairs}
    assert after[("a", "b")] >= before.get(("a", "b"), 1)
