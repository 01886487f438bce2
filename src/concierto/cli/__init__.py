"""Command-line interface: ``concierto``.

The language is chosen before the command modules are imported, so that their help texts are
translated too; and only the modules of the command being run are imported (the others bring
in libraries that would cost a second at every start).
"""

from __future__ import annotations

import contextlib
import sys

from concierto.i18n import set_language


def _language_from_argv(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


GLOBAL_OPTIONS_WITH_VALUES = frozenset({"--db", "--lang", "--as"})
"""The app's own options that take a value (``--db PATH``): skipped to find the command."""


def _command_from_argv(argv: list[str]) -> str | None:
    """The top-level command named in ``argv``, if any (None for ``--help``, ``--version`` …)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS_WITH_VALUES:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def load_app(command: str | None = None):  # type: ignore[no-untyped-def]
    """Register the modules of ``command`` (every module when None) and return the typer app."""
    from concierto.cli.app import app
    from concierto.cli.commands import register

    register(command)
    return app


def main() -> None:
    """Entry point of the ``concierto`` script."""
    argv = sys.argv[1:]
    with contextlib.suppress(ValueError):  # typer reports a bad value through --lang
        set_language(_language_from_argv(argv))
    load_app(_command_from_argv(argv))(prog_name="concierto")
