"""``code add``: the coded text shown, a span that cuts a word warned about, ``--snap``, and
``--match`` folded as search folds, with the number of spans coded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app

app = load_app()
runner = CliRunner()
TEXT = (
    "Las direcciones se coordinan con la Secretaría. Según la DIRECCIÓN no hay reglas.\n\n"
    "La dirección general no responde."
)
CODE = "reglas.ausencia"


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args])


@pytest.fixture
def db(tmp_path: Path, mini_case: Path) -> Path:
    path = tmp_path / "c.db"
    assert run(path, "load", str(mini_case)).exit_code == 0
    (tmp_path / "E01.txt").write_text(TEXT, encoding="utf-8")
    assert run(path, "docs", "add", str(tmp_path / "E01.txt"), "--kind", "interview").exit_code == 0
    return path


def added(result) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [(row["start"], row["end"], row["text"]) for row in json.loads(result.stdout)]


def test_match_folds_accents_and_case_and_counts(db: Path) -> None:
    result = run(db, "code", "add", "E01", CODE, "--match", "direccion", "-f", "json")
    assert [text for _s, _e, text in added(result)] == ["DIRECCIÓN", "dirección"]
    assert "2 spans matching 'direccion' coded in E01" in result.stderr
    # whole words only: "direcciones" is not "direccion"
    one = run(db, "code", "add", "E01", CODE, "--match", "SECRETARIA", "-f", "json")
    assert [text for _s, _e, text in added(one)] == ["Secretaría"]
    assert "1 span matching 'SECRETARIA' coded in E01" in one.stderr


def test_a_half_word_span_is_coded_with_a_warning(db: Path) -> None:
    start = TEXT.index("coordinan") + 2
    end = TEXT.index(" con la") + 7
    result = run(db, "code", "add", "E01", str(start), str(end), CODE, "-f", "json")
    assert added(result) == [(start, end, "ordinan con la")]
    warning = " ".join(result.stderr.split())
    assert f"the span {start}..{end} cuts a word: «ordinan con la»" in warning
    word_start = TEXT.index("coordinan")
    assert f"--snap word would code {word_start}..{end}: «coordinan con la»" in warning


def test_snap_to_words_and_to_sentences(db: Path) -> None:
    start = TEXT.index("coordinan") + 2
    end = TEXT.index(" con la") + 7
    words = run(
        db, "code", "add", "E01", str(start), str(end), CODE, "--snap", "word", "-f", "json"
    )
    assert [text for _s, _e, text in added(words)] == ["coordinan con la"]
    assert "cuts a word" not in words.stderr
    inside = TEXT.index("no hay")
    sentence = run(
        db, "code", "add", "E01", str(inside), str(inside + 3), CODE, "--snap", "sentence",
        "-f", "json",
    )  # fmt: skip
    assert [text for _s, _e, text in added(sentence)] == ["Según la DIRECCIÓN no hay reglas."]


def test_matches_in_one_sentence_snap_to_one_coding(db: Path) -> None:
    result = run(
        db, "code", "add", "E01", CODE, "--match", "la", "--snap", "sentence", "-f", "json"
    )
    texts = [text for _s, _e, text in added(result)]
    assert texts == [
        "Las direcciones se coordinan con la Secretaría.",
        "Según la DIRECCIÓN no hay reglas.",
        "La dirección general no responde.",
    ]
    assert "3 spans matching 'la' coded in E01" in result.stderr


def test_the_table_shows_the_coded_text(db: Path) -> None:
    start = TEXT.index("no hay")
    result = run(db, "code", "add", "E01", str(start), str(start + 13), CODE)
    assert result.exit_code == 0 and "no hay reglas" in result.stdout
