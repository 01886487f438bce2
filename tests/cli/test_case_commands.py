"""The case commands through typer's runner: init, load, export, info, listings, demo."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto import __version__
from concierto.cli import load_app

app = load_app()
runner = CliRunner()


def run(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"concierto {__version__}"


def test_init_writes_a_loadable_starter(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    run(tmp_path / "x.db", "init", str(folder))
    assert (folder / "codebook.yaml").is_file()
    assert "# concierto case folder" in (folder / "case.yaml").read_text(encoding="utf-8")
    output = run(tmp_path / "x.db", "load", str(folder), "--format", "json")
    payload = json.loads(output[output.index("{") :])
    assert payload["case"] == "my-policy"
    counts = {row["section"]: row["records"] for row in payload["sections"]}
    assert counts["actors"] == 2 and counts["interactions"] == 1


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    run(tmp_path / "x.db", "init", str(tmp_path / "f"))
    result = runner.invoke(
        app, ["--db", str(tmp_path / "x.db"), "--lang", "en", "init", str(tmp_path / "f")]
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_load_twice_needs_replace(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    result = runner.invoke(app, ["--db", str(db_path), "--lang", "en", "load", str(mini_case)])
    assert result.exit_code == 1
    assert "--replace" in result.output
    run(db_path, "load", "--replace", str(mini_case))


def test_info_json_counts_provenance(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    payload = json.loads(run(db_path, "info", "--format", "json"))
    actors = next(row for row in payload["sections"] if row["section"] == "actors")
    assert actors == {
        "section": "actors",
        "records": 3,
        "source": 1,
        "inferred": 1,
        "illustrative": 1,
    }


def test_actors_csv(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    rows = list(csv.DictReader(io.StringIO(run(db_path, "actors", "--format", "csv"))))
    assert [row["id"] for row in rows] == ["min-a", "ag-1", "unit-2"]
    assert rows[0]["centre_of_government"] == "true"
    assert rows[1]["parent"] == "min-a"


def test_objectives_json(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    rows = json.loads(run(db_path, "objectives", "--format", "json"))
    assert [(r["id"], r["type"]) for r in rows] == [
        ("og", "policy_objective"),
        ("p1", "policy_objective"),
        ("ag1-oei1", "institutional_objective"),
        ("prog-1", "programme"),
    ]
    assert rows[2]["actors"] == ["ag-1"]
    assert rows[3]["actors"] == ["ag-1"]


def test_ties_by_layer_and_table(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    rows = json.loads(run(db_path, "ties", "--layer", "information_exchange", "-f", "json"))
    assert rows == [
        {
            "from": "ag-1",
            "to": "unit-2",
            "layer": "information_exchange",
            "weight": 2.0,
            "origin": "evidence",
            "evidence": ["seg:1", "seg:2"],
            "provenance": "illustrative",
        }
    ]
    assert "authority" in run(db_path, "ties")


def test_export_then_load_through_the_cli(tmp_path: Path, mini_case: Path) -> None:
    run(tmp_path / "a.db", "load", str(mini_case))
    run(tmp_path / "a.db", "export", str(tmp_path / "out"))
    run(tmp_path / "b.db", "load", str(tmp_path / "out"))
    first = json.loads(run(tmp_path / "a.db", "info", "-f", "json"))
    second = json.loads(run(tmp_path / "b.db", "info", "-f", "json"))
    assert first == second


def test_no_case_yet(db_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(db_path), "--lang", "en", "actors"])
    assert result.exit_code == 1
    assert "holds no case yet" in result.output


def test_unknown_case(db_path: Path, mini_case: Path) -> None:
    run(db_path, "load", str(mini_case))
    result = runner.invoke(app, ["--db", str(db_path), "--lang", "en", "info", "--case", "x"])
    assert result.exit_code == 1
    assert "no case 'x'" in result.output


def test_spanish_messages(db_path: Path, mini_case: Path) -> None:
    result = runner.invoke(app, ["--db", str(db_path), "--lang", "es", "load", str(mini_case)])
    assert result.exit_code == 0
    assert "Cargado mini en" in result.output
    assert "Registros" in result.output


def test_db_from_environment(
    tmp_path: Path, mini_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONCIERTO_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["load", str(mini_case)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()


def test_demo_builds_the_example_and_both_reports(tmp_path: Path) -> None:
    output = run(tmp_path / "unused.db", "demo", "--out", str(tmp_path / "demo"))
    assert (tmp_path / "demo" / "concierto.db").exists()
    for language in ("es", "en"):
        assert (tmp_path / "demo" / f"report.{language}.html").stat().st_size > 100_000
    assert "Shared vision" in output and "peru-pnmgp" in output
