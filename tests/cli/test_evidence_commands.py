"""The evidence commands through typer's runner: docs, code, codebook, memo, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app

app = load_app()
runner = CliRunner()
TEXT = (
    "Entrevistador: ¿Hay coordinación?\n\nE02: No hay visión compartida. La coordinación "
    "con el MEF es débil.\n"
)


@pytest.fixture
def db(tmp_path: Path, mini_case: Path) -> Path:
    path = tmp_path / "c.db"
    assert runner.invoke(app, ["--db", str(path), "load", str(mini_case)]).exit_code == 0
    (tmp_path / "E02.txt").write_text(TEXT, encoding="utf-8")
    result = invoke(
        path,
        "docs",
        "add",
        str(tmp_path / "E02.txt"),
        "--kind",
        "interview",
        "--case",
        "E02",
        "--attr",
        "sector=pcm",
        "--attr",
        "years=7",
    )
    assert result.exit_code == 0, result.output
    return path


def invoke(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args])


def test_docs_ls_and_show(db: Path) -> None:
    rows = json.loads(invoke(db, "docs", "ls", "-f", "json").output)
    assert rows[0]["id"] == "E02" and rows[0]["characters"] == len(TEXT)
    assert (
        invoke(
            db, "code", "add", "E02", "vision.ausente", "--match", "No hay visión compartida."
        ).exit_code
        == 0
    )
    shown = invoke(db, "docs", "show", "E02").output
    assert "vision.ausente (analyst)" in shown


def test_code_add_by_offsets_and_ls(db: Path) -> None:
    start = TEXT.index("La coordinación")
    end = start + len("La coordinación con el MEF es débil.")
    result = invoke(
        db,
        "code",
        "add",
        "E02",
        str(start),
        str(end),
        "informacion.ausencia",
        "--coder",
        "bea",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["text"] == "La coordinación con el MEF es débil."
    assert "new coder 'bea' created" in result.stderr
    rows = json.loads(
        invoke(db, "code", "ls", "--code", "informacion.ausencia", "-f", "json").output
    )
    assert [(r["start"], r["end"], r["coder"]) for r in rows] == [(start, end, "bea")]


def test_bad_offsets_and_unknown_names_store_nothing(db: Path) -> None:
    for args, message in [
        (("E02", "5", "999999", "vision.ausente"), "outside document 'E02'"),
        (("E02", "5", "2", "vision.ausente"), "outside document 'E02'"),
        (("E02", "0", "5", "no.such.code"), "unknown code 'no.such.code'"),
        (("E99", "0", "5", "vision.ausente"), "unknown document 'E99'"),
    ]:
        result = invoke(db, "code", "add", *args)
        assert result.exit_code == 1
        assert message in result.output
    assert json.loads(invoke(db, "code", "ls", "-f", "json").output) == []


def test_docs_add_bad_files(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    for path in (empty, junk, tmp_path / "missing.txt"):
        result = invoke(db, "docs", "add", str(path))
        assert result.exit_code == 1, path
        assert path.name in result.output
    again = invoke(db, "docs", "add", str(tmp_path / "E02.txt"))
    assert again.exit_code == 1 and "already in the case" in again.output
    assert len(json.loads(invoke(db, "docs", "ls", "-f", "json").output)) == 1


def test_codebook_export_import(db: Path, tmp_path: Path) -> None:
    assert invoke(db, "codebook", "export", str(tmp_path / "cb.yaml")).exit_code == 0
    text = (tmp_path / "cb.yaml").read_text(encoding="utf-8")
    assert "vision.presente" in text
    result = invoke(db, "codebook", "import", str(tmp_path / "cb.yaml"))
    assert result.exit_code == 0 and "0 codes added" in result.output
    rows = json.loads(invoke(db, "codebook", "ls", "-f", "json").output)
    mechanism = next(r for r in rows if r["id"] == "informacion.mecanismo")
    assert "layer=information_exchange" in mechanism["mappings"]


def test_memo_and_search(db: Path) -> None:
    assert invoke(db, "memo", "add", "Leer con E03", "--document", "E02").exit_code == 0
    rows = json.loads(invoke(db, "search", "coordinacion", "-f", "json").output)
    assert [r["match"] for r in rows] == ["coordinación", "coordinación"]
    assert rows[0]["document"] == "E02" and rows[0]["case"] == ["E02"]
    assert TEXT[rows[0]["start"] : rows[0]["end"]] == "coordinación"


def test_blind_coder_sees_only_own_codings_until_the_analysis_opens(db: Path) -> None:
    assert (
        invoke(
            db,
            "code",
            "add",
            "E02",
            "vision.ausente",
            "--match",
            "No hay visión compartida.",
            "--coder",
            "ana",
        ).exit_code
        == 0
    )
    assert (
        invoke(
            db, "code", "add", "E02", "informacion.ausencia", "--match", "débil", "--coder", "bea"
        ).exit_code
        == 0
    )
    assert invoke(db, "coders", "blind", "ana", "--on").exit_code == 0

    def listed(*who: str) -> list[str]:
        result = runner.invoke(
            app, ["--db", str(db), "--lang", "en", *who, "code", "ls", "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        return sorted(row["coder"] for row in json.loads(result.output))

    assert listed("--as", "ana") == ["ana"]
    assert listed("--as", "bea") == ["ana", "bea"]  # bea is not blind
    assert listed() == ["ana", "bea"]
    docs = json.loads(
        runner.invoke(app, ["--db", str(db), "--as", "ana", "docs", "ls", "-f", "json"]).output
    )
    assert docs[0]["codings"] == 1
    assert invoke(db, "analysis", "open").exit_code == 0
    assert listed("--as", "ana") == ["ana", "bea"]


def test_docs_add_reports_the_units_of_each_file(db: Path, tmp_path: Path) -> None:
    (tmp_path / "E03.txt").write_text("Nadie convoca. Cada sector va solo.\n", encoding="utf-8")
    (tmp_path / "E04.txt").write_text(TEXT.replace("E02", "E04"), encoding="utf-8")
    result = invoke(
        db, "docs", "add", str(tmp_path / "E03.txt"), str(tmp_path / "E04.txt"),
        "--executor", "serial", "-f", "json",
    )
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert [rows["E03"][k] for k in ("paragraphs", "sentences", "turns")] == [1, 2, 0]
    assert [rows["E04"][k] for k in ("paragraphs", "sentences", "turns")] == [2, 3, 2]
