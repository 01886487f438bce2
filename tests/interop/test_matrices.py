"""Matrix files (CSV, XLSX, JSON) and ratings tables: reading, located errors, round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from openpyxl import Workbook

from concierto.interop.matrices import MatrixFileError, read_matrix, read_ratings, write_matrix
from concierto.measures.crossimpact_raters import Rating

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matrices"
SMALL = np.array([[0, 2, -1], [1, 0, 3], [0, -2, 0]], dtype=float)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_names() -> None:
    matrix_file = read_matrix(FIXTURES / "small3.csv")
    assert matrix_file.format == "csv"
    assert matrix_file.ids == ("A", "B", "C")
    assert matrix_file.names == ("Alpha", "Beta", "Gamma")
    np.testing.assert_array_equal(matrix_file.matrix, SMALL)
    assert matrix_file.derived == {}


def test_semicolon_csv_reorders_columns_and_reads_blanks_and_decimal_commas() -> None:
    # Columns C, A, B; blank cells are 0; "1,0" is one; "−1" uses the minus sign.
    matrix_file = read_matrix(FIXTURES / "small3_semicolon.csv")
    assert matrix_file.ids == ("A", "B", "C")
    assert matrix_file.names == ("A", "B", "C")
    np.testing.assert_array_equal(matrix_file.matrix, SMALL)
    assert matrix_file.derived == {"out": {"A": 1, "B": 4, "C": -2}}
    assert matrix_file.derived_labels == {"out": "Sum"}


def test_derived_columns_are_read_with_blank_ranks() -> None:
    matrix_file = read_matrix(FIXTURES / "wrong_derived.csv")
    assert matrix_file.derived_labels == {
        "out": "Sum",
        "out_pos": "Pos",
        "out_neg": "Neg",
        "second_order": "2nd",
        "total": "Sum+2nd",
        "rank": "Rank",
    }
    assert matrix_file.derived["second_order"] == {"A": 5, "B": -2.5, "C": -3}
    assert matrix_file.derived["rank"] == {"A": 1, "B": 2, "C": 2}


def test_json_with_stray_spaces_in_keys() -> None:
    matrix_file = read_matrix(FIXTURES / "stray_keys.json")
    assert matrix_file.ids == ("A", "B", "C")
    assert matrix_file.names == ("Alpha", "Beta", "Gamma")
    np.testing.assert_array_equal(matrix_file.matrix, SMALL)
    assert matrix_file.derived["out_pos"] == {"A": 2, "B": 4, "C": 0}
    assert matrix_file.derived["rank"] == {"A": 1, "B": None, "C": 3}
    assert matrix_file.derived_labels["out_pos"] == "Pos"


def test_sweden_json() -> None:
    matrix_file = read_matrix(FIXTURES / "sweden_weitz2018.json")
    assert len(matrix_file.ids) == 34
    assert matrix_file.matrix.shape == (34, 34)
    assert matrix_file.names[matrix_file.ids.index("5.5")] == "Women\u2019s participation"
    assert matrix_file.matrix[matrix_file.ids.index("7.2"), matrix_file.ids.index("6.6")] == -2
    assert matrix_file.derived["out"]["17.11"] == -9


def test_xlsx_round_trip_and_sheet_choice(tmp_path: Path) -> None:
    path = write_matrix(
        tmp_path / "m.xlsx",
        ["A", "B", "C"],
        ["Alpha", "Beta", "Gamma"],
        SMALL,
        derived={"out": {"A": 1, "B": 4, "C": -2}, "rank": {"A": 1, "B": None, "C": 3}},
    )
    matrix_file = read_matrix(path)
    assert matrix_file.format == "xlsx"
    np.testing.assert_array_equal(matrix_file.matrix, SMALL)
    assert matrix_file.names == ("Alpha", "Beta", "Gamma")
    assert matrix_file.derived == {
        "out": {"A": 1, "B": 4, "C": -2},
        "rank": {"A": 1, "B": None, "C": 3},
    }
    assert read_matrix(path, sheet="matrix").ids == ("A", "B", "C")
    with pytest.raises(MatrixFileError, match="no sheet named 'other'"):
        read_matrix(path, sheet="other")


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "scores"
    for row in (["", "A", "B"], ["A", 0, "high"], ["B", 1, 0]):
        sheet.append(row)
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(MatrixFileError, match=r"sheet scores, cell C2 \(A -> B\): 'high' is not"):
        read_matrix(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (",A,B\nA,0,x\nB,1,0\n", r"line 2, column 3 \(A -> B\): 'x' is not a number"),
        (",A,B\nA,0,1\nA,1,0\n", "line 3, column 1: row id A appears twice"),
        (",A,B\nA,0,1\n,1,0\n", "line 3, column 1: the row id is empty"),
        (",A,B\nA,0,1\nB,1,0,7\n", "line 3, column 4: the row is longer than the header"),
        (",A,B\nA,0,1\nC,1,0\n", r"line 1: the column ids must be the row ids \(rows without"),
        (",A,A\nA,0,1\n", "line 1, column 3: column id A appears twice"),
        (",A,,B\nA,0,,1\nB,1,,0\n", "line 1, column 3: the column id is empty"),
        (",A,B,Sum,sum\nA,0,1,1,1\nB,1,0,1,1\n", "column 5: column 'sum' repeats 'Sum'"),
        (",A,B,Sum\nA,0,1,one\nB,1,0,1\n", r"line 2, column 4 \(Sum\): 'one' is not a number"),
        ("", "holds no matrix"),
        (",A,B\n", "the matrix has no rows"),
    ],
)
def test_csv_errors_name_file_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "bad.csv", text)
    with pytest.raises(MatrixFileError, match=message) as caught:
        read_matrix(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"A": {"affect": {"A": 0}}', "line 1, column 27: invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"A": {"affect": {"B": 1}}}', 'entry "A", affect "B": unknown id'),
        ('{"A": {"Name": "x"}}', 'entry "A": no "affect" object'),
        ('{"A": 3}', 'entry "A": expected an object'),
        ('{"A": {"affect": {"A": "lots"}}}', "'lots' is not a number"),
        ('{"A": {"affect": {}, "Sum": true}}', 'entry "A", key "Sum": True is not a number'),
        ('{"A": {"affect": {}}, "A ": {"affect": {}}}', "id A appears twice"),
    ],
)
def test_json_errors_name_the_entry(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "bad.json", text)
    with pytest.raises(MatrixFileError, match=message):
        read_matrix(path)


def test_unknown_extension_missing_file_and_broken_workbook(tmp_path: Path) -> None:
    with pytest.raises(MatrixFileError, match=r"unknown matrix format '\.ods'"):
        read_matrix(tmp_path / "m.ods")
    with pytest.raises(MatrixFileError, match="no such file"):
        read_matrix(tmp_path / "absent.csv")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(MatrixFileError, match="not a readable XLSX workbook"):
        read_matrix(broken)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",A\nA,0\n\xe9".encode("latin-1"))
    with pytest.raises(MatrixFileError, match="not UTF-8 text"):
        read_matrix(latin)


def test_write_rejects_shapes_that_do_not_fit(tmp_path: Path) -> None:
    with pytest.raises(MatrixFileError, match="2 ids, 2 names and a 3 x 3 matrix"):
        write_matrix(tmp_path / "m.csv", ["A", "B"], None, SMALL)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(1, 6).flatmap(
        lambda size: arrays(np.int64, (size, size), elements=st.integers(-6, 6))
    ),
    st.sampled_from(["csv", "xlsx", "json"]),
)
def test_round_trip_every_format(tmp_path: Path, halves: np.ndarray, suffix: str) -> None:
    matrix = halves / 2.0  # medians of raters can be half points
    ids = [f"{index + 1}.{index}" for index in range(matrix.shape[0])]
    names = [f"Target, number {index} \u00e9" for index in range(matrix.shape[0])]
    path = write_matrix(tmp_path / f"m.{suffix}", ids, names, matrix)
    matrix_file = read_matrix(path)
    assert matrix_file.ids == tuple(ids)
    assert matrix_file.names == tuple(names)
    np.testing.assert_array_equal(matrix_file.matrix, matrix)


def test_ratings_table() -> None:
    ratings_file = read_ratings(FIXTURES / "ratings_small.csv")
    assert ratings_file.ids == ("X", "Y", "Z")
    assert ratings_file.lines == (2, 3, 4, 5, 6, 7, 8, 9)
    first, second = ratings_file.ratings[:2]
    assert first == Rating("X", "Y", "r1", 2.0, rationale="shared budget", evidence=("S1",))
    assert second.confidence == "high"
    assert second.evidence == ("S2", "S1")
    assert ratings_file.ratings[4].score == -1


def test_ratings_table_in_spanish_with_semicolons(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "valoraciones.csv",
        "Desde;Hacia;Evaluador;Puntuación;Evidencia;otra\nP1;P2;ana;1,5;E1|E2;x\n",
    )
    ratings_file = read_ratings(path)
    assert ratings_file.ratings == (Rating("P1", "P2", "ana", 1.5, evidence=("E1", "E2")),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("from,to,score\nA,B,1\n", "line 1: missing columns rater"),
        ("from,to,rater,score\nA,,r1,1\n", "line 2, column 2: the to is empty"),
        ("from,to,rater,score\nA,B,r1,\n", "line 2, column 4: the score is empty"),
        ("from,to,rater,score\nA,B,r1,two\n", "line 2, column 4: 'two' is not a number"),
        ("", "holds no ratings"),
    ],
)
def test_ratings_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(MatrixFileError, match=message):
        read_ratings(_write(tmp_path, "ratings.csv", text))


def test_name_column_may_come_after_the_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, "late.csv", ",A,B,Name\nA,0,1,Alpha\nB,-1,0,Beta\n")
    matrix_file = read_matrix(path)
    assert matrix_file.names == ("Alpha", "Beta")
    np.testing.assert_array_equal(matrix_file.matrix, [[0, 1], [-1, 0]])
