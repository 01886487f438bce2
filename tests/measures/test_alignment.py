"""Vertical alignment on the designed case tests/fixtures/cases/align (worked by hand).

DAG: a1 -3-> p1, b1 -2-> p2, b2 -(score -2)-> p3 (not a contribution), c1 -1-> p2,
c2 -1-> b1, p1/p2/p3 -3-> og. Actors: a owns a1, a2; b owns b1, b2; c owns c1, c2; d none.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concierto.casefile.read import read_case_folder
from concierto.measures.alignment import (
    AlignmentError,
    alignment,
    alignment_of_case,
    edge_strength,
    objective_dag,
)
from concierto.snapshot import (
    CaseSnapshot,
    ContributionRecord,
    ElementRecord,
    snapshot_from_document,
)

ALIGN_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "align"


@pytest.fixture(scope="module")
def snapshot() -> CaseSnapshot:
    return snapshot_from_document(read_case_folder(ALIGN_CASE))


def contribution(
    n: int, source: str, target: str, strength: int | None, score: int | None = None
) -> ContributionRecord:
    """A contribution record numbered ``n``."""
    return ContributionRecord(
        "illustrative", None, f"contribution:{n}", source, target, strength, score
    )


def test_coverage_finds_the_uncovered_objective(snapshot: CaseSnapshot) -> None:
    result = alignment_of_case(snapshot)
    values = {c.objective: c.value for c in result.coverage}
    # og: a (a1 -> p1 -> og); p1: a; p2: b (b1) and c (c1, c2 via b1); p3: neither c nor d.
    assert values == {"og": 1.0, "p1": 1.0, "p2": 1.0, "p3": 0.0}
    p3 = result.coverage_of("p3")
    assert p3.responsible == ("c", "d") and p3.covering == () and p3.uncovered == ("c", "d")
    p2 = result.coverage_of("p2")
    assert p2.covering == ("b", "c")
    assert {
        "element:b1",
        "element:c1",
        "element:c2",
        "contribution:2",
        "contribution:4",
        "contribution:5",
    } <= set(p2.evidence)


def test_orphan_rate_and_strength_per_actor(snapshot: CaseSnapshot) -> None:
    result = alignment_of_case(snapshot)
    a, b, c = result.actor("a"), result.actor("b"), result.actor("c")
    assert (a.orphans, a.orphan_rate, a.strength) == (("a2",), 0.5, 3.0)
    # b2's only edge has a negative score: not a contribution, so b2 is an orphan.
    assert (b.orphans, b.orphan_rate, b.strength) == (("b2",), 0.5, 2.0)
    # c1 -> p2 (1); c2 -> b1 -> p2 (mean of 1 and 2 = 1.5); mean 1.25.
    assert (c.orphans, c.orphan_rate, c.strength) == ((), 0.0, 1.25)
    paths = {p.objective: p for p in c.best_paths}
    assert paths["c2"].nodes == ("c2", "b1", "p2") and paths["c2"].strength == 1.5
    assert paths["c2"].evidence == (
        "element:c2",
        "element:b1",
        "element:p2",
        "contribution:5",
        "contribution:2",
    )
    assert result.ignored == ("contribution:3",)
    with pytest.raises(KeyError):
        result.actor("d")


def test_conflicts_only_between_different_actors(snapshot: CaseSnapshot) -> None:
    conflicts = alignment_of_case(snapshot).conflicts
    # c1 -> p3 median -2 (c against c, d); a1 -> b1 median -1.5; a1 -> a2 is inside actor a;
    # b1 -> c1 has median 0.5.
    assert [(c.source, c.target, c.median) for c in conflicts] == [
        ("c1", "p3", -2.0),
        ("a1", "b1", -1.5),
    ]
    assert conflicts[1].source_actors == ("a",) and conflicts[1].target_actors == ("b",)
    assert conflicts[1].evidence == ("element:a1", "element:b1", "interaction:1", "interaction:2")


def test_best_path_stops_at_the_first_policy_objective(snapshot: CaseSnapshot) -> None:
    a1 = {p.objective: p for p in alignment_of_case(snapshot).actor("a").best_paths}["a1"]
    assert a1.nodes == ("a1", "p1")


def test_a_stronger_longer_path_wins(snapshot: CaseSnapshot) -> None:
    extra = (contribution(9, "a2", "b1", 3), contribution(10, "b1", "p1", 3))
    result = alignment(snapshot.elements, (*snapshot.contributions, *extra))
    # a2 -> b1 -> p1 (3, 3) beats a2 -> b1 -> p2 (3, 2).
    best = {p.objective: p for p in result.actor("a").best_paths}["a2"]
    assert best.nodes == ("a2", "b1", "p1") and best.strength == 3.0
    assert result.actor("a").orphan_rate == 0.0


def test_a_cycle_is_an_error_naming_its_edges(snapshot: CaseSnapshot) -> None:
    looped = (*snapshot.contributions, contribution(9, "og", "a1", 1))
    with pytest.raises(AlignmentError, match="contribution:1") as caught:
        objective_dag(snapshot.elements, looped)
    assert "contribution:9" in str(caught.value) and "contribution:6" in str(caught.value)


def test_unknown_element_is_named(snapshot: CaseSnapshot) -> None:
    with pytest.raises(AlignmentError, match="contribution:9: unknown element zz"):
        objective_dag(snapshot.elements, (contribution(9, "zz", "og", 1),))


def test_objective_without_responsible_actors_has_no_coverage(snapshot: CaseSnapshot) -> None:
    og = snapshot.element("og")
    elements = tuple(replace(e, responsible=()) if e.id == "og" else e for e in snapshot.elements)
    assert og.responsible == ("a",)
    result = alignment(elements, snapshot.contributions)
    assert result.coverage_of("og").value is None


@given(st.integers(1, 3), st.integers(-3, 3))
def test_strength_wins_over_score_and_scores_above_zero_count(strength: int, score: int) -> None:
    assert edge_strength(contribution(1, "x", "y", strength, score)) == strength
    assert edge_strength(contribution(1, "x", "y", None, score)) == (score if score > 0 else None)


@given(st.lists(st.integers(1, 3), min_size=1, max_size=6))
def test_strength_of_a_chain_is_the_mean_of_its_edges(strengths: list[int]) -> None:
    def element(key: str, kind: str, owner: str | None) -> ElementRecord:
        return ElementRecord(None, None, key, kind, key, None, None, None, owner, (), (), (), None)

    chain = [f"n{i}" for i in range(len(strengths))]
    elements = [element(chain[0], "institutional_objective", "x")]
    elements += [element(k, "programme", None) for k in chain[1:]]
    elements.append(element("goal", "policy_objective", None))
    ends = [*chain, "goal"]
    edges = [contribution(i + 1, ends[i], ends[i + 1], s) for i, s in enumerate(strengths)]
    result = alignment(elements, edges)
    assert result.actor("x").strength == pytest.approx(sum(strengths) / len(strengths))
