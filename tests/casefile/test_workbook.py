"""A case in a spreadsheet: the workbook ``init --xlsx`` and ``export --xlsx`` write, read back
with the folder's validation and messages (sheet, row and column instead of file and line), and
load → export → load identical for the Peru example and small cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from concierto.casefile import CaseFileError, fetch_case, read_case_folder
from concierto.casefile.spec import SECTIONS_BY_NAME
from concierto.casefile.workbook import read_case_workbook, write_case_workbook
from concierto.cli import load_app
from concierto.examples import example_path
from concierto.i18n import set_language
from concierto.model.actors import ACTOR_KINDS
from concierto.model.coordination import TIE_LAYERS
from concierto.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
CASES = {
    "peru-pnmgp": example_path("peru-pnmgp"),
    "mini": FIXTURES / "mini",
    "harmony": FIXTURES / "harmony",
}
app = load_app()
runner = CliRunner()


def _column(section: str, field: str) -> str:
    names = [f.name for f in SECTIONS_BY_NAME[section].all_fields]
    return get_column_letter(names.index(field) + 1)


@pytest.mark.parametrize("name", list(CASES))
def test_workbook_reads_back_the_same_document(name: str, tmp_path: Path) -> None:
    document = read_case_folder(CASES[name])
    path = write_case_workbook(document, tmp_path / f"{name}.xlsx")
    assert read_case_workbook(path).data == document.data


def _run(*args: str) -> str:
    result = runner.invoke(app, ["--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", ["peru-pnmgp", "mini"])
def test_load_export_load_through_the_command_line(name: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    _run("--db", str(first), "load", str(CASES[name]))
    _run("--db", str(first), "export", "--xlsx", str(tmp_path / "case.xlsx"))
    _run("--db", str(second), "load", str(tmp_path / "case.xlsx"))
    _run("--db", str(second), "export", "--xlsx", str(tmp_path / "again.xlsx"))
    documents = []
    for db in (first, second):
        store = open_store(db)
        with store.session() as session:
            documents.append(fetch_case(session).data)
        store.close()
    assert documents[0] == documents[1]
    assert read_case_workbook(tmp_path / "again.xlsx").data == documents[0]


def test_sheets_drop_downs_and_the_provenance_sheet(tmp_path: Path) -> None:
    path = tmp_path / "starter.xlsx"
    _run("init", "--xlsx", str(path))
    book = load_workbook(path)
    for sheet in ("actors", "objectives", "programmes", "ties", "mechanisms", "interactions"):
        assert sheet in book.sheetnames
    assert book.sheetnames[:3] == ["case", "provenance", "lists"]
    assert book["lists"].sheet_state == "hidden"

    def choices(sheet: str, field: str) -> list[str]:
        column = _column(sheet, field)
        found = [v for v in book[sheet].data_validations.dataValidation if f"{column}2" in v.sqref]
        assert len(found) == 1, (sheet, field)
        reference = found[0].formula1.lstrip("=")
        target, cells = reference.split("!")
        first, last = cells.replace("$", "").split(":")
        return [c.value for row in book[target][first:last] for c in row]

    assert choices("actors", "kind") == list(ACTOR_KINDS)
    assert choices("ties", "layer") == list(TIE_LAYERS)
    assert choices("actors", "provenance") == ["source", "inferred", "illustrative"]
    help_text = " ".join(str(c.value) for c in book["provenance"]["A"] if c.value)
    assert "illustrative" in help_text and "inferred" in help_text and "sources" in help_text
    # The starter workbook loads like the starter folder.
    _run("init", str(tmp_path / "folder"))
    counts = []
    for source in (path, tmp_path / "folder"):
        out = _run(
            "--db", str(tmp_path / f"{source.stem}.db"), "load", str(source), "--format", "json"
        )
        counts.append(json.loads(out[out.index("{") :])["sections"])
    assert counts[0] == counts[1]


def _broken(tmp_path: Path, edits: dict[tuple[str, str], object], row: int) -> Path:
    path = write_case_workbook(read_case_folder(CASES["mini"]), tmp_path / "broken.xlsx")
    book = load_workbook(path)
    for (sheet, field), value in edits.items():
        book[sheet][f"{_column(sheet, field)}{row}"] = value
    book.save(path)
    return path


def test_errors_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    path = _broken(tmp_path, {("actors", "kind"): "agencia", ("interactions", "score"): "tres"}, 3)
    with pytest.raises(CaseFileError) as caught:
        read_case_workbook(path)
    messages = [str(issue) for issue in caught.value.issues]
    kind, score = _column("actors", "kind"), _column("interactions", "score")
    assert messages == [
        f"{path}, sheet actors, row 3, column {kind}: actors[1].kind: 'agencia' is not allowed; "
        f"expected one of: {', '.join(ACTOR_KINDS)}",
        # As in a folder's CSV file: the cell that cannot be read leaves the field missing.
        f"{path}, sheet interactions, row 3, column {score}: interactions[1].score: required "
        "field is missing",
        f"{path}, sheet interactions, row 3, column {score}: score: cannot read 'tres' as integer",
    ]


def test_reference_errors_read_as_in_the_folder(tmp_path: Path) -> None:
    path = _broken(tmp_path, {("ties", "to"): "nobody"}, 2)
    with pytest.raises(CaseFileError) as caught:
        read_case_workbook(path)
    (issue,) = caught.value.issues
    column = _column("ties", "to")
    assert str(issue) == (
        f"{path}, sheet ties, row 2, column {column}: ties[0].to: unknown actor 'nobody'"
    )
    set_language("es")
    assert f"{path}, hoja ties, fila 2, columna {column}: " in str(issue)
    set_language("en")
    # The same mistake in the folder's ties.csv gives the same message after the place.
    folder = tmp_path / "folder"
    folder.mkdir()
    for item in CASES["mini"].iterdir():
        text = item.read_text("utf-8")
        (folder / item.name).write_text(
            text.replace("min-a,ag-1,authority", "min-a,nobody,authority"), "utf-8"
        )
    with pytest.raises(CaseFileError) as in_folder:
        read_case_folder(folder)
    (folder_issue,) = in_folder.value.issues
    assert folder_issue.message == issue.message and folder_issue.field == issue.field


def test_a_bad_workbook_stores_nothing(tmp_path: Path) -> None:
    path = _broken(tmp_path, {("actors", "kind"): "agencia"}, 3)
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["--lang", "en", "--db", str(db), "load", str(path)])
    assert result.exit_code == 1
    assert "sheet actors, row 3" in result.output
    assert "1 problem(s) in the case workbook:" in result.output
    store = open_store(db)
    with store.session() as session, pytest.raises(LookupError):
        fetch_case(session)
    store.close()
    (tmp_path / "junk.xlsx").write_text("not a workbook", "utf-8")
    with pytest.raises(CaseFileError, match=r"not a readable \.xlsx workbook"):
        read_case_workbook(tmp_path / "junk.xlsx")
