"""Every measure and query that finds nothing says why, from its inputs: under the table, or
on stderr beside CSV and JSON (which stay machine-readable). The designed case ``quiet``
(tests/fixtures/cases/quiet) makes each of them come back empty for a known reason."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app

app = load_app()
runner = CliRunner()
QUIET = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "quiet"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quiet") / "quiet.db"
    result = runner.invoke(app, ["--db", str(path), "load", str(QUIET)])
    assert result.exit_code == 0, result.output
    return path


def csv_reason(db: Path, *args: str) -> str:
    """Run a command with CSV output: it must hold only its header; return the stderr note."""
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 1, result.stdout  # the header only: the reason is not in the data
    return " ".join(result.stderr.split())


def table_output(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


CASES = [
    (
        ("measure", "gaps"),
        "no interaction scored at ±2 or more between objectives of different actors (strong "
        "cells: 1, each within one actor's elements or without actors), so no coordination is "
        "required",
    ),
    (
        ("measure", "gaps", "--threshold", "3.5"),
        "no interaction scored at ±3.5 or more (scored cells: 2, the strongest ±3), so no "
        "coordination is required",
    ),
    (
        ("measure", "gaps", "--threshold", "1"),
        "every pair of actors that must coordinate (pairs: 1; interactions at ±1 or more) is "
        "linked by a tie in information_exchange or interaction_rule, so there is no gap",
    ),
    (
        ("measure", "structure", "--view", "series"),
        "no actor has a creation or dissolution date and there are no events (actors: 3)",
    ),
    (
        ("measure", "structure", "--view", "churn"),
        "the case records no structural events (creations, mergers, reattachments…; actors: 3, "
        "with a creation date: 0), so there is no churn",
    ),
    (
        ("measure", "structure", "--view", "spans"),
        "no actor is attached to a parent body (actors: 3), so there is no span of control",
    ),
    (
        ("measure", "structure", "--view", "budgets"),
        "no programme names its executors (objectives and programmes: 3)",
    ),
    (
        ("measure", "brokerage", "--view", "paths"),
        "no open two-path (a → b → c with no tie from a to c; ties: 1, actors: 3), so no actor "
        "brokers",
    ),
    (
        ("measure", "metcalfe"),
        "no mechanism, assessment or coded segment names two actors at a Metcalfe level "
        "(mechanisms: 0, without a level: 0; assessments: 0), so no pair of actors is on the "
        "scale",
    ),
    (
        ("measure", "metcalfe", "--view", "actors"),
        "so no pair of actors is on the scale",
    ),
    (
        ("measure", "crossimpact", "--view", "trade-offs"),
        "no cell of the 3×3 matrix is negative, so there is no trade-off",
    ),
    (
        ("measure", "alignment"),
        "the case has no policy objectives (elements by type: institutional_objective 3), so "
        "there is nothing to cover",
    ),
    (
        ("measure", "alignment", "--view", "conflicts"),
        "no negative interaction links elements of different actors (scored cells: 2, "
        "negative: 0)",
    ),
    (
        ("measure", "alignment", "--view", "edges"),
        "the case has no contributions between elements, so the objective tree has no edges",
    ),
    (
        ("measure", "centrifugal", "--view", "policies"),
        "the case has no policy objectives (elements by type: institutional_objective 3), so "
        "no policy has actors to average over",
    ),
    (
        ("query", "frequency"),
        "the case has no accepted codings (documents: 0; code them with concierto code add",
    ),
    (
        ("query", "retrieve", "reglas.ausencia"),
        "the case has no accepted codings (documents: 0;",
    ),
    (
        ("query", "cooccurrence"),
        "co-occurrence needs two different codes applied (codes applied: 0)",
    ),
]


@pytest.mark.parametrize(("args", "reason"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_an_empty_result_says_why_on_stderr_beside_csv(
    db: Path, args: tuple[str, ...], reason: str
) -> None:
    assert reason in csv_reason(db, *args)


def test_the_table_shows_the_reason_under_it(db: Path) -> None:
    assert "so no coordination is required" in table_output(db, "measure", "gaps")
    assert "no authority ties among the 3 actors; the case's ties by layer: " in table_output(
        db, "measure", "network", "--layer", "authority", "--view", "actors"
    )


def test_layers_with_no_ties_are_named(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "measure", "network", "-f",
                                 "json"])  # fmt: skip
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 8  # every layer and the union, still JSON
    assert (
        "no ties in: interaction_rule, consultation, joint_work, funding, authority, conflict"
        in " ".join(result.stderr.split())
    )


def test_consensus_with_nobody_to_count(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "query", "consensus", "-f",
                                 "json"])  # fmt: skip
    assert result.exit_code == 0
    assert all(pair["n"] == 0 for pair in json.loads(result.stdout)["pairs"])
    assert "there is no interviewee to count (documents: 0, interviews: 0;" in " ".join(
        result.stderr.split()
    )


def test_a_what_if_that_changes_nothing(db: Path, tmp_path: Path) -> None:
    assume = tmp_path / "same.yaml"
    assume.write_text(
        "interactions:\n  - {from: w1, to: r1, rater: r-1, score: 1, provenance: illustrative}\n",
        encoding="utf-8",
    )
    reason = csv_reason(db, "measure", "coherence", "--assume", str(assume))
    assert "the assumptions change no figure (assumptions applied: 1)" in reason


def test_a_result_that_is_not_empty_says_nothing(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "measure", "structure", "-f",
                                 "csv"])  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
