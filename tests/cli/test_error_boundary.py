"""The error boundary of ``concierto``: an expected error is its message and exit status 1, an
unexpected one a short note with the log file that holds its traceback (exit 70), and no
traceback ever reaches the console."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_entry import run_entry
from concierto.errors import EXIT_UNEXPECTED, describe_error, is_expected, log_dir
from concierto.evidence.errors import UnknownReferenceError
from concierto.interop.refi.errors import UnsafeArchiveError


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("CONCIERTO_LOG_DIR", str(folder))
    return folder


def test_an_injected_bug_prints_no_traceback_and_logs_it(
    mini_case: Path, tmp_path: Path, logs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    assert run_entry(["--db", str(db), "load", str(mini_case)]).exit_code == 0

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("injected failure 4711")

    monkeypatch.setattr("concierto.cli.casecmds.print_summary", explode)
    run = run_entry(["--db", str(db), "info"])
    assert run.exit_code == EXIT_UNEXPECTED
    assert "Traceback" not in run.output
    assert 'File "' not in run.output
    [log] = list(logs.iterdir())
    assert str(log) in run.stderr.replace("\n", "")
    assert "Bug: Unexpected error, a bug in concierto (RuntimeError: injected failure 4711)" in (
        run.stderr.replace("\n", " ")
    )
    text = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError("injected failure 4711")' in text
    assert "concierto --lang en --db" in text and " info" in text


def test_an_expected_error_that_no_command_catches_is_its_message(
    tmp_path: Path, logs: Path
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are notes, not a database\n", encoding="utf-8")
    run = run_entry(["--db", str(not_a_db), "info"])
    assert run.exit_code == 1
    assert "Traceback" not in run.output
    assert f"Error: cannot open the database sqlite:///{not_a_db}: file is not a database" in (
        run.stderr.replace("\n", "")
    )
    assert not logs.exists()  # an expected error is no bug: no log


def test_which_errors_are_expected() -> None:
    assert is_expected(UnsafeArchiveError("x.qdpx: member ../evil"))
    assert is_expected(UnknownReferenceError("no code 'x'"))
    assert is_expected(FileNotFoundError(2, "No such file or directory", "a.csv"))
    assert not is_expected(ValueError("a bare ValueError is a bug of ours"))
    assert not is_expected(KeyError("x"))
    report = describe_error(UnknownReferenceError("no code 'x'"))
    assert (report.message, report.exit_code, report.http_status) == ("no code 'x'", 1, 404)
    missing = describe_error(FileNotFoundError(2, "No such file or directory", "a.csv"))
    assert (missing.message, missing.http_status) == ("a.csv: No such file or directory", 400)


def test_the_log_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONCIERTO_LOG_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", "/srv/state")
    assert log_dir() == Path("/srv/state/concierto/logs")
    monkeypatch.setenv("CONCIERTO_LOG_DIR", "/var/log/concierto")
    assert log_dir() == Path("/var/log/concierto")


def test_a_server_gets_status_500_and_the_log(logs: Path) -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        report = describe_error(exc, "GET /cases/x")
    assert report.http_status == 500 and report.log_file is not None
    assert "GET /cases/x" in report.log_file.read_text("utf-8")
    assert "KeyError: 'missing'" in report.log_file.read_text("utf-8")
