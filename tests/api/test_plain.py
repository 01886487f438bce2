"""Measures on plain data (no database): designed inputs with hand-worked values, and clear
errors on bad input."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import concierto
from concierto.measures.crossimpact import CrossImpactInputError

EDGES = [("a", "b"), ("b", "a"), ("b", "c")]


def test_network_figures_from_an_edge_list() -> None:
    (row,) = concierto.network_figures(EDGES, nodes=["d"]).to_records()
    assert (row["actors"], row["ties"]) == (4, 3)
    assert row["density"] == pytest.approx(3 / 12)
    assert row["reciprocity"] == pytest.approx(2 / 3)  # a->b and b->a of three ties
    assert (row["weak_components"], row["strong_components"]) == (2, 3)
    assert row["largest_weak_share"] == pytest.approx(3 / 4)


def test_every_form_of_network_gives_the_same_figures() -> None:
    expected = concierto.network_figures(EDGES).to_records()
    frame = pd.DataFrame(EDGES, columns=["source", "target"])
    assert concierto.network_figures(frame).to_records() == expected
    assert concierto.network_figures(nx.DiGraph(EDGES)).to_records() == expected
    records = [{"from": s, "to": t, "weight": 2} for s, t in EDGES]
    assert concierto.network_figures(records).to_records() == expected
    multi = nx.MultiDiGraph([*EDGES, ("b", "c")])
    assert concierto.network_figures(multi).to_records()[0]["ties"] == 3


def test_actor_figures() -> None:
    rows = {r["actor"]: r for r in concierto.actor_figures(EDGES)}
    assert (rows["b"]["in_degree"], rows["b"]["out_degree"]) == (1, 2)
    assert rows["b"]["betweenness"] == pytest.approx(0.5)  # on a -> c of (3-1)(3-2) pairs


def test_bad_edges_are_named() -> None:
    with pytest.raises(concierto.InputError, match="edges, row 2: a tie from 'b' to itself"):
        concierto.network_figures([("a", "b"), ("b", "b")])
    with pytest.raises(concierto.InputError, match="edges, row 1: weight 'x' is not a number"):
        concierto.network_figures([("a", "b", "x")])
    with pytest.raises(concierto.InputError, match="edges, row 1: no value for target"):
        concierto.network_figures([{"source": "a"}])
    with pytest.raises(concierto.InputError, match="edges must be a table"):
        concierto.network_figures({"a": "b"})
    with pytest.raises(concierto.InputError, match="edges, row 1: expected a mapping"):
        concierto.network_figures([5])


def test_brokerage_roles_and_paths() -> None:
    groups = {"a": "x", "b": "y", "c": "x"}
    roles = {r["actor"]: r for r in concierto.brokerage_roles([("a", "b"), ("b", "c")], groups)}
    assert roles["b"]["itinerant"] == 1 and roles["b"]["total"] == 1
    same = {"a": "x", "b": "x", "c": "y"}
    paths = concierto.brokerage_roles([("a", "b"), ("b", "c")], same, view="paths")
    assert [(p["broker"], p["role"]) for p in paths] == [("b", "representative")]
    closed = concierto.brokerage_roles([("a", "b"), ("b", "c"), ("a", "c")], groups)
    assert all(r["total"] == 0 for r in closed)  # a reaches c directly: nobody brokers
    with pytest.raises(concierto.InputError, match="groups has no group for c"):
        concierto.brokerage_roles([("a", "b"), ("b", "c")], {"a": "x", "b": "y"})
    with pytest.raises(concierto.InputError, match="groups must map"):
        concierto.brokerage_roles(EDGES, ["x", "y"])  # type: ignore[arg-type]


def test_ei_index() -> None:
    result = concierto.ei_index([("a", "b"), ("a", "c")], {"a": "x", "b": "y", "c": "x"})
    assert result.summary["ei_index"] == 0  # one tie across, one within: (1 - 1) / 2
    whole = result.to_records()[0]
    assert (whole["group"], whole["external"], whole["internal"]) == ("*", 1, 1)


def test_cross_impact_figures_from_a_frame_and_an_array() -> None:
    frame = pd.DataFrame([[0, 2], [-1, 0]], index=["A", "B"], columns=["A", "B"])
    result = concierto.cross_impact_figures(frame)
    rows = {r["id"]: r for r in result}
    # out A = 2, B = -1; second order A = 0.5 * (2 * -1) = -1, B = 0.5 * (-1 * 2) = -1
    assert (rows["A"]["total"], rows["B"]["total"]) == (1, -2)
    assert (rows["A"]["rank"], rows["B"]["rank"]) == (1, 2)
    same = concierto.cross_impact_figures(np.array([[0, 2], [-1, 0]]), ids=["A", "B"])
    assert same.to_records() == result.to_records()
    trade = concierto.cross_impact_figures(frame, view="trade-offs").to_records()
    assert [(t["source"], t["target"], t["score"]) for t in trade] == [("B", "A", -1)]
    assert concierto.cross_impact_figures(frame, w2=0).to_records()[0]["total"] == 2


def test_cross_impact_errors() -> None:
    with pytest.raises(concierto.InputError, match="ids are needed"):
        concierto.cross_impact_figures([[0, 1], [1, 0]])
    crooked = pd.DataFrame([[0, 1], [1, 0]], index=["A", "B"], columns=["B", "A"])
    with pytest.raises(concierto.InputError, match=r"row ids .* differ from its column ids"):
        concierto.cross_impact_figures(crooked)
    with pytest.raises(CrossImpactInputError, match="cell A -> B holds 4"):
        concierto.cross_impact_figures([[0, 4], [1, 0]], ids=["A", "B"])
    with pytest.raises(CrossImpactInputError, match="it must be 3 x 3"):
        concierto.cross_impact_figures([[0, 1], [1, 0]], ids=["A", "B", "C"])
    with pytest.raises(concierto.InputError, match="view='cells'"):
        concierto.cross_impact_figures([[0, 1], [1, 0]], ids=["A", "B"], view="cells")


OBSERVATIONS = [
    {"actor_a": "a", "actor_b": "b", "level": 2, "holds": True, "source": "s1"},
    {"actor_a": "b", "actor_b": "a", "level": 3, "holds": True, "source": "s1"},
    {"actor_a": "a", "actor_b": "b", "level": 3, "holds": True, "source": "s2"},
    {"actor_a": "a", "actor_b": "b", "level": 4, "holds": False, "source": "s1"},
    {"actor_a": "a", "actor_b": "b", "level": 5, "holds": True, "source": "s2", "evidence": "e9"},
    {"actor_a": "a", "actor_b": "c", "level": 2, "holds": True, "source": "s1"},
    {"actor_a": "a", "actor_b": "c", "level": 2, "holds": False, "source": "s2"},
    {"actor_a": None, "actor_b": None, "level": 2, "holds": True, "source": "s3"},
]


def test_metcalfe_levels_by_hand() -> None:
    result = concierto.metcalfe_levels(OBSERVATIONS)
    pairs = {(r["actor_a"], r["actor_b"]): r for r in result}
    # a-b: items 2 and 3 hold, 4 is denied: score 3; 5 holds above the break: a Guttman gap
    assert (pairs["a", "b"]["score"], pairs["a", "b"]["gaps"]) == (3, [5])
    assert pairs["a", "b"]["denied"] == [4] and pairs["a", "b"]["evidence"] == ["e9"]
    # a-c: item 2 supported by one source and denied by another: contested, so score 1
    assert (pairs["a", "c"]["score"], pairs["a", "c"]["contested"]) == (1, [2])
    assert result.summary == {"policy_score": 2, "reproducibility": pytest.approx(1 - 1 / 16)}
    medians = {
        r["actor"]: r["median"] for r in concierto.metcalfe_levels(OBSERVATIONS, view="actors")
    }
    assert medians == {"a": 2.0, "b": 3.0, "c": 1.0}
    frame = pd.DataFrame(OBSERVATIONS)
    assert concierto.metcalfe_levels(frame).to_records() == result.to_records()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"actor_a": "a", "level": 2, "holds": True, "source": "s"}, "two different actors"),
        (
            {"actor_a": "a", "actor_b": "a", "level": 2, "holds": True, "source": "s"},
            "two different actors",
        ),
        (
            {"actor_a": "a", "actor_b": "b", "level": 10, "holds": True, "source": "s"},
            "level 10 is not a whole number from 2 to 9",
        ),
        ({"actor_a": "a", "actor_b": "b", "level": 2.5, "holds": True, "source": "s"}, "level 2.5"),
        (
            {"actor_a": "a", "actor_b": "b", "level": 2, "holds": "maybe", "source": "s"},
            "holds 'maybe' is not true or false",
        ),
        ({"actor_a": "a", "actor_b": "b", "level": 2, "holds": True}, "no value for source"),
    ],
)
def test_metcalfe_errors_name_the_row(row: dict[str, object], message: str) -> None:
    with pytest.raises(concierto.InputError, match=rf"observations, row 2: .*{message}"):
        concierto.metcalfe_levels([OBSERVATIONS[0], row])


WIDE = [[1, 1, 2, 2], [1, 1, 2, 1]]


def test_agreement_by_hand() -> None:
    # coincidences: o11 = 4, o22 = 2, o12 = o21 = 1; n1 = 5, n2 = 3, n = 8
    # alpha = 1 - (n - 1) * (o12 + o21) / (2 * n1 * n2) = 1 - 7 * 2 / 30 = 8 / 15
    result = concierto.agreement(WIDE)
    assert result.summary["alpha"] == pytest.approx(8 / 15)
    (row,) = result.to_records()
    assert (row["coders"], row["units"], row["pairable_values"]) == (2, 4, 8)
    long = [
        {"unit": f"u{u}", "coder": f"c{c}", "value": WIDE[c][u]} for c in range(2) for u in range(4)
    ]
    assert concierto.agreement(long).summary["alpha"] == pytest.approx(8 / 15)
    assert concierto.agreement(pd.DataFrame(long)).value.coder_ids == ("c0", "c1")
    frame = pd.DataFrame(WIDE, index=["ana", "bea"], columns=["u1", "u2", "u3", "u4"])
    assert concierto.agreement(frame).value.unit_ids == ("u1", "u2", "u3", "u4")
    assert concierto.agreement([[1, 1, 2], [1, 1, 2]]).summary["alpha"] == 1


def test_agreement_interval_and_errors() -> None:
    once = concierto.agreement(WIDE, "ordinal", bootstrap=200, seed=3).to_records()
    assert once == concierto.agreement(WIDE, "ordinal", bootstrap=200, seed=3).to_records()
    assert once[0]["ci_low"] <= once[0]["alpha"] <= once[0]["ci_high"]
    with pytest.raises(concierto.InputError, match="level='fancy' is not one of nominal"):
        concierto.agreement(WIDE, "fancy")
    with pytest.raises(concierto.InputError, match="bootstrap must be"):
        concierto.agreement(WIDE, bootstrap=-1)
    twice = [{"unit": "u", "coder": "c", "value": 1}, {"unit": "u", "coder": "c", "value": 2}]
    with pytest.raises(concierto.InputError, match="ratings, row 2: coder 'c' rated unit 'u'"):
        concierto.agreement(twice)
