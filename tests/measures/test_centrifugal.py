"""Centrifugal index on the designed case tests/fixtures/cases/align (worked by hand).

a owns a1 (budget 100, reaches p1) and a2 (budget 300, reaches nothing): weighted by budget,
300 / 400 = 0.75. b owns b1 (budget 100, reaches p2) and b2 (no budget; its only edge has a
negative score): not every objective has a budget, so equal weights, 1 / 2. c owns c1 and c2,
both reaching p2: 0. d is responsible for p3 but owns nothing. Policy: (0.75 + 0.5 + 0) / 3.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concierto.casefile.read import read_case_folder
from concierto.measures.centrifugal import centrifugal, centrifugal_of_case
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


def test_actor_indices_by_budget_or_equally(snapshot: CaseSnapshot) -> None:
    result = centrifugal_of_case(snapshot)
    a, b, c = result.actor("a"), result.actor("b"), result.actor("c")
    assert (a.index, a.weighting, a.centrifugal) == (0.75, "budget", ("a2",))
    assert (b.index, b.weighting, b.centrifugal) == (0.5, "equal", ("b2",))
    assert (c.index, c.weighting, c.centrifugal) == (0.0, "equal", ())
    assert {"actor:a", "element:a1", "element:a2", "contribution:1", "contribution:6"} <= set(
        a.evidence
    )
    # The ignored negative score is not evidence of a contribution.
    assert "contribution:3" not in b.evidence


def test_policy_value_is_the_mean_over_responsible_actors(snapshot: CaseSnapshot) -> None:
    policy = centrifugal_of_case(snapshot).policy("pol")
    assert policy.value == pytest.approx((0.75 + 0.5 + 0.0) / 3)
    assert policy.actors == ("a", "b", "c") and policy.unmeasured == ("d",)


def test_a_new_contribution_pulls_an_actor_in(snapshot: CaseSnapshot) -> None:
    extra = ContributionRecord("illustrative", None, "contribution:9", "a2", "p1", 1, None)
    result = centrifugal(snapshot.elements, (*snapshot.contributions, extra))
    assert result.actor("a").index == 0.0
    assert result.policy("pol").value == pytest.approx(0.5 / 3)


def test_a_zero_budget_falls_back_to_equal_weights(snapshot: CaseSnapshot) -> None:
    elements = tuple(replace(e, budget=0.0) if e.id == "a1" else e for e in snapshot.elements)
    result = centrifugal(elements, snapshot.contributions)
    assert (result.actor("a").index, result.actor("a").weighting) == (0.5, "equal")


@given(st.lists(st.tuples(st.booleans(), st.floats(1, 1e6)), min_size=1, max_size=8))
def test_index_is_the_budget_share_of_loose_objectives(items: list[tuple[bool, float]]) -> None:
    def element(key: str, kind: str, owner: str | None, budget: float | None) -> ElementRecord:
        return ElementRecord(
            None, None, key, kind, key, "pol", None, None, owner, ("x",), (), (), budget
        )

    elements = [element("goal", "policy_objective", None, None)]
    edges = []
    for n, (linked, budget) in enumerate(items):
        elements.append(element(f"o{n}", "institutional_objective", "x", budget))
        if linked:
            edges.append(
                ContributionRecord(None, None, f"contribution:{n}", f"o{n}", "goal", 2, None)
            )
    result = centrifugal(elements, edges)
    loose = sum(budget for linked, budget in items if not linked)
    assert result.actor("x").index == pytest.approx(loose / sum(b for _, b in items))
    assert 0.0 <= result.actor("x").index <= 1.0
    assert result.policy("pol").value == pytest.approx(result.actor("x").index)
