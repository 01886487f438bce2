"""Coordination gaps (M2): required pairs from strong interactions, covered by exchange or rules."""

from __future__ import annotations

import pytest
from measure_case_builders import (
    actor,
    code,
    coding,
    document,
    element,
    evidence,
    interaction,
    snapshot,
    tie,
)

from concierto.measures.gaps import Cell, GapsError, coordination_gaps, gaps_of_case, median_cells
from concierto.snapshot import CaseSnapshot


def case() -> CaseSnapshot:
    return snapshot(
        actors=(
            actor("a", name="Agencia Alfa", acronym="AA"),
            actor("b", name="Agencia Beta", acronym="AB"),
            actor("c", name="Agencia Gamma", acronym="AG"),
        ),
        elements=(
            element("p", owner="a"),
            element("q", responsible=("b", "c")),
            element("r", kind="programme", executors=(("c", None),)),
        ),
        interactions=(
            interaction(1, "p", "q", 2, "r1"),
            interaction(2, "p", "q", 3, "r2"),  # median 2.5: a-b and a-c required
            interaction(3, "q", "r", -3),  # b-c required (c-c is no pair)
            interaction(4, "p", "r", 1),  # too weak
        ),
        ties=(
            tie(1, "a", "b", "information_exchange"),
            tie(2, "c", "b", "interaction_rule"),  # reverse direction still covers b-c
            tie(3, "a", "c", "consultation"),  # consultation does not cover
        ),
    )


def test_required_pairs_stakes_and_the_ranked_gap_list() -> None:
    result = gaps_of_case(case())
    assert [(r.actors, r.stakes, r.covered) for r in result.required] == [
        (("b", "c"), 3.0, True),
        (("a", "b"), 2.5, True),
        (("a", "c"), 2.5, False),
    ]
    assert [g.actors for g in result.gaps] == [("a", "c")]
    assert result.covered_share == pytest.approx(2 / 3)
    assert result.required[0].covering_ties == ("tie:2",)
    assert result.required[0].cells == (("q", "r", -3.0),)
    assert result.gaps[0].evidence == ("interaction:1", "interaction:2")


def test_threshold_is_a_parameter() -> None:
    result = gaps_of_case(case(), threshold=3)
    assert [r.actors for r in result.required] == [("b", "c")]
    assert result.covered_share == 1.0
    assert gaps_of_case(case(), threshold=4).covered_share is None
    with pytest.raises(GapsError, match="positive"):
        gaps_of_case(case(), threshold=0)


def test_evidence_ties_close_a_gap() -> None:
    text = "La Agencia Alfa envía informes a la Agencia Gamma."
    ev = evidence(
        documents=(document("d1", text),),
        codes=(code("info", {"layer": "information_exchange"}),),
        codings=(coding(7, "d1", 0, len(text), "info"),),
    )
    result = gaps_of_case(case(), ev)
    assert result.gaps == () and result.covered_share == 1.0
    assert result.required[2].covering_ties == ("seg:7",)


def test_stakes_add_over_cells_and_unknown_elements_are_named() -> None:
    cells = [Cell("p", "q", 2.0, ("i:1",)), Cell("q", "p", -3.0, ("i:2",))]
    result = coordination_gaps(cells, {"p": ("a",), "q": ("b",)}, [])
    assert [(r.actors, r.stakes) for r in result.required] == [(("a", "b"), 5.0)]
    assert result.covered_share == 0.0
    with pytest.raises(GapsError, match="unknown element 'z'"):
        coordination_gaps([Cell("p", "z", 3.0, ())], {"p": ("a",)}, [])


def test_median_cells_over_raters() -> None:
    cells = median_cells(case().interactions)
    assert [(c.source, c.target, c.value) for c in cells] == [
        ("p", "q", 2.5),
        ("q", "r", -3.0),
        ("p", "r", 1.0),
    ]
