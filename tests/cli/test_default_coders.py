"""``agree`` and ``disagreements`` compare the case's coders when exactly two people coded it;
otherwise the error lists the coders there are, with their accepted codings."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from concierto.casefile.database import resolve_case
from concierto.cli import load_app
from concierto.evidence.adjudication import adjudicate
from concierto.evidence.store import add_coding
from concierto.store import open_store

app = load_app()
runner = CliRunner()
X = "reglas.ausencia"


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args], env={"CONCIERTO_CODER": ""})


def test_agree_and_disagreements_default_to_the_two_coders(two_coders_db: Path) -> None:
    named = run(two_coders_db, "agree", "--coders", "A,B", "-f", "json")
    default = run(two_coders_db, "agree", "-f", "json")
    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout) == json.loads(named.stdout)
    assert "comparing the case's two coders: A, B" in default.stderr
    listing = run(two_coders_db, "disagreements", "-f", "json")
    assert listing.exit_code == 0, listing.output
    rows = json.loads(listing.stdout)
    assert [(row["start"], row["coder:A"], row["coder:B"]) for row in rows] == [
        (26, [X], ["vision.presente"])
    ]


def test_an_adjudication_does_not_make_a_third_coder(two_coders_db: Path) -> None:
    store = open_store(two_coders_db)
    with store.session() as session:
        adjudicate(session, resolve_case(session, None), "D1", 26, 47, X, "Lucia")
    store.close()
    result = run(two_coders_db, "agree", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "comparing the case's two coders: A, B" in result.stderr


def test_three_coders_are_listed_with_their_counts(two_coders_db: Path) -> None:
    store = open_store(two_coders_db)
    with store.session() as session:
        case = resolve_case(session, None)
        add_coding(session, case, document="D1", code=X, coder="C", start=0, end=25)
    store.close()
    for command in ("agree", "disagreements"):
        result = run(two_coders_db, command)
        assert result.exit_code == 1
        message = " ".join(result.stderr.split())
        assert "choose the coders to compare with --coders A,B[,C]" in message
        assert "coders with accepted codings in this case: A (2), B (2), C (1)" in message


def test_an_unknown_coder_is_named_with_the_coders_there_are(two_coders_db: Path) -> None:
    result = run(two_coders_db, "agree", "--coders", "A,bea")
    assert result.exit_code == 1
    assert "coder 'bea' has no accepted codings in this case (coders: A (2), B (2))" in " ".join(
        result.stderr.split()
    )


def test_no_disagreement_says_why(two_coders_db: Path) -> None:
    result = run(two_coders_db, "disagreements", "--codes", X, "--unit", "paragraph", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == []
    assert (
        "A, B apply the same codes to every paragraph (codes compared: 1; codings: A 2, B 1)"
        in " ".join(result.stderr.split())
    )
