"""``concierto agree FILE.csv``: reading the reliability file, output formats and errors."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import concierto.cli.agree  # registers the command
from concierto.cli.agree import read_reliability_csv
from concierto.cli.app import app
from concierto.i18n import catalog, set_language
from concierto.measures.agreement.alpha import NO_PAIRABLE_VALUES, SINGLE_VALUE

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
PUBLISHED = """coder,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12
A,1,2,3,3,2,1,4,1,2,,,
B,1,2,3,3,2,2,4,1,2,5,,3
C,,3,3,3,2,3,4,2,2,5,1
D,1,2,3,3,2,4,4,1,2,5,1,
"""

runner = CliRunner()


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    """Tests switch the message language; give the next test the default one back."""
    yield
    set_language(None)


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _agree(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--lang", "en", "agree", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_json_output_on_the_published_example(tmp_path: Path, level: str, published: float) -> None:
    code, out, _ = _agree(str(_write(tmp_path, PUBLISHED)), "--level", level, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert round(payload["alpha"], 3) == published
    assert payload["level"] == level
    assert (payload["coders"], payload["units"], payload["pairable_values"]) == (4, 12, 40)
    assert payload["undefined_reason"] is None


def test_semicolons_decimal_commas_and_bom(tmp_path: Path) -> None:
    text = "\ufeffcodificador;s1;s2;s3\nana;1,5;2;3\nluis;1,5;2;4\n"
    path = _write(tmp_path, text)
    table = read_reliability_csv(path)
    assert table.coders == ("ana", "luis")
    assert table.units == ("s1", "s2", "s3")
    code, out, _ = _agree(str(path), "--level", "interval", "-f", "json")
    assert code == 0
    # Interval alpha by hand: n = 6, within-unit SS 0, 0, 0.5 (each unit m = 2 -> weight 2);
    # grand SS over 1.5, 1.5, 2, 2, 3, 4 = 4.8333; alpha = 1 - (5/6) * (2 * 0.5) / 4.8333.
    assert json.loads(out)["alpha"] == pytest.approx(1 - (5 / 6) * 1.0 / (29 / 6))


def test_nominal_labels_and_short_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "coder,a,b,c\nX,yes,no,yes\nY,yes,no\n")
    code, out, _ = _agree(str(path), "--level", "nominal", "-f", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["pairable_units"] == 2
    assert payload["alpha"] == pytest.approx(1.0)


def test_undefined_alpha_is_null_with_a_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, "c,u1,u2\nA,x,x\nB,x,x\n")
    code, out, _ = _agree(str(path), "--level", "nominal", "-f", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["alpha"] is None
    assert "every pairable value is the same" in payload["undefined_reason"]


def test_table_and_csv_formats(tmp_path: Path) -> None:
    path = str(_write(tmp_path, PUBLISHED))
    code, out, _ = _agree(path, "--level", "nominal", "-f", "csv")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.split(",")[:6] == [
        "alpha",
        "level",
        "coders",
        "units",
        "pairable_units",
        "pairable_values",
    ]
    assert row.startswith("0.7434,nominal,4,12,11,40")
    code, out, _ = _agree(path, "--level", "interval")
    assert code == 0
    assert "0.8491" in out


def test_bootstrap_interval_is_reproducible(tmp_path: Path) -> None:
    path = str(_write(tmp_path, PUBLISHED))
    runs = [
        json.loads(_agree(path, "--level", "interval", "--bootstrap", "100", "-f", "json")[1])
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    interval = runs[0]["interval"]
    assert interval["low"] < runs[0]["alpha"] < interval["high"]
    assert (interval["resamples"], interval["confidence"]) == (100, 0.95)
    other = json.loads(
        _agree(path, "--level", "interval", "--bootstrap", "100", "--seed", "5", "-f", "json")[1]
    )
    assert other["interval"]["low"] != interval["low"]


@pytest.mark.parametrize(
    ("text", "level", "message"),
    [
        (
            "c,u1,u2\nA,1,x\nB,1,2\n",
            "interval",
            "line 2, column 3 (unit 'u2'): 'x' is not a number",
        ),
        ("c,u1,u2\nA,1,-2\nB,1,2\n", "ratio", "line 2, column 3 (unit 'u2'): -2 is negative"),
        ("c,u1,u2\nA,1,2,3\nB,1,2\n", "nominal", "line 2, column 4: 3 values for 2 units"),
        ("c,u1,u1\nA,1,2\n", "nominal", "line 1, column 3: unit id 'u1' appears twice"),
        ("c,[b],[b]\nA,1,2\n", "nominal", "unit id '[b]' appears twice"),
        ("c,u1,\nA,1,2\n", "nominal", "line 1, column 3: empty unit id"),
        ("c,u1\nA,1\n\nA,2\n", "nominal", "line 4, column 1: coder name 'A' appears twice"),
        ("c,u1\n", "nominal", "no coder rows after the header"),
        ("coder\nA\n", "nominal", "line 1: the header row names no unit"),
        ("", "nominal", "line 1: the header row (unit ids) is missing"),
    ],
)
def test_errors_name_file_line_and_column(
    tmp_path: Path, text: str, level: str, message: str
) -> None:
    path = _write(tmp_path, text)
    code, out, err = _agree(str(path), "--level", level)
    assert code == 1
    assert out == ""
    flat = " ".join(err.split())
    assert str(path) in flat
    assert message in flat


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    code, _, err = _agree(str(tmp_path / "absent.csv"), "--level", "nominal")
    assert code == 1 and "no such file" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("c,u1\nJosé,1\n".encode("latin-1"))
    code, _, err = _agree(str(latin), "--level", "nominal")
    assert code == 1 and "not UTF-8" in err


def test_without_a_file_or_coders_both_forms_are_explained() -> None:
    code, _out, err = _agree("--level", "nominal")
    assert code == 1
    flat = " ".join(err.split())
    assert "concierto agree FILE.csv" in flat and "--coders A,B" in flat


def test_level_is_required(tmp_path: Path) -> None:
    code, _, err = _agree(str(_write(tmp_path, PUBLISHED)))
    assert code == 2
    assert "--level" in err


def test_messages_in_spanish(tmp_path: Path) -> None:
    path = _write(tmp_path, "c,u1,u2\nA,1,x\nB,1,2\n")
    result = runner.invoke(app, ["--lang", "es", "agree", str(path), "--level", "interval"])
    flat = " ".join(result.stderr.split())
    assert "línea 2, columna 3" in flat
    assert "no es un número" in flat


def test_every_message_has_a_spanish_translation() -> None:
    source = Path(concierto.cli.agree.__file__).read_text(encoding="utf-8")
    messages = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    messages |= {NO_PAIRABLE_VALUES, SINGLE_VALUE}
    spanish = catalog("es")
    assert len(messages) > 30
    assert [message for message in messages if spanish.gettext(message) == message] == []
