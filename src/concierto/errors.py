"""The one error boundary of every surface (the CLI's ``main``, the web server's handlers).

An error is *expected* when it says something about the user's input or surroundings: a typed
error of concierto (any exception class defined in the ``concierto`` package — they all derive
from ``ValueError``, ``LookupError``, ``FileExistsError`` or ``StoreError``, and carry a message
that names the file, line or field) or an ``OSError`` (a file missing, a folder not writable, a
full disk). It becomes its message and exit status 1 (HTTP 400, or 404 for a lookup).

Anything else is a bug. The user sees one short paragraph saying so and where the details are;
the traceback goes to a log file, never to the console. Log files are written to
``$CONCIERTO_LOG_DIR`` when set, else the per-user state folder
``$XDG_STATE_HOME/concierto/logs`` (``~/.local/state/concierto/logs`` by default), one file per
crash named ``crash-<UTC time>-<pid>.log``. Exit status 70 (``EX_SOFTWARE``), HTTP 500.
An interrupt (Ctrl-C) exits with 130 and no log.

Usage from a web handler::

    report = describe_error(exc)       # logs the traceback when the error is unexpected
    return Response(report.message, status_code=report.http_status)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from concierto.i18n import _

EXIT_EXPECTED = 1
EXIT_UNEXPECTED = 70
EXIT_INTERRUPTED = 130
LOG_DIR_VARIABLE = "CONCIERTO_LOG_DIR"


@dataclass(frozen=True)
class ErrorReport:
    """What a surface shows for one error: the message, the exit and HTTP status, and the log
    file holding the traceback (None for an expected error)."""

    message: str
    exit_code: int
    http_status: int
    log_file: Path | None = None

    @property
    def expected(self) -> bool:
        """Whether the error was the input's fault rather than a bug."""
        return self.exit_code == EXIT_EXPECTED


def is_expected(exc: BaseException) -> bool:
    """A typed concierto error or an operating-system error (see the module docstring)."""
    if isinstance(exc, OSError):
        return True
    module = type(exc).__module__
    return (module == "concierto" or module.startswith("concierto.")) and isinstance(exc, Exception)


def log_dir() -> Path:
    """Where crash logs go: ``$CONCIERTO_LOG_DIR``, else the per-user state folder."""
    explicit = os.environ.get(LOG_DIR_VARIABLE, "").strip()
    if explicit:
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME", "").strip()
    base = Path(state) if state else Path.home() / ".local" / "state"
    return base / "concierto" / "logs"


def write_crash_log(exc: BaseException, context: str = "") -> Path | None:
    """Write ``exc``'s traceback (with ``context``: the command line, the request) to a new
    log file; None when no log can be written (the message then says so)."""
    from concierto import __version__

    now = dt.datetime.now(dt.UTC)
    folder = log_dir()
    path = folder / f"crash-{now:%Y%m%dT%H%M%S.%fZ}-{os.getpid()}.log"
    body = "".join(traceback.format_exception(exc))
    header = f"concierto {__version__}, Python {sys.version.split()[0]}, {now.isoformat()}\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{header}{context}\n\n{body}", encoding="utf-8")
    except OSError:
        return None
    return path


def _expected_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else ""
        return f"{where}: {exc.strerror}" if where else exc.strerror
    text = str(exc).strip()
    return text or type(exc).__name__


def describe_error(exc: BaseException, context: str = "") -> ErrorReport:
    """The report of ``exc`` for a user; an unexpected error's traceback goes to a log file."""
    if isinstance(exc, KeyboardInterrupt):
        return ErrorReport(_("Interrupted."), EXIT_INTERRUPTED, 499)
    if is_expected(exc):
        status = 404 if isinstance(exc, LookupError) else 400
        return ErrorReport(_expected_message(exc), EXIT_EXPECTED, status)
    log_file = write_crash_log(exc, context)
    summary = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".strip()
    if len(summary) > 200:
        summary = summary[:199] + "…"
    if log_file is None:
        message = _(
            "Unexpected error, a bug in concierto ({summary}); no log file could be written "
            "in {folder}."
        ).format(summary=summary, folder=log_dir())
    else:
        message = _(
            "Unexpected error, a bug in concierto ({summary}). The details are in {log}: "
            "please attach that file to a bug report."
        ).format(summary=summary, log=log_file)
    return ErrorReport(message, EXIT_UNEXPECTED, 500, log_file)
