"""The CLI imports only the modules of the command being run: the table that says which modules
register which command must match what the modules actually register."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from concierto.cli import _command_from_argv, load_app
from concierto.cli.commands import ALL_MODULES, COMMAND_MODULES


def _registered() -> dict[str, set[str]]:
    """Top-level command or group name -> modules whose functions it runs."""
    app = load_app()
    found: dict[str, set[str]] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        name = command.name or command.callback.__name__.replace("_", "-")
        found.setdefault(name, set()).add(command.callback.__module__)
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        modules = found.setdefault(group.name, set())
        for command in group.typer_instance.registered_commands:
            assert command.callback is not None
            modules.add(command.callback.__module__)
    return found


def test_the_table_names_every_command_and_exactly_its_modules() -> None:
    registered = _registered()
    assert set(COMMAND_MODULES) == set(registered)
    for name, modules in registered.items():
        assert {f"concierto.cli.{m}" for m in COMMAND_MODULES[name]} == modules, name


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["docs", "add", "a.txt"], "docs"),
        (["--db", "x.db", "--lang", "en", "measure", "network"], "measure"),
        (["--as", "coder-a", "--db=x.db", "agree", "--coders"], "agree"),
        (["--help"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_is_found_after_the_global_options(
    argv: list[str], command: str | None
) -> None:
    assert _command_from_argv(argv) == command


def test_a_command_imports_only_its_modules() -> None:
    probe = (
        "import json, sys; from concierto.cli import load_app; load_app('docs'); "
        "print(json.dumps([m for m in sys.modules if m.startswith('concierto.cli.')]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    loaded = {name.removeprefix("concierto.cli.") for name in json.loads(output)}
    assert "evidence" in loaded
    assert not loaded & (set(ALL_MODULES) - {"evidence"})
