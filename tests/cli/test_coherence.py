"""``concierto measure crossimpact|alignment|centrifugal|coherence`` and ``matrix export|import``.

Mini case (tests/fixtures/cases/mini), worked by hand: og (responsible min-a) <- p1 (lead ag-1)
<- ag1-oei1 (owner ag-1, budget 1000, strength 2); ratings ag1-oei1 -> p1 (2 and -1, median
0.5) and p1 -> prog-1 (3). Cross-impact over p1, ag1-oei1, prog-1: out = 3, 0.5, 0; second
order 0.5 * (3 * 0) = 0 for p1 and 0.5 * (0.5 * 3) = 0.75 for ag1-oei1; totals 3, 1.25, 0.
The designed case tests/fixtures/cases/align is described in tests/measures/test_alignment.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import concierto.cli.coherence  # registers the coherence and matrix commands
from concierto.casefile.load import load_case_folder
from concierto.cli.app import app

assert concierto.cli.coherence.measure_app is not None
ALIGN_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "align"
runner = CliRunner()


@pytest.fixture
def mini_db(db_path: Path, mini_case: Path) -> str:
    load_case_folder(mini_case, str(db_path))
    return str(db_path)


@pytest.fixture
def align_db(db_path: Path) -> str:
    load_case_folder(ALIGN_CASE, str(db_path))
    return str(db_path)


def invoke(db: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", db, "--lang", "en", *args])


def flat(text: str) -> str:
    """Text without whitespace: rich wraps long error lines at the terminal width."""
    return "".join(text.split())


def rows(db: str, *args: str) -> Any:
    result = invoke(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_crossimpact_on_the_case(mini_db: str) -> None:
    found = {r["id"]: (r["total"], r["rank"]) for r in rows(mini_db, "measure", "crossimpact")}
    assert found == {"p1": (3, 1), "ag1-oei1": (1.25, 2), "prog-1": (0, 3)}
    cells = rows(mini_db, "measure", "crossimpact", "--view", "cells")
    first = next(c for c in cells if c["source"] == "ag1-oei1")
    assert (first["median"], first["contested"]) == (0.5, True)
    assert first["evidence"] == ["interaction:1", "interaction:2"]


def test_alignment_on_the_mini_case(mini_db: str) -> None:
    coverage = {r["objective"]: r["coverage"] for r in rows(mini_db, "measure", "alignment")}
    # min-a owns no institutional objective: og is uncovered; p1 is reached by ag-1.
    assert coverage == {"og": 0, "p1": 1}
    actors = rows(mini_db, "measure", "alignment", "--view", "actors")
    assert [(a["actor"], a["orphan_rate"], a["strength"]) for a in actors] == [("ag-1", 0, 2)]
    assert rows(mini_db, "measure", "alignment", "--view", "conflicts") == []


def test_alignment_conflicts_and_edges_as_csv(align_db: str) -> None:
    result = invoke(align_db, "measure", "alignment", "--view", "conflicts", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["source"], r["target"], r["median"]) for r in table] == [
        ("c1", "p3", "-2"),
        ("a1", "b1", "-1.5"),
    ]
    assert table[1]["evidence"] == "element:a1 element:b1 interaction:1 interaction:2"
    edges = invoke(align_db, "measure", "alignment", "--view", "edges", "--format", "csv")
    assert "contribution:3" not in edges.stdout and "contribution:3" in edges.stderr


def test_centrifugal_per_actor_and_policy(align_db: str) -> None:
    actors = {
        r["actor"]: (r["index"], r["weighting"]) for r in rows(align_db, "measure", "centrifugal")
    }
    assert actors == {"a": (0.75, "budget"), "b": (0.5, "equal"), "c": (0, "equal")}
    (policy,) = rows(align_db, "measure", "centrifugal", "--view", "policies")
    assert policy["value"] == pytest.approx(1.25 / 3, abs=1e-6)
    assert policy["unmeasured"] == ["d"]


def test_coherence_table_and_what_if(align_db: str, tmp_path: Path) -> None:
    figures = {
        (r["measure"], r["subject"]): r["value"] for r in rows(align_db, "measure", "coherence")
    }
    assert figures[("coverage", "p3")] == 0 and figures[("coordination_gaps", "case")] == 2
    plan = tmp_path / "plan.yaml"
    plan.write_text("ties:\n  - {from: c, to: d, layer: information_exchange}\n", encoding="utf-8")
    result = invoke(align_db, "measure", "coherence", "--assume", str(plan), "--format", "json")
    assert result.exit_code == 0, result.output
    changed = {
        (r["measure"], r["subject"]): (r["before"], r["after"]) for r in json.loads(result.stdout)
    }
    assert changed[("coordination_gaps", "case")] == (2, 1)
    assert changed[("gaps_covered_share", "case")] == (
        pytest.approx(1 / 3, abs=1e-6),
        pytest.approx(2 / 3, abs=1e-6),
    )
    assert len(changed) == 2
    assert flat(f"{plan}:2: added tie:2") in flat(result.stderr)


def test_what_if_errors_name_the_file_and_line(align_db: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "ties:\n  - {from: c, to: nobody, layer: information_exchange}\n", encoding="utf-8"
    )
    result = invoke(align_db, "measure", "coherence", "--assume", str(plan))
    assert result.exit_code == 1
    assert flat(f"{plan}:2: ties[0].to: unknown actor 'nobody'") in flat(result.stderr)
    missing = invoke(align_db, "measure", "coherence", "--assume", str(tmp_path / "none.yaml"))
    assert missing.exit_code == 1 and "none.yaml" in flat(missing.stderr)


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "json"])
def test_matrix_export_and_import_round_trip(mini_db: str, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"m.{suffix}"
    exported = invoke(mini_db, "matrix", "export", str(target), "--rater", "analista-1")
    assert exported.exit_code == 0, exported.output
    imported = invoke(mini_db, "matrix", "import", str(target), "--rater", "analista-3")
    assert imported.exit_code == 0, imported.output
    assert "Stored 2 scores by analista-3" in imported.stderr
    cells = {
        (c["source"], c["target"]): c
        for c in rows(mini_db, "measure", "crossimpact", "--view", "cells")
    }
    # analista-1 scored 2 and 3; analista-3 now repeats them: medians 2 (2, -1, 2) and 3 (3, 3).
    assert cells[("ag1-oei1", "p1")]["median"] == 2
    assert cells[("ag1-oei1", "p1")]["raters"] == ["analista-1", "analista-2", "analista-3"]
    assert cells[("p1", "prog-1")]["median"] == 3
    again = invoke(mini_db, "matrix", "import", str(target), "--rater", "analista-3")
    assert again.exit_code == 0, again.output
    cells = rows(mini_db, "measure", "crossimpact", "--view", "cells")
    assert sum(c["ratings"] for c in cells) == 5


def test_matrix_import_refuses_half_points(mini_db: str, tmp_path: Path) -> None:
    target = tmp_path / "median.csv"
    assert invoke(mini_db, "matrix", "export", str(target)).exit_code == 0
    result = invoke(mini_db, "matrix", "import", str(target), "--rater", "analista-3")
    assert result.exit_code == 1
    assert flat("cell ag1-oei1 -> p1 holds 0.5") in flat(result.stderr)


def test_no_database(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "none.db"), "measure", "alignment")
    assert result.exit_code == 1 and "No database" in result.stderr


def test_spanish_messages(mini_db: str) -> None:
    result = runner.invoke(app, ["--db", mini_db, "--lang", "es", "measure", "alignment"])
    assert result.exit_code == 0, result.output
    assert "Cobertura de los objetivos de la política" in result.stdout
