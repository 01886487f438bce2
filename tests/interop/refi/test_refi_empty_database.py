"""``refi import`` into an empty database: a case is made from the project, named after it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from concierto.cli import load_app
from store_counts import record_counts

app = load_app()
runner = CliRunner()
TEXT = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo.\n"


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args])


def coded_project(tmp_path: Path, mini_case: Path) -> tuple[Path, Path]:
    """A database with the mini case, one coded interview and two memos, exported."""
    db = tmp_path / "source.db"
    assert run(db, "load", str(mini_case)).exit_code == 0
    (tmp_path / "D1.txt").write_text(TEXT, encoding="utf-8")
    assert run(db, "docs", "add", str(tmp_path / "D1.txt"), "--kind", "interview").exit_code == 0
    for coder in ("ana", "bea"):
        added = run(db, "--as", coder, "code", "add", "D1", "reglas.ausencia", "--match", "No")
        assert added.exit_code == 0, added.output
    assert run(db, "--as", "ana", "memo", "add", "Releer", "--document", "D1").exit_code == 0
    assert run(db, "memo", "add", "Sobre el caso").exit_code == 0
    project = tmp_path / "project.qdpx"
    exported = run(db, "refi", "export", str(project))
    assert exported.exit_code == 0, exported.output
    return db, project


def test_import_into_a_new_database_makes_a_case_named_after_the_project(
    tmp_path: Path, mini_case: Path
) -> None:
    source, project = coded_project(tmp_path, mini_case)
    target = tmp_path / "new.db"
    result = run(target, "refi", "import", str(project))
    assert result.exit_code == 0, result.output
    assert "Created case 'caso-minimo-coordinacion-de-la-politica' from the project." in (
        result.stdout
    )
    before, after = record_counts(source), record_counts(target)
    assert after.pop("cases") == ["caso-minimo-coordinacion-de-la-politica"]
    before.pop("cases")
    assert after == before
    assert before["Coding"] == 2 and before["Memo"] == 2


def test_new_case_chooses_the_name_and_json_lists_it(tmp_path: Path, mini_case: Path) -> None:
    _source, project = coded_project(tmp_path, mini_case)
    target = tmp_path / "new.db"
    result = run(target, "refi", "import", str(project), "--new-case", "colega", "-f", "json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)["imported"]
    assert (imported["into_case"], imported["case_created"], imported["codings"]) == (
        "colega",
        True,
        2,
    )
    assert record_counts(target)["cases"] == ["colega"]
