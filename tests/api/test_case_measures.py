"""``case.measure.*``, the diagnosis and agreement on the mini case: hand-worked values, the
same rows as the CLI's ``--format json``, and errors for bad choices.

Mini case (see ``tests/cli/test_measure.py``): ties min-a -> ag-1 (authority, tie:1) and
ag-1 -> unit-2 (information exchange, tie:2); interactions ag1-oei1 -> p1 rated 2 and -1
(median 0.5) and p1 -> prog-1 rated 3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import concierto
from concierto.api.project import Project
from concierto.cli import load_app

runner = CliRunner()


def cli_json(project: Project, *args: str) -> Any:
    result = runner.invoke(
        load_app(args[0]), ["--db", project.location, "--lang", "en", *args, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_network_by_hand(project: Project) -> None:
    measure = project.case().measure
    info = measure.network(layer="information_exchange", declared_only=True)
    (row,) = info.to_records()
    assert (row["actors"], row["ties"]) == (3, 1)
    assert row["density"] == pytest.approx(1 / 6)  # 1 tie of 3 x 2 ordered pairs
    assert row["reciprocity"] == 0
    assert (row["weak_components"], row["strong_components"]) == (2, 3)
    assert info.evidence == ("seg:1", "seg:2", "tie:2")
    layers = {r["layer"]: r for r in measure.network(declared_only=True)}
    assert layers["union"]["density"] == pytest.approx(2 / 6)
    assert layers["union"]["weak_components"] == 1


def test_network_views_and_graph(project: Project) -> None:
    measure = project.case().measure
    graph = measure.graph()
    assert sorted(graph.edges) == [("ag-1", "unit-2"), ("min-a", "ag-1")]
    actors = {r["actor"]: r for r in measure.network(view="actors")}
    assert actors["ag-1"]["betweenness"] == pytest.approx(0.5)  # 1 of 2 other pairs, normalised
    ei = measure.network(view="ei", group_by="kind")
    assert ei.summary["ei_index"] == pytest.approx(1.0)  # both ties join different kinds
    strong = measure.network(view="components", component="strong")
    assert strong.summary["count"] == 3


def test_brokerage_by_hand(project: Project) -> None:
    roles = {r["actor"]: r for r in project.case().measure.brokerage(group_by="kind")}
    # min-a -> ag-1 -> unit-2: three kinds, so ag-1 is a liaison once.
    assert roles["ag-1"]["liaison"] == 1 and roles["ag-1"]["total"] == 1
    paths = project.case().measure.brokerage(group_by="sector", view="paths").to_records()
    assert [(p["source"], p["broker"], p["target"], p["role"]) for p in paths] == [
        ("min-a", "ag-1", "unit-2", "coordinator")
    ]


def test_crossimpact_by_hand(project: Project) -> None:
    result = project.case().measure.crossimpact()
    rows = {r["id"]: r for r in result}
    # out: p1 = 3, ag1-oei1 = 0.5 (median of 2 and -1); second order = 0.5 * (A @ out)
    assert rows["p1"]["out"] == 3 and rows["ag1-oei1"]["out"] == 0.5
    assert rows["ag1-oei1"]["second_order"] == pytest.approx(0.75)
    assert rows["ag1-oei1"]["total"] == pytest.approx(1.25)
    assert [r["id"] for r in result] == ["p1", "ag1-oei1", "prog-1"]
    heavier = {r["id"]: r for r in project.case().measure.crossimpact(w2=1.0)}
    assert heavier["ag1-oei1"]["total"] == pytest.approx(2.0)
    cells = project.case().measure.crossimpact(view="cells")
    assert {(c["source"], c["target"]): c["median"] for c in cells} == {
        ("ag1-oei1", "p1"): 0.5,
        ("p1", "prog-1"): 3,
    }


def test_metcalfe_and_gaps(project: Project) -> None:
    metcalfe = project.case().measure.metcalfe(declared_only=True)
    (pair,) = metcalfe.to_records()
    # the commission (level 5, case mapping) supports item 5 only; the assessment denies 3;
    # item 2 is absent, so the ladder stops at 1 and item 5 is a Guttman gap.
    assert (pair["actor_a"], pair["actor_b"]) == ("ag-1", "min-a")
    assert (pair["score"], pair["satisfied"], pair["gaps"], pair["denied"]) == (1, [1, 5], [5], [3])
    assert metcalfe.summary == {"policy_score": 1, "reproducibility": pytest.approx(1 - 1 / 8)}
    gaps = project.case().measure.gaps(show_all=True)
    # p1 -> prog-1 = 3 puts ag-1 (lead of p1) and unit-2 (executor of prog-1) in a required
    # pair, covered by the information-exchange tie:2
    (required,) = gaps.to_records()
    assert (required["actor_a"], required["actor_b"], required["stakes"]) == ("ag-1", "unit-2", 3)
    assert required["covered"] and "tie:2" in required["covering_ties"]
    assert gaps.summary["covered_share"] == 1.0
    assert len(project.case().measure.gaps()) == 0
    assert len(project.case().measure.gaps(threshold=3.5, show_all=True)) == 0


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (lambda m: m.structure(), ("measure", "structure")),
        (lambda m: m.structure(view="budgets"), ("measure", "structure", "--view", "budgets")),
        (lambda m: m.network(), ("measure", "network")),
        (lambda m: m.network(view="actors"), ("measure", "network", "--view", "actors")),
        (lambda m: m.network(view="ei"), ("measure", "network", "--view", "ei")),
        (lambda m: m.brokerage(), ("measure", "brokerage")),
        (lambda m: m.brokerage(view="paths"), ("measure", "brokerage", "--view", "paths")),
        (lambda m: m.metcalfe(), ("measure", "metcalfe")),
        (lambda m: m.metcalfe(view="policy"), ("measure", "metcalfe", "--view", "policy")),
        (lambda m: m.metcalfe(view="actors"), ("measure", "metcalfe", "--view", "actors")),
        (
            lambda m: m.gaps(threshold=1, show_all=True),
            ("measure", "gaps", "--threshold", "1", "--all"),
        ),
        (lambda m: m.crossimpact(), ("measure", "crossimpact")),
        (
            lambda m: m.crossimpact(view="clusters"),
            ("measure", "crossimpact", "--view", "clusters"),
        ),
        (lambda m: m.alignment(), ("measure", "alignment")),
        (lambda m: m.alignment(view="edges"), ("measure", "alignment", "--view", "edges")),
        (lambda m: m.centrifugal(), ("measure", "centrifugal")),
        (
            lambda m: m.centrifugal(view="policies"),
            ("measure", "centrifugal", "--view", "policies"),
        ),
        (lambda m: m.coherence(), ("measure", "coherence")),
    ],
)
def test_rows_are_the_cli_json(project: Project, call: Any, args: tuple[str, ...]) -> None:
    assert call(project.case().measure).to_records() == cli_json(project, *args)


def test_bad_choices_are_input_errors(project: Project) -> None:
    measure = project.case().measure
    with pytest.raises(concierto.InputError, match=r"view='x' is not one of layers, actors"):
        measure.network(view="x")
    with pytest.raises(concierto.InputError, match="Unknown layer nope"):
        measure.network(layer="nope")
    with pytest.raises(ValueError, match="without a value for 'nothing'"):
        measure.brokerage(group_by="nothing")


def test_coherence_under_assumptions(project: Project, tmp_path: Any) -> None:
    assume = tmp_path / "what-if.yaml"
    assume.write_text(
        "interactions:\n  - {from: ag1-oei1, to: p1, rater: analista-2, score: 2}\n", "utf-8"
    )
    changed = project.case().measure.coherence(assume=assume)
    assert changed.to_records() == cli_json(
        project, "measure", "coherence", "--assume", str(assume)
    )
    assert changed.to_records()  # raising the median from 0.5 to 2 changes figures
    with pytest.raises(concierto.InputError, match=r"missing\.yaml"):
        project.case().measure.coherence(assume=tmp_path / "missing.yaml")


def test_diagnosis_views(project: Project) -> None:
    diagnosis = project.case().diagnosis()
    dimensions = [r["dimension"] for r in diagnosis]
    assert dimensions == list(diagnosis.value.dimensions)
    assert set(diagnosis.summary["statuses"]) == set(dimensions)
    statements = project.case().diagnosis(view="statements")
    assert {r["statement"] for r in statements} == set(diagnosis.summary["statements"])
    indicators = project.case().diagnosis(view="indicators")
    assert len(indicators) == len(diagnosis.value.indicators)


def test_agreement_of_two_coders(two_coders: Project) -> None:
    x, y = "reglas.ausencia", "vision.presente"
    result = two_coders.case().agreement(["A", "B"], codes=[x, y], by=["code"])
    rows = result.to_records()
    assert [r["code"] for r in rows] == [f"{x}+{y}", x, y]
    assert rows[0]["alpha"] == pytest.approx(6 / 11)  # as tests/cli/test_agree_case.py
    assert rows[1]["cohen_kappa"] == pytest.approx(0.4)
    default = two_coders.case().agreement(codes=[x, y], by=["code"])
    assert default.to_records() == rows  # the case's two coders, when exactly two coded it
    assert default.summary["note"] == "comparing the case's two coders: A, B"
    with pytest.raises(concierto.InputError, match="at least two coders"):
        two_coders.case().agreement(["A"])
    with pytest.raises(concierto.InputError, match="coder 'C' has no accepted codings"):
        two_coders.case().agreement(["A", "C"])
    with pytest.raises(concierto.InputError, match="unit='word'"):
        two_coders.case().agreement(["A", "B"], unit="word")


def test_an_empty_result_says_why(project: Project) -> None:
    nothing = project.case().measure.gaps(threshold=3.5, show_all=True)
    assert len(nothing) == 0 and nothing.reason and "3.5" in nothing.reason
    assert project.case().measure.gaps(show_all=True).reason is None
    layers = project.case().measure.network(declared_only=True)
    assert layers.reason and "consultation" in layers.reason  # layers without ties are named


def test_report_writes_both_languages(project: Project, tmp_path: Any) -> None:
    written = project.case().report(tmp_path / "out")
    assert set(written) == {"es", "en"}
    assert all(path.is_file() for path in written.values())
    with pytest.raises(concierto.InputError, match="languages='fr'"):
        project.case().report(tmp_path / "x", languages=["fr"])


def test_qualitative_queries_by_hand(two_coders: Project) -> None:
    x, y = "reglas.ausencia", "vision.presente"
    measure = two_coders.case().measure
    frequency = {r["code"]: r for r in measure.frequency()}
    assert (frequency[x]["segments"], frequency[x]["sources"]) == (3, 1)
    assert (frequency[y]["segments"], frequency[y]["sources"]) == (1, 1)
    assert set(measure.frequency().evidence) >= {"doc:D1"}
    pairs = {(r["code_a"], r["code_b"]): r for r in measure.cooccurrence(unit="sentence")}
    # both codes only in sentence 2 (A: X, B: Y); X in sentences 1 and 2: Jaccard 1 / 2
    together = pairs.get((x, y)) or pairs[(y, x)]
    assert (together["both"], together["either"]) == (1, 2)
    segments = measure.retrieve([y])
    assert [(r["document"], r["start"], r["end"], r["coder"]) for r in segments] == [
        ("D1", 26, 47, "B")
    ]
    with pytest.raises(concierto.InputError, match="unit='word'"):
        measure.cooccurrence(unit="word")


@pytest.mark.parametrize(
    ("call", "args", "key"),
    [
        (lambda m: m.frequency(), ("query", "frequency"), "rows"),
        (lambda m: m.frequency(by="document"), ("query", "frequency", "--by", "document"), "rows"),
        (lambda m: m.cooccurrence(), ("query", "cooccurrence"), "pairs"),
        (lambda m: m.consensus(), ("query", "consensus"), "pairs"),
        (
            lambda m: m.consensus(codes=["reglas.ausencia"]),
            ("query", "consensus", "reglas.ausencia"),
            "codes",
        ),
        (
            lambda m: m.retrieve(["reglas.ausencia"], unit="sentence"),
            ("query", "retrieve", "reglas.ausencia", "--unit", "sentence"),
            "segments",
        ),
    ],
)
def test_query_rows_are_the_cli_json(
    two_coders: Project, call: Any, args: tuple[str, ...], key: str
) -> None:
    assert call(two_coders.case().measure).to_records() == cli_json(two_coders, *args)[key]
