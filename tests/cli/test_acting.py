"""The person who is looking (``--as``, ``CONCIERTO_CODER``) is the default author of every
coding, memo, review and adjudication; ``--coder`` / ``--by`` only override it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from concierto.cli import load_app
from concierto.evidence.acting import DEFAULT_PERSON, NamedBy, acting_key, acting_person
from concierto.model import Coder, Coding, Memo
from concierto.store import open_store

app = load_app()
runner = CliRunner()
TEXT = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo.\n"


def run(db: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args], env=env)


@pytest.fixture
def db(tmp_path: Path, mini_case: Path) -> Path:
    path = tmp_path / "c.db"
    assert run(path, "load", str(mini_case)).exit_code == 0
    (tmp_path / "D1.txt").write_text(TEXT, encoding="utf-8")
    assert run(path, "docs", "add", str(tmp_path / "D1.txt"), "--kind", "interview").exit_code == 0
    return path


def coders_of(db: Path, model: type[Coding] | type[Memo]) -> list[str]:
    store = open_store(db)
    with store.session() as session:
        keys = list(
            session.scalars(
                select(Coder.key).join(model, model.coder_id == Coder.id).order_by(model.id)
            )
        )
    store.close()
    return keys


def test_second_coder_by_as_is_the_author_and_agree_compares_them(db: Path) -> None:
    first = run(db, "--as", "ana", "code", "add", "D1", "reglas.ausencia", "--match", "No hay")
    assert first.exit_code == 0, first.output
    assert "new coder 'ana' created" in first.stderr
    second = run(db, "--as", "bea", "code", "add", "D1", "reglas.ausencia", "--match", "No hay")
    assert second.exit_code == 0, second.output
    assert "new coder 'bea' created" in second.stderr
    assert coders_of(db, Coding) == ["ana", "bea"]
    agreed = run(db, "agree", "--coders", "ana,bea", "-f", "json")
    assert agreed.exit_code == 0, agreed.output
    assert json.loads(agreed.stdout)[0]["alpha"] == pytest.approx(1.0)


def test_environment_names_the_author_and_coder_overrides_it(db: Path) -> None:
    env = {"CONCIERTO_CODER": "bea"}
    assert run(db, "code", "add", "D1", "0", "25", "reglas.ausencia", env=env).exit_code == 0
    assert (
        run(db, "code", "add", "D1", "0", "25", "reglas.ausencia", "--coder", "cai", env=env)
    ).exit_code == 0
    assert run(db, "code", "add", "D1", "reglas.ausencia", "--whole", env=env).exit_code == 0
    assert coders_of(db, Coding) == ["bea", "cai", "bea"]


def test_memo_review_and_adjudication_default_to_the_one_looking(db: Path) -> None:
    assert run(db, "--as", "bea", "memo", "add", "Leer otra vez").exit_code == 0
    assert coders_of(db, Memo) == ["bea"]
    decided = run(db, "--as", "bea", "adjudicate", "D1", "0", "25", "reglas.ausencia")
    assert decided.exit_code == 0, decided.output
    assert "by bea" in decided.stdout
    store = open_store(db)
    with store.session() as session:
        coding = session.scalars(select(Coding)).one()
        decider = session.get(Coder, coding.decided_by_id)
        assert decider is not None and decider.key == "bea"
    store.close()


def test_suggestion_review_defaults_to_the_one_looking(tmp_path: Path, db: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: r1\n    code: reglas.ausencia\n    keywords: [reglas]\n", encoding="utf-8"
    )
    assert run(db, "suggest", "rules", str(rules)).exit_code == 0, "rules"
    listed = json.loads(run(db, "suggest", "ls", "-f", "json").stdout)
    ids = [str(row["id"]).removeprefix("seg:") for row in listed]
    assert ids
    reviewed = run(db, "--as", "bea", "suggest", "review", "--accept", ids[0])
    assert reviewed.exit_code == 0, reviewed.output
    store = open_store(db)
    with store.session() as session:
        coding = session.get(Coding, int(ids[0]))
        assert coding is not None and coding.decided_by_id is not None
        decider = session.get(Coder, coding.decided_by_id)
        assert decider is not None and decider.key == "bea"
    store.close()


def test_an_invalid_coder_is_refused_and_nothing_is_stored(db: Path) -> None:
    result = run(db, "--as", "bea xx", "code", "add", "D1", "0", "25", "reglas.ausencia")
    assert result.exit_code == 1
    assert "invalid coder id 'bea xx'" in result.output
    assert coders_of(db, Coding) == []


def test_who_is_acting_rule() -> None:
    assert acting_key("cai", "bea") == ("cai", NamedBy.override)
    assert acting_key(None, "bea") == ("bea", NamedBy.viewer)
    assert acting_key(" ", None) == (DEFAULT_PERSON, NamedBy.default)


def test_acting_person_says_when_the_coder_is_new(db: Path) -> None:
    store = open_store(db)
    with store.session() as session:
        assert acting_person(session, None, "bea").created
        assert not acting_person(session, "bea", None).created
    store.close()


def test_a_matrix_imported_without_rater_is_scored_by_the_one_looking(
    db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "m.csv"
    assert run(db, "matrix", "export", str(target), "--rater", "analista-1").exit_code == 0
    imported = run(db, "--as", "bea", "matrix", "import", str(target))
    assert imported.exit_code == 0, imported.output
    assert "Stored 2 scores by bea" in imported.stderr
    cells = json.loads(run(db, "measure", "crossimpact", "--view", "cells", "-f", "json").stdout)
    assert {rater for cell in cells for rater in cell["raters"]} == {
        "analista-1",
        "analista-2",
        "bea",
    }


@pytest.mark.parametrize("reserved", ["consensus", "concierto"])
def test_the_reserved_coders_cannot_act(db: Path, reserved: str) -> None:
    result = run(db, "--as", reserved, "code", "add", "D1", "0", "25", "reglas.ausencia")
    assert result.exit_code == 1
    assert f"the coder '{reserved}' is reserved for" in " ".join(result.stderr.split())
    assert coders_of(db, Coding) == []
