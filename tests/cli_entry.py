"""Run the real ``concierto`` entry point (``concierto.cli.main``, the error boundary included)
in-process and capture what a user would see on stdout and stderr."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from click.testing import CliRunner

from concierto.cli import main


@dataclass(frozen=True)
class EntryRun:
    """Exit status and the two streams of one run."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, for assertions that do not care which one a line went to."""
        return self.stdout + self.stderr


def run_entry(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> EntryRun:
    """``concierto ARGS`` as the installed script runs it (messages in English unless ``args``
    choose another language)."""
    arguments = list(args) if "--lang" in args else ["--lang", "en", *args]
    with CliRunner().isolation(env=env) as (stdout, stderr, _output):
        try:
            main(arguments)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return EntryRun(
            code,
            stdout.getvalue().decode("utf-8", "replace"),
            stderr.getvalue().decode("utf-8", "replace"),
        )
