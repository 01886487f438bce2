"""Command-line interface: ``concierto``.

The language is chosen before the command modules are imported, so that their help texts are
translated too.
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


def load_app():  # type: ignore[no-untyped-def]
    """Import every command module and return the typer app."""
    from concierto.cli import commands  # noqa: F401  (registers commands)
    from concierto.cli.app import app

    return app


def main() -> None:
    """Entry point of the ``concierto`` script."""
    with contextlib.suppress(ValueError):  # typer reports a bad value through --lang
        set_language(_language_from_argv(sys.argv[1:]))
    load_app()(prog_name="concierto")
