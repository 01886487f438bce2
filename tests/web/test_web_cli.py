"""``concierto users`` and ``concierto serve``; the demo's database served as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import log_in

import concierto.cli.serve
import concierto.cli.users  # noqa: F401  (registers the commands)
from concierto.casefile.load import load_case_folder
from concierto.cli.app import app as cli
from concierto.examples import example_path
from concierto.web.app import ServerSettings, create_app

runner = CliRunner()


def users(db: Path, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(cli, ["--lang", "en", "--db", str(db), "users", *args], input=stdin)


def password_file(tmp_path: Path, text: str = "a long password\n") -> str:
    path = tmp_path / "pw.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_users_add_ls_passwd_disable(served: Any, tmp_path: Path) -> None:
    db = served.db
    done = users(db, "add", "dora", "--role", "viewer", "--password-file", password_file(tmp_path))
    assert done.exit_code == 0, done.output
    listed = users(db, "ls", "--format", "json")
    rows = {row["name"]: row for row in json.loads(listed.output)}
    assert rows["dora"]["role"] == "viewer"
    assert rows["dora"]["enabled"] is True
    assert set(rows) == {"ana", "bea", "ciro", "vera", "dora"}
    assert users(db, "passwd", "dora", "--password-file", password_file(tmp_path, "another one")
                 ).exit_code == 0
    assert users(db, "disable", "dora").exit_code == 0
    rows = {row["name"]: row for row in json.loads(users(db, "ls", "--format", "json").output)}
    assert rows["dora"]["enabled"] is False
    assert users(db, "disable", "dora", "--enable").exit_code == 0


def test_users_add_reads_the_password_twice_without_echo(
    served: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter(["secret words", "secret words"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    assert users(served.db, "add", "eva").exit_code == 0
    typed = iter(["secret words", "other words"])
    differ = users(served.db, "add", "fede")
    assert differ.exit_code == 1
    assert "differ" in differ.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "bea", "--role", "coder"], "already exists"),
        (["add", "gus", "--role", "boss"], "unknown role"),
        (["add", "no way", "--role", "coder"], "invalid user name"),
        (["add", "consensus", "--role", "coder"], "invalid user name"),
        (["add", "concierto", "--role", "coder"], "invalid user name"),
        (["passwd", "nobody"], "unknown user"),
    ],
)
def test_users_bad_input(served: Any, tmp_path: Path, args: list[str], message: str) -> None:
    result = users(served.db, *args, "--password-file", password_file(tmp_path))
    assert result.exit_code == 1
    assert message in result.output


def test_short_passwords_are_refused(served: Any, tmp_path: Path) -> None:
    result = users(served.db, "add", "hugo", "--password-file", password_file(tmp_path, "short"))
    assert result.exit_code == 1
    assert "at least 8" in result.output


def test_serve_refuses_without_an_admin(tmp_path: Path, mini_case: Path) -> None:
    db = tmp_path / "none.db"
    load_case_folder(mini_case, str(db))
    result = runner.invoke(cli, ["--lang", "en", "--db", str(db), "serve"])
    assert result.exit_code == 1
    assert "no admin account" in result.output
    assert "users add NAME --role admin" in result.output


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--lang", "en", "--db", str(tmp_path / "nothing.db"), "serve"])
    assert result.exit_code == 1
    assert "No database" in result.output


def test_serve_runs_uvicorn_on_the_store(served: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, str, int]] = []
    monkeypatch.setattr(
        "uvicorn.run", lambda app, host, port, log_level: calls.append((app, host, port))
    )
    result = runner.invoke(cli, ["--lang", "en", "--db", str(served.db), "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    app, host, port = calls[0]
    assert (host, port) == ("127.0.0.1", 8123)
    with TestClient(app) as client:
        log_in(client, "ana")
        assert "E01" in client.get("/documents").text


@pytest.mark.slow
def test_the_demo_database_is_servable(tmp_path: Path, served_template: Path) -> None:
    """What `make demo` writes (the bundled case loaded), plus one admin, serves at once."""
    db = tmp_path / "concierto.db"
    load_case_folder(example_path("peru-pnmgp"), str(db), replace=True)
    assert users(db, "add", "ana", "--role", "admin", "--password-file",
                 password_file(tmp_path, "correct horse battery")).exit_code == 0
    with TestClient(create_app(ServerSettings(database=str(db)))) as client:
        log_in(client, "ana")
        listing = client.get("/documents").text
        assert all(f"E{n:02d}" in listing for n in range(1, 14))
        reader = client.get("/documents/E03")
        assert reader.status_code == 200
        assert "mark class=\"seg" in reader.text  # the example's codings are shown
