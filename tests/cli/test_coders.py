"""``coders ls|blind``, ``analysis open``, ``disagreements`` and ``adjudicate``; blind mode."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import concierto.cli.agree
import concierto.cli.coders
from concierto.cli.app import app
from concierto.i18n import catalog
from concierto.measures.agreement import reliability
from concierto.measures.agreement.alpha import NO_PAIRABLE_VALUES, SINGLE_VALUE
from concierto.measures.agreement.kappa import NO_CHANCE_DISAGREEMENT, NO_UNITS
from concierto.measures.agreement.unitised import NO_EXPECTED_DISAGREEMENT
from concierto.model import Coder, Coding
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


def _run(db: Path, *args: str, viewer: str | None = None) -> tuple[int, str, str]:
    env = {"CONCIERTO_CODER": viewer} if viewer else {"CONCIERTO_CODER": ""}
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def _coders(db: Path, viewer: str | None = None) -> dict[str, dict[str, object]]:
    code, out, err = _run(db, "coders", "ls", "-f", "json", viewer=viewer)
    assert code == 0, err
    return {row["coder"]: row for row in json.loads(out)}


def test_blind_coder_listing_sees_only_own_codings_until_analysis_open(db: Path) -> None:
    assert set(_coders(db)) == {"A", "B"}
    assert _run(db, "coders", "blind", "A", "--on")[0] == 0
    assert set(_coders(db, viewer="A")) == {"A"}
    assert _coders(db, viewer="A")["A"]["codings"] == 2
    assert set(_coders(db, viewer="B")) == {"A", "B"}  # B is not blind
    code, _out, err = _run(db, "disagreements", "--coders", "A,B", viewer="A")
    assert code == 1 and "codes blind" in err
    code, out, _err = _run(db, "coders", "ls", viewer="A")
    assert "only your own codings" in " ".join(out.split())
    assert _run(db, "analysis", "open")[0] == 0
    assert set(_coders(db, viewer="A")) == {"A", "B"}
    assert _run(db, "disagreements", "--coders", "A,B", viewer="A")[0] == 0


def test_blind_can_be_switched_off(db: Path) -> None:
    _run(db, "coders", "blind", "A", "--on")
    code, out, _err = _run(db, "coders", "blind", "A", "--off")
    assert code == 0 and "sees all" in out
    assert _coders(db)["A"]["blind"] is False
    assert set(_coders(db, viewer="A")) == {"A", "B"}


def test_disagreements_side_by_side_with_the_text(db: Path) -> None:
    code, out, err = _run(
        db, "disagreements", "--coders", "A,B", "--unit", "sentence", "--codes", f"{X},{Y}",
        "-f", "csv",
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["start"], r["text"], r["coder:A"], r["coder:B"]) for r in rows] == [
        ("26", "No hay reglas claras.", X, Y)
    ]
    code, out, _err = _run(
        db, "disagreements", "--coders", "A,B", "--codes", X, "--document", "D1", "-f", "json"
    )
    (row,) = json.loads(out)
    assert (row["coder:A"], row["coder:B"]) == ([X], "-")
    code, _out, err = _run(db, "disagreements", "--coders", "A,B", "--document", "nope")
    assert code == 1 and "unknown document 'nope'" in err


def test_adjudicate_records_consensus_with_who_decided(db: Path) -> None:
    code, out, err = _run(db, "adjudicate", "D1", "26", "47", X, "--by", "Lucia")
    assert code == 0, err
    assert "consensus coding seg:" in out and "by Lucia" in out
    store = open_store(db)
    with store.session() as session:
        coding = session.scalars(select(Coding).order_by(Coding.id.desc())).first()
        assert coding is not None and coding.decided_at is not None
        decider = session.get(Coder, coding.decided_by_id)
        assert decider is not None and decider.key == "Lucia"
    store.close()
    assert _coders(db)["consensus"]["codings"] == 1
    code, _out, err = _run(db, "adjudicate", "D1", "26", "470", X, "--by", "Lucia")
    assert code == 1 and "outside document" in err
    code, out, err = _run(db, "--as", "B", "adjudicate", "D1", "26", "47", X)
    assert code == 0 and "by B" in out, err  # without --by, the one looking decided


def _messages(module: object) -> set[str]:
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    return {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_message_has_a_spanish_translation() -> None:
    messages = _messages(concierto.cli.coders) | _messages(concierto.cli.agree)
    messages |= {
        NO_PAIRABLE_VALUES,
        SINGLE_VALUE,
        NO_UNITS,
        NO_CHANCE_DISAGREEMENT,
        NO_EXPECTED_DISAGREEMENT,
        reliability.NO_SHARED_DOCUMENT,
        reliability.OVERLAPPING_CODES,
    }
    spanish = catalog("es")
    assert [message for message in messages if spanish.gettext(message) == message] == []
