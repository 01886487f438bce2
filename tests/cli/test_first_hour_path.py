"""A researcher's first hour on a new, non-Peru designed case (tests/fixtures/cases/quiet),
through the CLI only: two coders by ``--as``, agreement and disagreements without naming
them, a project out through REFI-QDA and into an empty database with the same counts, and
an empty measure that says why, and a report in both languages with no sentence of the Peru
study stated as this case's own."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from concierto.cli import load_app
from report_claims import PERU_CLAIMS, visible_text
from store_counts import record_counts

app = load_app()
runner = CliRunner()
QUIET = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "quiet"
INTERVIEW = (  # illustrative, written for this test
    "Entrevistadora: ¿Cómo se coordinan con la Dirección de Caminos?\n\n"
    "E01: La Junta no comparte información con Caminos. No hay reglas claras para las obras.\n"
)


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result


def test_the_first_hour_on_a_new_case(tmp_path: Path) -> None:
    db = tmp_path / "quiet.db"
    run(db, "load", str(QUIET))
    (tmp_path / "E01.txt").write_text(INTERVIEW, encoding="utf-8")
    run(db, "docs", "add", str(tmp_path / "E01.txt"), "--kind", "interview", "--case", "E01")
    ana = run(
        db, "--as", "ana", "code", "add", "E01", "reglas.ausencia", "--match", "NO HAY REGLAS"
    )
    assert "1 span matching 'NO HAY REGLAS' coded in E01" in ana.stderr
    bea = run(
        db, "--as", "bea", "code", "add", "E01", "reglas.ausencia", "--match", "no hay reglas",
        "--snap", "sentence",
    )  # fmt: skip
    start = INTERVIEW.index("La Junta")
    run(db, "--as", "bea", "code", "add", "E01", str(start), str(start + 8),
        "informacion.ausencia")  # fmt: skip
    run(db, "--as", "ana", "memo", "add", "Caminos no responde", "--document", "E01")
    assert "new coder 'bea' created" in bea.stderr
    agreed = run(db, "agree", "-f", "json")
    assert "comparing the case's two coders: ana, bea" in agreed.stderr
    assert json.loads(agreed.stdout)[0]["coders"] == "ana,bea"
    listing = json.loads(run(db, "disagreements", "-f", "json").stdout)
    assert [(row["text"], row["coder:ana"], row["coder:bea"]) for row in listing] == [
        ("La Junta no comparte información con Caminos.", "-", ["informacion.ausencia"])
    ]
    project = tmp_path / "quiet.qdpx"
    exported = run(db, "refi", "export", str(project))
    assert "not checked" not in exported.output
    fresh = tmp_path / "fresh.db"
    imported = run(fresh, "refi", "import", str(project))
    assert "Created case 'programa-regional-de-agua-caso-disenado' from the project." in (
        imported.stdout
    )
    before, after = record_counts(db), record_counts(fresh)
    assert (before.pop("cases"), after.pop("cases")) == (
        ["quiet"],
        ["programa-regional-de-agua-caso-disenado"],
    )
    assert after == before
    gaps = run(db, "measure", "gaps", "-f", "csv")
    assert gaps.stdout.splitlines()[1:] == []
    assert "so no coordination is required" in " ".join(gaps.stderr.split())
    out = tmp_path / "report"
    run(db, "report", "--out", str(out), "--lang", "both")
    for language in ("es", "en"):
        page = (out / f"report.{language}.html").read_text("utf-8")
        text = visible_text(page, without_study=True)
        assert [claim for claim in PERU_CLAIMS[language] if claim in text] == []
        assert "Perú" not in text and "Peru" not in text
