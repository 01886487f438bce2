"""``concierto report`` on the demo database, and the demo's terminal summary."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import concierto.cli.report as report_cli
from concierto.cli.app import app
from concierto.report.demo import DemoSummary


def test_report_command_writes_one_language(demo_run: DemoSummary, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "en",
            "--db",
            str(demo_run.database),
            "report",
            "--out",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "report.en.html").is_file() and not (out / "report.es.html").exists()
    assert (out / "tables" / "en" / "indicators.csv").is_file()
    assert "report.en.html" in result.output


def test_report_command_without_a_database_fails_clearly(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(
        app, ["--lang", "en", "--db", str(missing), "report", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "No database" in result.output


def test_report_command_with_an_unknown_case_fails_clearly(
    demo_run: DemoSummary, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "en",
            "--db",
            str(demo_run.database),
            "report",
            "--out",
            str(tmp_path),
            "--case",
            "nope",
        ],
    )
    assert result.exit_code == 1
    assert "nope" in result.output


def test_demo_summary_lists_statuses_and_reports(demo_run: DemoSummary) -> None:
    with report_cli.console.capture() as captured:
        report_cli.print_demo_summary(demo_run)
    text = captured.get()
    for label in ("Shared vision", "Information exchange", "Interaction rules"):
        assert label in text
    assert demo_run.statuses["shared_vision"] in text
    assert str(demo_run.reports["es"].name) in text.replace("\n", "")
