"""``concierto agree --coders ...``: agreement of the case's coders, from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import concierto.cli.agree  # noqa: F401  (registers the command)
from concierto.cli.app import app
from concierto.evidence.adjudication import set_blind
from concierto.measures.agreement import CodedSpan, unitised_alpha
from concierto.store import open_store

X, Y = "reglas.ausencia", "vision.presente"  # as in conftest.py
THREE = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo."
runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_table_and_language(wide_tables: None) -> None:
    """Every test here prints tables (see ``wide_tables``)."""


@pytest.fixture
def db(two_coders_db: Path) -> Path:
    """The shared two-coder case (``tests/cli/conftest.py``)."""
    return two_coders_db


def _agree(db: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "agree", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_json_rows_per_code_with_uncoded_included(db: Path) -> None:
    code, out, err = _agree(
        db, "--coders", "A,B", "--unit", "sentence", "--codes", f"{X},{Y}", "--by", "code",
        "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    assert [(row["code"], row["per_code"]) for row in rows] == [
        (f"{X}+{Y}", False),
        (X, True),
        (Y, True),
    ]
    assert {row["uncoded"] for row in rows} == {"included"}
    assert rows[0]["alpha"] == pytest.approx(6 / 11)
    assert rows[1]["alpha"] == pytest.approx(4 / 9)
    assert rows[1]["cohen_kappa"] == pytest.approx(0.4)
    assert rows[0]["units_used"] == ["doc:D1@0-25", "doc:D1@26-47", "doc:D1@48-74"]
    assert all(item.startswith("seg:") for item in rows[0]["evidence"])
    assert rows[0]["document"] is None


def test_excluding_uncoded_units_is_stated_and_changes_alpha(db: Path) -> None:
    code, out, _err = _agree(db, "--coders", "A,B", "--codes", f"{X},{Y}", "--exclude-uncoded")
    assert code == 0
    flat = " ".join(out.split())
    assert "by sentence (uncoded units excluded)" in flat
    code, out, _err = _agree(
        db, "--coders", "A,B", "--codes", f"{X},{Y}", "--exclude-uncoded", "-f", "csv"
    )
    (values,) = list(csv.DictReader(io.StringIO(out)))
    assert values["uncoded"] == "excluded"
    assert float(values["alpha"]) == pytest.approx(0.0)
    assert values["units"] == "2" and values["uncoded_units"] == "1"


def test_undefined_is_a_word_and_a_reason_never_a_number(db: Path) -> None:
    # The document is one paragraph and both coders applied X in it: a single value overall.
    code, out, _err = _agree(db, "--coders", "A,B", "--codes", X, "--unit", "paragraph")
    assert code == 0
    assert "undefined" in out
    code, out, _err = _agree(
        db, "--coders", "A,B", "--codes", X, "--unit", "paragraph", "-f", "json"
    )
    (row,) = json.loads(out)
    assert row["alpha"] is None
    assert "no disagreement can be expected by chance" in row["undefined_reason"]


def test_bootstrap_interval_is_reproducible(db: Path) -> None:
    args = ("--coders", "A,B", "--codes", f"{X},{Y}", "--bootstrap", "200", "-f", "json")
    first = json.loads(_agree(db, *args)[1])
    second = json.loads(_agree(db, *args)[1])
    assert first == second
    assert first[0]["interval"]["seed"] == 20_240_917
    assert first[0]["interval"]["resamples"] == 200
    assert first[0]["ci_low"] <= first[0]["alpha"] <= first[0]["ci_high"]


def test_segment_level_reports_unitised_alpha(db: Path) -> None:
    code, out, err = _agree(db, "--coders", "A,B", "--codes", X, "--unit", "segment", "-f", "json")
    assert code == 0, err
    (row,) = json.loads(out)
    # Code X: A marks [0, 25) and [26, 47), B marks [0, 25) of the 74 characters.
    spans = [CodedSpan("A", 0, 25, X), CodedSpan("A", 26, 47, X), CodedSpan("B", 0, 25, X)]
    expected = unitised_alpha(spans, len(THREE), ["A", "B"])
    assert row["unit"] == "segment" and "alpha" not in row
    assert row["alpha_u"] == pytest.approx(expected.alpha)
    assert row["binary_alpha_u"] == pytest.approx(expected.binary_alpha)
    assert row["documents_skipped"] == []
    code, out, err = _agree(
        db, "--coders", "A,B", "--codes", X, "--unit", "segment", "--bootstrap", "50", "-f", "json"
    )
    assert code == 0 and "no bootstrap interval at the segment level" in err
    assert "interval" not in json.loads(out)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--coders", "A"), "at least two coders"),
        (("--coders", "A,Z"), "coder 'Z' has no accepted codings"),
        (("--coders", "A,B", "--codes", "no.such"), "unknown code 'no.such'"),
        (("--coders", "A,B", "--by", "coder"), "unknown --by 'coder'"),
        (("--coders", "A,B", "--level", "interval"), "leave out --level"),
        (("data.csv", "--coders", "A,B", "--level", "nominal"), "not both"),
    ],
)
def test_errors_are_named(db: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = _agree(db, *args)
    assert code == 1 and out == ""
    assert message in " ".join(err.split())


def test_a_blind_coder_gets_no_comparison_until_the_analysis_opens(db: Path) -> None:
    store = open_store(db)
    with store.session() as session:
        set_blind(session, "A", True)
    store.close()
    code, _out, err = _agree(db, "--coders", "A,B", env={"CONCIERTO_CODER": "A"})
    assert code == 1 and "codes blind" in err
    code, _out, _err = _agree(db, "--coders", "A,B", env={"CONCIERTO_CODER": "B"})
    assert code == 0
    opened = runner.invoke(app, ["--db", str(db), "analysis", "open"])
    assert opened.exit_code == 0
    code, _out, _err = _agree(db, "--coders", "A,B", env={"CONCIERTO_CODER": "A"})
    assert code == 0


def test_spanish_report(db: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(db), "--lang", "es", "agree", "--coders", "A,B", "--exclude-uncoded"]
    )
    assert result.exit_code == 0
    assert "excluidas" in " ".join(result.stdout.split())
