"""The network measures and exports at a larger scale than any policy case (also a benchmark).

Run ``python tests/measures/test_network_scale.py [actors] [ties]`` to print timings.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from concierto.interop.graphs import GraphFormat, export_graph
from concierto.measures.brokerage import gould_fernandez, structural_holes
from concierto.measures.network import betweenness, ei_index, summarise
from concierto.measures.network_input import LAYERS, ActorNode, TieRecord, build_graph

SECTORS = ("pcm", "mef", "minedu", "minsa")


def random_case(actors: int, ties: int, seed: int = 1) -> tuple[list[ActorNode], list[TieRecord]]:
    """A reproducible random multiplex case with ``actors`` actors and ``ties`` tie records."""
    rnd = random.Random(seed)
    nodes = [
        ActorNode(f"a{i}", f"Actor {i}", "agency", rnd.choice(SECTORS), i < 5)
        for i in range(actors)
    ]
    records = []
    for index in range(ties):
        source, target = rnd.sample(range(actors), 2)
        records.append(
            TieRecord(
                f"a{source}", f"a{target}", rnd.choice(LAYERS), 1.0, "declared", (f"s{index}",)
            )
        )
    return nodes, records


def timed(label: str, timings: dict[str, float], work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    timings[label] = time.perf_counter() - start
    return result


def run(actors: int, ties: int, folder: Path) -> dict[str, float]:
    """Every measure and export once; returns seconds per step and checks a few invariants."""
    timings: dict[str, float] = {}
    nodes, records = random_case(actors, ties)
    graph = timed("build", timings, lambda: build_graph(nodes, records))
    grouping = {node.id: str(node.sector) for node in nodes}
    summary = timed("summary", timings, lambda: summarise(graph))
    timed("betweenness", timings, lambda: betweenness(graph))
    timed("ei", timings, lambda: ei_index(graph, grouping))
    brokerage = timed("brokerage", timings, lambda: gould_fernandez(graph, grouping))
    holes = timed("burt", timings, lambda: structural_holes(graph))
    for fmt in GraphFormat:
        target = folder / f"g.{fmt.value}"
        timed(fmt.value, timings, partial(export_graph, graph, target, fmt))
    adjacency = nx.to_numpy_array(graph, nodelist=sorted(graph), weight=None)
    open_paths = (adjacency @ adjacency) * (1 - adjacency)
    np.fill_diagonal(open_paths, 0)
    assert len(brokerage.paths) == int(open_paths.sum())
    assert summary.ties == graph.number_of_edges()
    assert len(holes.by_actor) == actors
    return timings


@pytest.mark.slow
def test_measures_and_exports_at_scale(tmp_path: Path) -> None:
    timings = run(200, 2000, tmp_path)
    assert sum(timings.values()) < 20.0


if __name__ == "__main__":
    import tempfile

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with tempfile.TemporaryDirectory() as scratch:
        for step, seconds in run(size, count, Path(scratch)).items():
            print(f"{step:>12}: {seconds:.3f} s")
