"""Opening a project, loading cases, listing and filtering records; errors are the project's
typed errors with the CLI's messages."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

import concierto
from concierto.api.project import Project


def test_open_creates_and_create_false_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(concierto.StoreError, match="No database at"):
        concierto.open(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with concierto.open(tmp_path / "new.db") as project:
        assert project.cases() == []
        with pytest.raises(concierto.CaseNotFoundError, match="holds no case yet"):
            project.case()
    assert (tmp_path / "new.db").exists()


def test_load_replace_and_the_case_exists_error(project: Project, mini_case: Path) -> None:
    assert project.cases() == ["mini"]
    with pytest.raises(concierto.CaseExistsError, match="use --replace"):
        project.load(mini_case)
    assert project.load(mini_case, replace=True).key == "mini"
    with pytest.raises(concierto.CaseNotFoundError, match=r"no case 'x' .*cases: mini"):
        project.case("x")


def test_a_bad_case_folder_names_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "case.yaml").write_text("format: concierto-case/1\ncase: {id: b}\n", "utf-8")
    with concierto.open(tmp_path / "b.db") as project:
        with pytest.raises(concierto.CaseFileError, match=r"case\.yaml"):
            project.load(folder)
        assert project.cases() == []


def test_records_and_filters(project: Project) -> None:
    case = project.case("mini")
    assert [r["id"] for r in case.actors()] == ["min-a", "ag-1", "unit-2"]
    assert [r["id"] for r in case.actors(kind="agency")] == ["ag-1"]
    assert [r["id"] for r in case.actors(parent="min-a")] == ["ag-1", "unit-2"]
    assert [(t["from"], t["to"]) for t in case.ties(layer="authority")] == [("min-a", "ag-1")]
    assert len(case.ties(actor="unit-2")) == 1
    objectives = case.objectives(type="policy_objective")
    assert [r["id"] for r in objectives] == ["og", "p1"]
    assert [r["id"] for r in case.objectives(actor="ag-1")] == ["p1", "ag1-oei1", "prog-1"]
    info = {r["section"]: r["records"] for r in case.info()}
    assert info["actors"] == 3 and info["ties"] == 2
    with pytest.raises(concierto.InputError, match="layer x"):
        case.ties(layer="x")
    with pytest.raises(concierto.InputError, match=r"type='goal' is not one of"):
        case.objectives(type="goal")


def test_tables_give_records_frames_and_columns(project: Project) -> None:
    actors = project.case().actors()
    records = actors.to_records()
    assert records[0]["id"] == "min-a" and list(records[0]) == list(actors.keys)
    records[0]["id"] = "changed"
    assert actors[0]["id"] == "min-a"  # records are copies
    frame = actors.to_frame()
    assert list(frame.columns) == list(actors.keys) and frame.shape == (3, len(actors.keys))
    assert actors.column("kind") == ["ministry", "agency", "line_unit"]
    with pytest.raises(concierto.InputError, match="no column 'x'"):
        actors.column("x")


def test_to_frame_without_pandas_is_a_clear_error(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    with pytest.raises(concierto.MissingDependencyError, match="needs pandas"):
        project.case().actors().to_frame()


def test_messages_follow_the_language(project: Project) -> None:
    from concierto.i18n import set_language

    set_language("es")
    try:
        assert project.case().actors().title == "Actores"
        with pytest.raises(concierto.CaseNotFoundError, match=r"(?i)no hay un caso .x."):
            project.case("x")
    finally:
        set_language("en")


def test_export_writes_a_case_folder_that_loads_again(project: Project, tmp_path: Path) -> None:
    written = project.case().export(tmp_path / "copy")
    assert (tmp_path / "copy" / "case.yaml") in written
    with concierto.open(tmp_path / "copy.db") as other:
        assert other.load(tmp_path / "copy").actors().to_records() == (
            project.case().actors().to_records()
        )
