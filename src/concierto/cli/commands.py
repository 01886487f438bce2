"""Import every module that registers commands on the app (one line per module)."""

from concierto.cli import agree, casecmds, crossimpact, evidence, query, refi, suggest  # noqa: F401
