"""Import every module that registers commands on the app (one line per module)."""

from concierto.cli import (  # noqa: F401
    agree,
    casecmds,
    coders,
    coherence,
    crossimpact,
    evidence,
    measure,
    query,
    refi,
    report,
    suggest,
)
