"""Every CSV and XLSX concierto writes is safe to open in a spreadsheet: text that would run as
a formula gets a quote in front, numbers stay numbers, and the files concierto reads back (case
tables, matrices) come back identical."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from cli_entry import run_entry
from concierto.casefile import read_case_folder
from concierto.interop.matrices import read_matrix, write_matrix
from concierto.safecells import FORMULA_TRIGGERS, neutralise, neutralise_text, restore

FORMULAS = {
    "min-a": '=HYPERLINK("http://example.invalid","Ministerio A")',
    "ag-1": "-Agencia Uno",
    "unit-2": "@SUM(A1:A9)",
}
"""Actor names that a spreadsheet would run as formulas (illustrative)."""


def _dangerous(cell: str) -> bool:
    """Text a spreadsheet would run (a number such as ``-1`` is a number, not a formula)."""
    if not cell.startswith(FORMULA_TRIGGERS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


@given(st.text())
def test_restore_undoes_neutralise_and_no_written_text_can_run(text: str) -> None:
    written = neutralise_text(text)
    assert restore(written) == text
    assert not _dangerous(written)


def test_numbers_stay_numbers_and_text_gets_its_quote() -> None:
    assert neutralise(-2) == -2 and neutralise(-0.5) == -0.5 and neutralise(True) is True
    assert neutralise("-2") == "'-2"
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("'=x") == "''=x"  # a quote already there is kept, one more is added
    assert neutralise("Ministerio -A") == "Ministerio -A"
    assert restore("'plain") == "'plain"  # a quote before ordinary text is the user's own


def _formula_case(tmp_path: Path, mini_case: Path) -> Path:
    folder = tmp_path / "formulas"
    shutil.copytree(mini_case, folder)
    text = (folder / "case.yaml").read_text("utf-8")
    for old, new in (
        ("Ministerio A", FORMULAS["min-a"]),
        ("Agencia Uno", FORMULAS["ag-1"]),
        ("Dirección Dos", FORMULAS["unit-2"]),
    ):
        text = text.replace(f"name: {old}", f"name: '{new}'", 1)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    ties = (folder / "ties.csv").read_text("utf-8").replace('"informe, por oficio"', "+por oficio")
    (folder / "ties.csv").write_text(ties, encoding="utf-8")
    return folder


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_case_folder_csv_is_safe_and_load_export_load_is_identical(
    tmp_path: Path, mini_case: Path
) -> None:
    source = _formula_case(tmp_path, mini_case)
    db, exported, again = tmp_path / "c.db", tmp_path / "exported", tmp_path / "again"
    assert run_entry(["--db", str(db), "load", str(source)]).exit_code == 0
    assert run_entry(["--db", str(db), "export", str(exported)]).exit_code == 0
    tables = sorted(exported.glob("*.csv"))
    assert {p.name for p in tables} >= {"actors.csv", "ties.csv"}
    cells = [cell for table in tables for cell in _csv_cells(table)]
    assert "'" + FORMULAS["ag-1"] in cells and "'+por oficio" in cells
    assert "-1" in _csv_cells(exported / "interactions.csv")  # a negative score stays a number
    assert not [cell for cell in cells if _dangerous(cell)]
    first, second = read_case_folder(source), read_case_folder(exported)
    assert second.data == first.data
    assert {a["id"]: a["name"] for a in second.data["actors"]} == FORMULAS
    db2 = tmp_path / "c2.db"
    assert run_entry(["--db", str(db2), "load", str(exported)]).exit_code == 0
    assert run_entry(["--db", str(db2), "export", str(again)]).exit_code == 0
    for table in tables:
        assert (again / table.name).read_bytes() == table.read_bytes()


def test_cli_csv_listings_and_graph_csv_are_safe(tmp_path: Path, mini_case: Path) -> None:
    db = tmp_path / "c.db"
    assert (
        run_entry(["--db", str(db), "load", str(_formula_case(tmp_path, mini_case))]).exit_code == 0
    )
    listing = run_entry(["--db", str(db), "actors", "--format", "csv"])
    rows = list(csv.reader(listing.stdout.splitlines()))
    assert ["min-a", "'" + FORMULAS["min-a"]] == rows[1][:2]
    assert not [cell for row in rows for cell in row if _dangerous(cell)]
    edges = tmp_path / "net.csv"
    assert (
        run_entry(["--db", str(db), "export-graph", str(edges), "--format", "csv"]).exit_code == 0
    )
    cells = _csv_cells(edges) + _csv_cells(edges.with_name("net-nodes.csv"))
    assert "'" + FORMULAS["unit-2"] in cells
    assert not [cell for cell in cells if _dangerous(cell)]


def test_report_tables_are_safe(tmp_path: Path, mini_case: Path) -> None:
    db, out = tmp_path / "c.db", tmp_path / "report"
    assert (
        run_entry(["--db", str(db), "load", str(_formula_case(tmp_path, mini_case))]).exit_code == 0
    )
    assert run_entry(["--db", str(db), "report", "--out", str(out), "--lang", "en"]).exit_code == 0
    tables = list(out.rglob("*.csv"))
    assert tables
    cells = [cell for table in tables for cell in _csv_cells(table)]
    assert any(cell == "'" + FORMULAS["ag-1"] for cell in cells)
    assert not [cell for cell in cells if _dangerous(cell)]


def test_matrix_xlsx_holds_no_formula_and_reads_back(tmp_path: Path) -> None:
    ids, names = ["a", "b"], ["=1+1", "-Programa"]
    path = write_matrix(tmp_path / "m.xlsx", ids, names, [[0, -2], [1.5, 0]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in values if c.data_type == "f"]
    assert not [c.value for c in values if isinstance(c.value, str) and _dangerous(c.value)]
    assert sheet["D2"].value == -2 and sheet["D2"].data_type == "n"  # a number, not text
    matrix = read_matrix(path)
    assert list(matrix.names) == names
    assert matrix.matrix.tolist() == [[0, -2], [1.5, 0]]
    csv_path = write_matrix(tmp_path / "m.csv", ids, names, [[0, -2], [1.5, 0]])
    assert not [cell for cell in _csv_cells(csv_path) if _dangerous(cell)]
    assert list(read_matrix(csv_path).names) == names


def test_case_workbook_holds_no_formula_and_reads_back(tmp_path: Path, mini_case: Path) -> None:
    from concierto.casefile.workbook import read_case_workbook, write_case_workbook

    document = read_case_folder(_formula_case(tmp_path, mini_case))
    path = write_case_workbook(document, tmp_path / "case.xlsx")
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and _dangerous(c.value)]
    assert "'" + FORMULAS["min-a"] in {c.value for c in cells}
    assert -1 in {c.value for c in cells}  # a negative score stays a number
    assert read_case_workbook(path).data == document.data
