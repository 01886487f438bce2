"""The text-intelligence commands: mentions, suggest rules/ls/review/evaluate, overlap."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from concierto.cli import load_app

app = load_app()
runner = CliRunner()


def invoke(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args])


def test_suggestion_workflow(tmp_path: Path, mini_case: Path) -> None:
    db = tmp_path / "s.db"
    assert invoke(db, "load", str(mini_case)).exit_code == 0
    doc = tmp_path / "E05.txt"
    doc.write_text("E05: No hay reglas con la Agencia Uno. Todo va por oficio.\n", encoding="utf-8")
    assert invoke(db, "docs", "add", str(doc), "--kind", "interview").exit_code == 0
    result = invoke(db, "mentions", "detect")
    assert result.exit_code == 0 and "1 mentions found" in result.output
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - {id: r1, code: reglas.ausencia, keywords: [no hay reglas]}\n", encoding="utf-8"
    )
    assert "1 suggestions stored" in invoke(db, "suggest", "rules", str(rules)).output
    rows = json.loads(invoke(db, "suggest", "ls", "-f", "json").output)
    assert [(r["code"], r["origin"], r["status"]) for r in rows] == [
        ("reglas.ausencia", "rule:r1", "suggested")
    ]
    assert json.loads(invoke(db, "code", "ls", "-f", "json").output) == []
    reviewed = invoke(db, "suggest", "review", "--accept", str(rows[0]["id"]), "--by", "ana")
    assert "1 accepted, 0 rejected" in reviewed.output
    assert len(json.loads(invoke(db, "code", "ls", "-f", "json").output)) == 1
    scores = json.loads(invoke(db, "suggest", "evaluate", "-f", "json").output)
    assert scores[0]["code"] == "reglas.ausencia" and scores[0]["false_positives"] == 1
    missing = invoke(db, "suggest", "review", "--reject", "999")
    assert missing.exit_code == 1 and "no suggestion seg:999" in missing.output


def test_overlap_commands(tmp_path: Path, mini_case: Path) -> None:
    db = tmp_path / "o.db"
    assert invoke(db, "load", str(mini_case)).exit_code == 0
    found = invoke(
        db, "overlap", "find", "--model", "hashing", "--k", "1", "--threshold", "0.5", "-f", "json"
    )
    assert found.exit_code == 0, found.output
    pairs = json.loads(found.output)
    assert pairs[0]["overlaps"] == 1 and pairs[0]["index"] == 1.0
    with sqlite3.connect(db) as connection:  # the vectors are cached in the store
        assert connection.execute("select count(*) from embedding").fetchone()[0] == 2
    candidates = json.loads(invoke(db, "overlap", "ls", "-f", "json").output)
    assert invoke(db, "overlap", "confirm", str(candidates[0]["id"])).exit_code == 0
    assert json.loads(invoke(db, "overlap", "ls", "-f", "json").output)[0]["status"] == (
        "confirmed"
    )
