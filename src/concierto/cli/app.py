"""The typer application, its global options and the state shared by every command."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from concierto import __version__
from concierto.cli.output import OutputFormat, error_console
from concierto.i18n import _, set_language

DEFAULT_DB = "concierto.db"

app = typer.Typer(
    name="concierto",
    help=_("Diagnose coordination and coherence in multi-actor public policies."),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@dataclass
class CliState:
    """Options given before the command name."""

    db: str = DEFAULT_DB
    language: str = "es"
    # Who is looking: the default author of what is recorded (concierto.evidence.acting); a
    # blind coder sees only their own codings until the analysis is opened.
    viewer: str | None = None


state = CliState()

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help=_("Output format."), case_sensitive=False),
]
CaseOption = Annotated[
    str | None,
    typer.Option("--case", help=_("Case id (needed only when the database holds several).")),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"concierto {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=_("Database path or URL (default ./concierto.db, env CONCIERTO_DB)."),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=_("Language of messages: es or en (env CONCIERTO_LANG).")),
    ] = None,
    viewer: Annotated[
        str | None,
        typer.Option(
            "--as",
            help=_(
                "Work as this coder (env CONCIERTO_CODER): the default author of codings, "
                "memos, reviews and adjudications; blind coders see only their own."
            ),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help=_("Show the version.")
        ),
    ] = False,
) -> None:
    """Global options, read before any command runs."""
    state.db = db or os.environ.get("CONCIERTO_DB") or DEFAULT_DB
    state.viewer = viewer or os.environ.get("CONCIERTO_CODER", "").strip() or None
    try:
        state.language = set_language(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from exc


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise."""
    error_console.print(f"[bold red]{_('Error')}:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def db_path_exists(url: str) -> bool:
    """True when ``url`` names a database that already exists (any non-SQLite URL counts)."""
    if "://" in url and not url.startswith("sqlite"):
        return True
    path = url.removeprefix("sqlite:///")
    return Path(path).exists()
