"""Gould–Fernandez brokerage and Burt's structural holes on hand-worked graphs and vs networkx."""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.measures.brokerage import (
    ROLES,
    brokerage_role,
    gould_fernandez,
    structural_holes,
)
from concierto.measures.network_input import NetworkInputError


def tied(edges: Iterable[tuple[str, str]], nodes: Iterable[str] = ()) -> nx.DiGraph:
    """A directed graph whose every edge u→v carries the evidence id ``u>v``."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for source, target in edges:
        graph.add_edge(source, target, evidence=(f"{source}>{target}",), weight=1.0)
    return graph


TWO_PATH = tied([("a", "b"), ("b", "c")])


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ("XXX", "coordinator"),
        ("XYX", "itinerant"),
        ("XXY", "representative"),
        ("YXX", "gatekeeper"),
        ("XYZ", "liaison"),
    ],
)
def test_one_example_per_role(groups: str, role: str) -> None:
    grouping = dict(zip("abc", groups, strict=True))
    assert brokerage_role(*groups) == role
    result = gould_fernandez(TWO_PATH, grouping)
    broker = result.by_actor["b"]
    assert broker.counts == {name: int(name == role) for name in ROLES}
    assert broker.total == 1
    assert broker.evidence == ("a>b", "b>c")
    assert result.by_actor["a"].total == 0
    assert result.by_actor["c"].total == 0
    assert result.totals[role] == 1
    assert [(p.source, p.broker, p.target, p.role) for p in result.paths] == [("a", "b", "c", role)]


def test_closed_and_returning_paths_are_not_brokerage() -> None:
    grouping = dict.fromkeys("abc", "X")
    closed = tied([("a", "b"), ("b", "c"), ("a", "c")])
    assert gould_fernandez(closed, grouping).by_actor["b"].total == 0
    # Only a tie a → c closes the path; c → a does not.
    reverse = tied([("a", "b"), ("b", "c"), ("c", "a")])
    result = gould_fernandez(reverse, grouping)
    assert result.by_actor["b"].total == 1
    # The cycle gives every actor one open path (c→a→b, a→b→c, b→c→a).
    assert {actor: entry.total for actor, entry in result.by_actor.items()} == dict.fromkeys(
        "abc", 1
    )
    back_and_forth = tied([("a", "b"), ("b", "a")])
    assert gould_fernandez(back_and_forth, {"a": "X", "b": "Y"}).paths == ()


def test_mixed_broker_counts_by_hand() -> None:
    # PCM units p1, p2; MEF unit m; agency s (own group). p1 → m → p2, s → m → p2, p1 → m → s.
    graph = tied([("p1", "m"), ("s", "m"), ("m", "p2"), ("m", "s")])
    grouping = {"p1": "PCM", "p2": "PCM", "m": "MEF", "s": "AG"}
    broker = gould_fernandez(graph, grouping).by_actor["m"]
    assert broker.counts == {
        "coordinator": 0,
        "itinerant": 1,  # p1 → m → p2
        "representative": 0,
        "gatekeeper": 0,
        "liaison": 2,  # s → m → p2 and p1 → m → s
    }
    assert broker.evidence == ("m>p2", "m>s", "p1>m", "s>m")


def test_brokerage_needs_a_group_for_everyone() -> None:
    with pytest.raises(NetworkInputError, match=r"\['c'\]"):
        gould_fernandez(TWO_PATH, {"a": "X", "b": "X"})
    empty = gould_fernandez(tied([], nodes="ab"), {"a": "X", "b": "Y"})
    assert empty.paths == ()
    assert empty.reason


@st.composite
def digraphs(draw: st.DrawFn) -> tuple[nx.DiGraph, dict[str, str]]:
    size = draw(st.integers(min_value=1, max_value=8))
    names = [f"n{index}" for index in range(size)]
    pairs = [(u, v) for u in names for v in names if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    groups = draw(st.lists(st.sampled_from("XYZ"), min_size=size, max_size=size))
    return tied(chosen, nodes=names), dict(zip(names, groups, strict=True))


@settings(max_examples=60, deadline=None)
@given(digraphs())
def test_brokered_paths_are_every_open_two_path(case: tuple[nx.DiGraph, dict[str, str]]) -> None:
    graph, grouping = case
    adjacency = nx.to_numpy_array(graph, nodelist=sorted(graph), weight=None)
    two_steps = adjacency @ adjacency
    open_paths = two_steps * (1 - adjacency)
    np.fill_diagonal(open_paths, 0)
    result = gould_fernandez(graph, grouping)
    assert len(result.paths) == int(open_paths.sum())
    assert sum(result.totals.values()) == len(result.paths)
    one_group = gould_fernandez(graph, dict.fromkeys(graph, "X"))
    assert one_group.totals["coordinator"] == len(result.paths)


def test_burt_on_an_open_star() -> None:
    star = tied([("e", "a"), ("e", "b"), ("e", "c")])
    ego = structural_holes(star).by_actor["e"]
    assert ego.contacts == 3
    assert ego.constraint == pytest.approx(3 * (1 / 3) ** 2)
    assert ego.effective_size == pytest.approx(3.0)
    assert ego.efficiency == pytest.approx(1.0)
    assert ego.hierarchy == pytest.approx(0.0)
    leaf = structural_holes(star).by_actor["a"]
    assert leaf.constraint == pytest.approx(1.0)
    assert leaf.hierarchy is None
    assert leaf.hierarchy_reason == "hierarchy needs at least two contacts"


def test_burt_on_a_closed_triangle() -> None:
    triangle = tied([(u, v) for u in "abc" for v in "abc" if u != v])
    ego = structural_holes(triangle).by_actor["a"]
    # p = 1/2 to each contact; c_ab = (1/2 + 1/2·1/2)² = 9/16.
    assert ego.constraint == pytest.approx(2 * 9 / 16)
    # Each contact is half redundant: ES = 2 × (1 − 1/2).
    assert ego.effective_size == pytest.approx(1.0)
    assert ego.efficiency == pytest.approx(0.5)
    assert ego.hierarchy == pytest.approx(0.0)


def test_burt_hierarchy_by_hand() -> None:
    # Ego e reaches a, b, c; a is tied to b. Every p_e· = 1/3, p_ab = p_ba = 1/2.
    graph = tied([("e", "a"), ("e", "b"), ("e", "c"), ("a", "b")])
    ego = structural_holes(graph).by_actor["e"]
    c_ea = (1 / 3 + 1 / 3 * 1 / 2) ** 2
    c_ec = (1 / 3) ** 2
    total = 2 * c_ea + c_ec
    assert ego.constraint == pytest.approx(total)
    ratios = [c / (total / 3) for c in (c_ea, c_ea, c_ec)]
    expected = sum(r * math.log(r) for r in ratios) / (3 * math.log(3))
    assert ego.hierarchy == pytest.approx(expected)
    assert ego.hierarchy == pytest.approx(0.0522, abs=1e-4)
    # Borgatti's shortcut for binary data: n − 2t/n = 3 − 2/3.
    assert ego.effective_size == pytest.approx(7 / 3)
    assert ego.efficiency == pytest.approx(7 / 9)
    assert ego.evidence == ("a>b", "e>a", "e>b", "e>c")


def test_burt_is_undefined_for_isolates_and_zero_weights() -> None:
    graph = tied([("a", "b")], nodes="z")
    graph.edges["a", "b"]["weight"] = 0.0
    isolate = structural_holes(graph).by_actor["z"]
    assert (isolate.constraint, isolate.effective_size, isolate.reason) == (
        None,
        None,
        "no contacts",
    )
    weightless = structural_holes(graph, weight="weight").by_actor["a"]
    assert weightless.constraint is None
    assert weightless.reason == "every tie of this actor has zero weight"


@st.composite
def weighted_digraphs(draw: st.DrawFn) -> nx.DiGraph:
    size = draw(st.integers(min_value=2, max_value=8))
    names = [f"n{index}" for index in range(size)]
    pairs = [(u, v) for u in names for v in names if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1))
    graph = tied(chosen, nodes=names)
    for source, target in chosen:
        graph.edges[source, target]["weight"] = draw(st.sampled_from([1.0, 2.0, 3.5]))
    return graph


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_burt_agrees_with_networkx(graph: nx.DiGraph) -> None:
    for weight in (None, "weight"):
        ours = structural_holes(graph, weight=weight).by_actor
        constraint = nx.constraint(graph, weight=weight)
        # networkx 3.6.1's whole-graph (sparse) path of effective_size is wrong on weighted and
        # directed graphs (row maxima broadcast along columns; networkx PR #8906), so compare
        # with its per-node path, which follows Burt's formula.
        effective = nx.effective_size(graph, nodes=list(graph), weight=weight)
        for node, ego in ours.items():
            if ego.contacts == 0:
                assert math.isnan(constraint[node])
                assert ego.constraint is None
                continue
            assert ego.constraint == pytest.approx(constraint[node])
            # The per-node path also skips actors without out-ties (networkx issue #2661).
            if graph.out_degree(node):
                assert ego.effective_size == pytest.approx(effective[node])
            assert ego.effective_size is not None
            assert ego.efficiency == pytest.approx(ego.effective_size / ego.contacts)
            if ego.hierarchy is not None:
                assert -1e-12 <= ego.hierarchy <= 1.0 + 1e-12


def test_effective_size_where_networkx_fast_path_errs() -> None:
    # Ego 0 with contacts 1, 2 and 3 (0 ⇄ 3). p = (1/4, 1/4, 1/2); redundancies 1/2, 1/2, 1/4.
    graph = tied([("0", "1"), ("0", "3"), ("1", "3"), ("2", "0"), ("2", "3"), ("3", "0")])
    assert structural_holes(graph).by_actor["0"].effective_size == pytest.approx(1.75)
