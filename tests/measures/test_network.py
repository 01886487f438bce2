"""Whole-network measures on hand-worked graphs, against networkx, and as properties."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.measures.network import (
    betweenness,
    components,
    degree_centralisation,
    density,
    ei_index,
    fragmentation,
    reciprocity,
    summarise,
)
from concierto.measures.network_input import NetworkInputError


def tied(edges: Iterable[tuple[str, str]], nodes: Iterable[str] = ()) -> nx.DiGraph:
    """A directed graph whose every edge u→v carries the evidence id ``u>v``."""
    graph = nx.DiGraph(layer="joint_work")
    graph.add_nodes_from(nodes)
    for source, target in edges:
        graph.add_edge(source, target, evidence=(f"{source}>{target}",), weight=1.0)
    return graph


# a ⇄ b → c → d : hand-worked below.
CHAIN = tied([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])


def test_density_and_reciprocity_by_hand() -> None:
    assert density(CHAIN).value == pytest.approx(4 / 12)
    assert density(CHAIN).evidence == ("a>b", "b>a", "b>c", "c>d")
    figure = reciprocity(CHAIN)
    assert figure.value == pytest.approx(2 / 4)
    assert figure.evidence == ("a>b", "b>a")


def test_degree_centralisation_by_hand() -> None:
    inward = degree_centralisation(CHAIN, "in")
    assert inward.degrees == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert inward.value == 0.0
    outward = degree_centralisation(CHAIN, "out")
    assert outward.degrees == {"a": 1, "b": 2, "c": 1, "d": 0}
    # (2−1) + (2−2) + (2−1) + (2−0) = 4 over (n−1)² = 9.
    assert outward.value == pytest.approx(4 / 9)


def test_a_directed_star_is_fully_centralised() -> None:
    star = tied([("b", "a"), ("c", "a"), ("d", "a")])
    assert degree_centralisation(star, "in").value == pytest.approx(1.0)
    assert degree_centralisation(star, "out").value == pytest.approx(1 / 9)


def test_betweenness_by_hand_and_as_networkx() -> None:
    raw = betweenness(CHAIN, normalized=False).values
    # b lies on a→c and a→d; c lies on a→d and b→d.
    assert raw == {"a": 0.0, "b": 2.0, "c": 2.0, "d": 0.0}
    scaled = betweenness(CHAIN).values
    assert scaled is not None
    assert scaled["b"] == pytest.approx(2 / 6)
    assert scaled == pytest.approx(nx.betweenness_centrality(CHAIN))


def test_components_by_hand() -> None:
    weak = components(CHAIN, "weak")
    assert weak.groups == (("a", "b", "c", "d"),)
    assert weak.largest_share == 1.0
    strong = components(CHAIN, "strong")
    assert strong.groups == (("a", "b"), ("c",), ("d",))
    assert strong.count == 3
    assert strong.largest_share == 0.5


def test_fragmentation_and_its_distance_weighted_form_differ_on_a_chain() -> None:
    result = fragmentation(CHAIN)
    # Reachable ordered pairs: a→b,c,d; b→a,c,d; c→d = 7 of 12.
    assert result.reachable_pairs == 7
    assert result.value == pytest.approx(1 - 7 / 12)
    # 1/d: a: 1 + 1/2 + 1/3; b: 1 + 1 + 1/2; c: 1  → 16/3.
    assert result.inverse_distance_sum == pytest.approx(16 / 3)
    assert result.distance_weighted == pytest.approx(1 - (16 / 3) / 12)
    assert result.distance_weighted != pytest.approx(result.value)


def test_fragmentation_extremes() -> None:
    complete = tied([(u, v) for u in "abc" for v in "abc" if u != v])
    assert fragmentation(complete).value == 0.0
    assert fragmentation(complete).distance_weighted == pytest.approx(0.0)
    empty_of_ties = tied([], nodes="abc")
    assert fragmentation(empty_of_ties).value == 1.0
    assert fragmentation(empty_of_ties).distance_weighted == 1.0


def test_ei_index_by_hand_with_per_group_values() -> None:
    graph = tied([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")], nodes="e")
    grouping = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z"}
    result = ei_index(graph, grouping)
    assert (result.external, result.internal) == (1, 3)
    assert result.value == pytest.approx(-0.5)
    x, y, z = (result.by_group[name] for name in "XYZ")
    assert (x.external, x.internal, x.members) == (1, 2, ("a", "b"))
    assert x.value == pytest.approx(-1 / 3)
    assert x.evidence == ("a>b", "b>a", "b>c")
    assert (y.external, y.internal) == (1, 1)
    assert y.value == 0.0
    assert y.evidence == ("b>c", "c>d")
    assert z.value is None
    assert z.reason == "the group has no ties"


def test_ei_index_extremes_and_missing_groups() -> None:
    graph = tied([("a", "b"), ("b", "c")])
    assert ei_index(graph, dict.fromkeys("abc", "same")).value == -1.0
    assert ei_index(graph, {"a": "1", "b": "2", "c": "3"}).value == 1.0
    with pytest.raises(NetworkInputError, match=r"\['c'\]"):
        ei_index(graph, {"a": "1", "b": "2"})


@pytest.mark.parametrize("nodes", [(), ("solo",)])
def test_empty_and_single_actor_networks_are_undefined_not_errors(nodes: tuple[str, ...]) -> None:
    graph = tied([], nodes=nodes)
    summary = summarise(graph)
    assert summary.actors == len(nodes)
    for figure in (
        summary.density,
        summary.reciprocity,
        summary.in_centralisation,
        summary.out_centralisation,
    ):
        assert figure.value is None
        assert figure.reason
    assert summary.fragmentation.value is None
    assert summary.fragmentation.distance_weighted is None
    assert summary.fragmentation.reason
    assert betweenness(graph).values is None
    assert ei_index(graph, dict.fromkeys(nodes, "g")).value is None


def test_reciprocity_without_ties() -> None:
    figure = reciprocity(tied([], nodes="ab"))
    assert figure.value is None
    assert figure.reason == "the network has no ties"


def test_summary_of_a_layer() -> None:
    summary = summarise(CHAIN)
    assert summary.layer == "joint_work"
    assert (summary.actors, summary.ties) == (4, 4)
    assert summary.strong_components.count == 3
    assert summary.fragmentation.value == pytest.approx(5 / 12)


@st.composite
def digraphs(draw: st.DrawFn, symmetric: bool = False) -> nx.DiGraph:
    size = draw(st.integers(min_value=2, max_value=9))
    names = [f"n{index}" for index in range(size)]
    pairs = [(u, v) for u in names for v in names if (u < v if symmetric else u != v)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    if symmetric:
        chosen = chosen + [(v, u) for u, v in chosen]
    return tied(chosen, nodes=names)


@settings(max_examples=60, deadline=None)
@given(digraphs())
def test_agreement_with_networkx(graph: nx.DiGraph) -> None:
    assert density(graph).value == pytest.approx(nx.density(graph))
    if graph.number_of_edges():
        assert reciprocity(graph).value == pytest.approx(nx.overall_reciprocity(graph))
    assert components(graph, "weak").count == nx.number_weakly_connected_components(graph)
    assert components(graph, "strong").count == nx.number_strongly_connected_components(graph)
    for direction in ("in", "out"):
        value = degree_centralisation(graph, direction).value
        assert value is not None
        assert 0.0 <= value <= 1.0 + 1e-12
    result = fragmentation(graph)
    assert result.value is not None
    assert result.distance_weighted is not None
    assert result.distance_weighted >= result.value - 1e-12


@settings(max_examples=60, deadline=None)
@given(digraphs(symmetric=True))
def test_symmetric_fragmentation_follows_components_and_efficiency(graph: nx.DiGraph) -> None:
    n = graph.number_of_nodes()
    sizes = [len(group) for group in nx.weakly_connected_components(graph)]
    result = fragmentation(graph)
    assert result.value == pytest.approx(1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1)))
    undirected = graph.to_undirected()
    assert result.distance_weighted == pytest.approx(1 - nx.global_efficiency(undirected))


@settings(max_examples=60, deadline=None)
@given(digraphs(), st.lists(st.sampled_from("XYZ"), min_size=9, max_size=9))
def test_ei_counts_partition_the_ties(graph: nx.DiGraph, labels: list[str]) -> None:
    grouping = dict(zip(sorted(graph), labels, strict=False))
    result = ei_index(graph, grouping)
    assert result.external + result.internal == graph.number_of_edges()
    assert sum(group.internal for group in result.by_group.values()) == result.internal
    assert sum(group.external for group in result.by_group.values()) == 2 * result.external
    if result.value is not None:
        assert -1.0 <= result.value <= 1.0
