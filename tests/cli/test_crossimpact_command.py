"""``concierto crossimpact FILE`` and ``concierto matrix convert``: formats, audit, errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from typer.testing import CliRunner

import concierto.cli.crossimpact  # noqa: F401  (registers the commands)
from concierto.cli.app import app
from concierto.i18n import set_language
from concierto.interop.matrices import read_matrix

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matrices"
KEYS = [
    "id",
    "name",
    "out",
    "out_pos",
    "out_neg",
    "in",
    "in_pos",
    "in_neg",
    "second_order",
    "total",
    "rank",
]

runner = CliRunner()


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    set_language(None)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_output_is_the_documented_list() -> None:
    code, out, _ = _run("crossimpact", str(FIXTURES / "small3.csv"), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [list(row) for row in rows] == [KEYS] * 3
    assert rows[0] == {
        "id": "A",
        "name": "Alpha",
        "out": 1,
        "out_pos": 2,
        "out_neg": -1,
        "in": 1,
        "in_pos": 1,
        "in_neg": 0,
        "second_order": 5,
        "total": 6,
        "rank": 1,
    }
    assert [(row["id"], row["total"], row["rank"]) for row in rows] == [
        ("A", 6, 1),
        ("B", 1.5, 2),
        ("C", -6, 3),
    ]


def test_w2_option_and_csv_output() -> None:
    code, out, _ = _run("crossimpact", str(FIXTURES / "small3.csv"), "--w2", "1", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == KEYS
    assert {row["id"]: (row["second_order"], row["total"]) for row in rows} == {
        "A": ("10", "11"),
        "B": ("-5", "-1"),
        "C": ("-8", "-10"),
    }


def test_table_output_names_the_columns() -> None:
    code, out, _ = _run("crossimpact", str(FIXTURES / "small3.csv"))
    assert code == 0
    assert "Alpha" in out and "Rank" in out


def test_sweden_ranking_from_the_command_line() -> None:
    code, out, err = _run("crossimpact", str(FIXTURES / "sweden_weitz2018.json"), "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["id"] for row in rows[:7]] == ["16.6", "12.1", "8.4", "12.5", "9.5", "4.4", "5.5"]
    assert rows[0]["total"] == 567
    assert "Warning" not in err


def test_audit_lists_every_wrong_derived_value() -> None:
    code, out, _ = _run("crossimpact", str(FIXTURES / "wrong_derived.csv"), "--audit", "-f", "json")
    assert code == 1
    assert json.loads(out) == [
        {"id": "B", "column": "Sum", "stored": 3, "computed": 4},
        {"id": "C", "column": "2nd", "stored": -3, "computed": -4},
        {"id": "C", "column": "Rank", "stored": 2, "computed": 3},
    ]


def test_without_audit_a_mismatch_is_still_reported_on_stderr() -> None:
    code, out, err = _run("crossimpact", str(FIXTURES / "wrong_derived.csv"), "-f", "json")
    assert code == 0
    assert len(json.loads(out)) == 3
    assert "3 stored derived values do not follow" in err
    assert "(columns: Sum, 2nd, Rank)" in " ".join(err.split())


def test_audit_of_a_consistent_file_and_of_a_file_without_derived_columns() -> None:
    code, _, err = _run("crossimpact", str(FIXTURES / "sweden_weitz2018.json"), "--audit")
    assert code == 0
    assert "All 177 stored derived values follow from the cells." in err
    code, out, err = _run("crossimpact", str(FIXTURES / "small3.csv"), "--audit", "-f", "json")
    assert code == 0
    assert json.loads(out) == []
    assert "no derived columns" in err


def test_clusters_and_trade_offs_views() -> None:
    path = str(FIXTURES / "small3.csv")
    code, out, _ = _run("crossimpact", path, "--view", "trade-offs", "-f", "json")
    assert code == 0
    assert json.loads(out) == [
        {"source": "C", "target": "B", "score": -2, "evidence": []},
        {"source": "A", "target": "C", "score": -1, "evidence": []},
    ]
    code, out, _ = _run("crossimpact", path, "--view", "clusters", "-f", "json")
    assert code == 0
    clusters = json.loads(out)
    assert sorted(member for cluster in clusters for member in cluster["members"]) == [
        "A",
        "B",
        "C",
    ]


def test_bad_score_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(",A,B\nA,0,5\nB,1,0\n", encoding="utf-8")
    code, out, err = _run("crossimpact", str(path))
    assert code == 1
    assert out == ""
    assert "cell A -> B holds 5" in " ".join(err.split())


def test_unreadable_file_is_an_error_naming_the_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(",A,B\nA,0,[x]\nB,1,0\n", encoding="utf-8")
    code, _, err = _run("crossimpact", str(path))
    assert code == 1
    flat = " ".join(err.split())
    assert "line 2, column 3 (A -> B): '[x]' is not a number" in flat


def test_non_zero_diagonal_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "diag.csv"
    path.write_text(",A,B\nA,2,1\nB,1,0\n", encoding="utf-8")
    code, out, err = _run("crossimpact", str(path), "-f", "json")
    assert code == 0
    assert json.loads(out)[0]["out"] == 1
    assert "non-zero diagonal ignored for: A" in err


def test_convert_between_formats_with_derived_columns(tmp_path: Path) -> None:
    target = tmp_path / "sweden.xlsx"
    code, _, err = _run(
        "matrix", "convert", str(FIXTURES / "sweden_weitz2018.json"), str(target), "--derived"
    )
    assert code == 0
    assert "34 x 34" in err
    converted = read_matrix(target)
    original = read_matrix(FIXTURES / "sweden_weitz2018.json")
    assert converted.ids == original.ids
    assert converted.names == original.names
    np.testing.assert_array_equal(converted.matrix, original.matrix)
    assert converted.derived["total"]["16.6"] == 567
    assert converted.derived["rank"]["17.11"] == 34
    code, _, err = _run("crossimpact", str(target), "--audit")
    assert code == 0
    assert "All 306 stored derived values follow" in err


def test_convert_to_an_unknown_format_fails(tmp_path: Path) -> None:
    code, _, err = _run("matrix", "convert", str(FIXTURES / "small3.csv"), str(tmp_path / "m.ods"))
    assert code == 1
    assert "unknown matrix format" in err


def test_messages_in_spanish() -> None:
    result = runner.invoke(
        app, ["--lang", "es", "crossimpact", str(FIXTURES / "wrong_derived.csv"), "-f", "json"]
    )
    assert result.exit_code == 0
    assert "valores derivados" in result.stderr


def test_ratings_give_the_median_matrix_and_shared_ranks() -> None:
    path = str(FIXTURES / "ratings_small.csv")
    code, out, err = _run("crossimpact", path, "--ratings", "-f", "json")
    assert code == 0
    # Medians X->Y 2, Y->X -2, Z->Y 1.5 (X->Z 1 and -1 give 0): totals X 0, Z 0, Y -4.
    rows = json.loads(out)
    assert [(row["id"], row["total"], row["rank"]) for row in rows] == [
        ("X", 0, 1),
        ("Z", 0, 1),
        ("Y", -4, 3),
    ]
    assert "1 contested cells (ratings of both signs): X -> Z" in " ".join(err.split())


def test_ratings_cells_and_agreement_views() -> None:
    path = str(FIXTURES / "ratings_small.csv")
    code, out, _ = _run("crossimpact", path, "--ratings", "--view", "cells", "-f", "json")
    assert code == 0
    cells = json.loads(out)
    assert cells[1] == {
        "source": "X",
        "target": "Z",
        "median": 0,
        "ratings": 2,
        "minimum": -1,
        "maximum": 1,
        "range": 2,
        "iqr": 1,
        "contested": True,
        "raters": ["r1", "r2"],
        "evidence": ["S3", "S4"],
    }
    code, out, _ = _run("crossimpact", path, "--ratings", "--view", "agreement", "-f", "json")
    assert code == 0
    payload = json.loads(out)
    nan = float("nan")
    reference = krippendorff.alpha(
        reliability_data=[[2, 1, -2, nan], [3, -1, nan, 1], [2, nan, nan, 2]],
        level_of_measurement="ordinal",
    )
    assert payload["alpha"] == pytest.approx(reference)
    assert (payload["raters"], payload["cells"], payload["pairable_cells"]) == (3, 4, 3)
    assert payload["contested_cells"] == 1


def test_ratings_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text("from,to,rater,score\nA,B,r1,1\nA,B,r1,2\n", encoding="utf-8")
    code, _, err = _run("crossimpact", str(path), "--ratings")
    assert code == 1
    assert "line 3: rater r1 already rated A -> B" in " ".join(err.split())
    path.write_text("from,to,rater,score\nA,B,r1,7\n", encoding="utf-8")
    code, _, err = _run("crossimpact", str(path), "--ratings")
    assert code == 1
    assert "line 2 (A -> B, rater r1): score 7 is outside -3..3" in " ".join(err.split())


def test_views_and_options_that_need_ratings() -> None:
    code, _, err = _run("crossimpact", str(FIXTURES / "small3.csv"), "--view", "cells")
    assert code == 1
    assert "--view cells needs --ratings" in err
    code, _, err = _run("crossimpact", str(FIXTURES / "ratings_small.csv"), "--ratings", "--audit")
    assert code == 1
    assert "--audit needs a matrix file" in " ".join(err.split())


def test_ratings_trade_offs_carry_their_evidence() -> None:
    path = str(FIXTURES / "ratings_small.csv")
    code, out, _ = _run("crossimpact", path, "--ratings", "--view", "trade-offs", "-f", "json")
    assert code == 0
    assert json.loads(out) == [{"source": "Y", "target": "X", "score": -2, "evidence": ["S5"]}]
