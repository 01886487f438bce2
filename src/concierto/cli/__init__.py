"""Command-line interface: ``concierto``.

The language is chosen before the command modules are imported, so that their help texts are
translated too; and only the modules of the command being run are imported (the others bring
in libraries that would cost a second at every start).
"""

from __future__ import annotations

import contextlib
import sys
from typing import NoReturn

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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``concierto`` script (``argv`` defaults to the command line).

    Every error ends here (:mod:`concierto.errors`): an expected one prints its message and
    exits with 1; an unexpected one prints a short note pointing to the log file that holds its
    traceback and exits with 70. No traceback ever reaches the console.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    with contextlib.suppress(ValueError):  # typer reports a bad value through --lang
        set_language(_language_from_argv(args))
    try:
        load_app(_command_from_argv(args))(args=args, prog_name="concierto")
    except SystemExit:
        raise
    except BaseException as exc:  # the boundary: every other error becomes a message
        report_error(exc, "concierto " + " ".join(args))


def report_error(exc: BaseException, context: str) -> NoReturn:
    """Print ``exc`` as the boundary describes it and exit with its status."""
    from rich.markup import escape

    from concierto.cli.output import error_console
    from concierto.errors import describe_error
    from concierto.i18n import _

    report = describe_error(exc, context)
    label = _("Error") if report.expected else _("Bug")
    error_console.print(
        f"[bold red]{label}:[/] {escape(report.message)}", highlight=False, soft_wrap=True
    )
    raise SystemExit(report.exit_code)
