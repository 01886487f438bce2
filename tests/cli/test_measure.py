"""``concierto measure ...`` and ``concierto export-graph`` on the hand-made mini case.

Mini case, worked by hand: ministry min-a (centre of government) with agency ag-1 and line unit
unit-2 attached; ties min-a -> ag-1 (authority, tie:1) and ag-1 -> unit-2 (information exchange,
tie:2); commission min-a + ag-1 at level 5 (case mapping), an assessment that level 3 does not
hold; programme prog-1 executed 600 / 400; interactions ag1-oei1 -> p1 (2 and -1: median 0.5)
and p1 -> prog-1 (3).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

import concierto.cli.measure  # registers the sub-app and export-graph
from concierto.cli.app import app
from concierto.cli.casecmds import load_folder

assert concierto.cli.measure.measure_app is not None
runner = CliRunner()


@pytest.fixture
def db(db_path: Path, mini_case: Path) -> str:
    load_folder(mini_case, str(db_path), replace=True)
    return str(db_path)


def run(db: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", db, "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result.stdout  # notes on an empty result go to stderr


def rows(db: str, *args: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(run(db, "measure", *args, "--format", "json"))
    return loaded


def test_structure_summary_series_churn_budgets(db: str) -> None:
    summary = {r["figure"]: r["value"] for r in rows(db, "structure")}
    assert summary["actors"] == 3 and summary["agencification"] == 0.5
    assert summary["span_mean"] == 2 and summary["centre_span:min-a"] == 2
    assert summary["depth"] == 1
    before = {r["figure"]: r["value"] for r in rows(db, "structure", "--date", "2007")}
    assert before["actors"] == 2 and before["agencification"] == 0.0
    series = rows(db, "structure", "--view", "series")
    assert [r["year"] for r in series] == [2008, 2009, 2010]
    churn = rows(db, "structure", "--view", "churn")
    assert [(r["year"], r["created"], r["reattached"]) for r in churn] == [
        (2008, 1, 0),
        (2009, 0, 0),
        (2010, 0, 1),
    ]
    budgets = {r["scope"]: r for r in rows(db, "structure", "--view", "budgets")}
    assert budgets["prog-1"]["hhi"] == pytest.approx(0.52)
    assert budgets["prog-1"]["effective_number"] == pytest.approx(1 / 0.52)


def test_network_layers_and_union(db: str) -> None:
    table = {r["layer"]: r for r in rows(db, "network")}
    assert table["union"]["ties"] == 2
    assert table["union"]["density"] == pytest.approx(2 / 6)
    assert table["information_exchange"]["evidence"] == ["seg:1", "seg:2", "tie:2"]
    only = rows(db, "network", "--layer", "authority")
    assert [(r["layer"], r["ties"]) for r in only] == [("authority", 1)]


def test_brokerage_paths_by_sector(db: str) -> None:
    paths = rows(db, "brokerage", "--view", "paths", "--group-by", "sector")
    assert [(p["source"], p["broker"], p["target"], p["role"]) for p in paths] == [
        ("min-a", "ag-1", "unit-2", "coordinator")
    ]


def test_metcalfe_pairs_policy_and_actors(db: str) -> None:
    pairs = rows(db, "metcalfe")
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair["actor_a"], pair["actor_b"], pair["score"]) == ("ag-1", "min-a", 1)
    assert (pair["gaps"], pair["denied"]) == ([5], [3])
    assert pair["evidence"] == ["assessment:1", "mechanism:comision"]
    policy = rows(db, "metcalfe", "--view", "policy")
    assert [r["status"] for r in policy if r["level"] in (3, 5)] == ["denied", "satisfied"]
    medians = rows(db, "metcalfe", "--view", "actors")
    assert [(r["actor"], r["median"]) for r in medians] == [("ag-1", 1.0), ("min-a", 1.0)]
    assert "CR 0.875" in run(db, "measure", "metcalfe")


def test_gaps_required_pair_covered_by_information_exchange(db: str) -> None:
    assert rows(db, "gaps") == []
    required = rows(db, "gaps", "--all")
    assert [(r["actor_a"], r["actor_b"], r["stakes"], r["covered"]) for r in required] == [
        ("ag-1", "unit-2", 3.0, True)
    ]
    assert required[0]["covering_ties"] == ["seg:1", "seg:2", "tie:2"]
    assert rows(db, "gaps", "--all", "--threshold", "4") == []


def test_export_graph_round_trips(db: str, tmp_path: Path) -> None:
    gexf = tmp_path / "net.gexf"
    run(db, "export-graph", str(gexf))
    graph = nx.read_gexf(gexf)
    assert sorted(graph.nodes) == ["ag-1", "min-a", "unit-2"]
    assert graph.nodes["min-a"]["kind"] == "ministry"
    assert graph.nodes["min-a"]["centre_of_government"] is True
    assert graph.edges["ag-1", "unit-2"]["layer"] == "information_exchange"
    assert graph.edges["ag-1", "unit-2"]["weight"] == 2.0
    assert graph.edges["ag-1", "unit-2"]["origin"] == "evidence"
    graphml = tmp_path / "net.graphml"
    run(db, "export-graph", str(graphml), "--format", "graphml", "--layer", "authority")
    authority = nx.read_graphml(graphml)
    assert list(authority.edges) == [("min-a", "ag-1")]
    kumu = tmp_path / "net.json"
    run(db, "export-graph", str(kumu), "--format", "kumu-json")
    blueprint = json.loads(kumu.read_text("utf-8"))
    assert len(blueprint["elements"]) == 3 and len(blueprint["connections"]) == 2
    edges = tmp_path / "net.csv"
    out = run(db, "export-graph", str(edges), "--format", "csv")
    assert "net-nodes.csv" in out
    table = list(csv.DictReader(io.StringIO(edges.read_text("utf-8"))))
    assert sorted((r["Source"], r["Target"]) for r in table) == [
        ("ag-1", "unit-2"),
        ("min-a", "ag-1"),
    ]


def test_errors_are_named(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", db, "--lang", "en", "measure", "network", "--layer", "x"])
    assert result.exit_code == 1 and "Unknown layer x" in result.output
    result = runner.invoke(
        app, ["--db", db, "--lang", "en", "measure", "brokerage", "--group-by", "bloc"]
    )
    assert result.exit_code == 1 and "'bloc'" in result.output
    missing = str(tmp_path / "none.db")
    result = runner.invoke(app, ["--db", missing, "--lang", "en", "measure", "gaps"])
    assert result.exit_code == 1 and "No database" in result.output


def test_spanish_title(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "--lang", "es", "measure", "gaps"])
    assert result.exit_code == 0
    assert "Brechas de coordinación" in result.output
