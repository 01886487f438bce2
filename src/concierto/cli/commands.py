"""Which modules register the commands on the app: every top-level command or group, with the
modules that add to it (a test keeps this table equal to what the modules register)."""

from __future__ import annotations

import importlib

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("casecmds",),
    "load": ("casecmds",),
    "export": ("casecmds",),
    "info": ("casecmds",),
    "actors": ("casecmds",),
    "objectives": ("casecmds",),
    "ties": ("casecmds",),
    "demo": ("casecmds",),
    "docs": ("evidence",),
    "code": ("evidence",),
    "codebook": ("evidence", "codebookpacks"),
    "memo": ("evidence",),
    "search": ("evidence",),
    "agree": ("agree",),
    "coders": ("coders",),
    "analysis": ("coders",),
    "disagreements": ("coders",),
    "adjudicate": ("coders",),
    "measure": ("measure", "coherence"),
    "export-graph": ("measure",),
    "matrix": ("crossimpact", "coherence"),
    "crossimpact": ("crossimpact",),
    "query": ("query",),
    "refi": ("refi",),
    "report": ("report",),
    "mentions": ("suggest",),
    "suggest": ("suggest",),
    "overlap": ("suggest",),
    "users": ("users",),
    "serve": ("serve",),
}
"""Top-level command or group name -> the modules of ``concierto.cli`` that register it."""

ALL_MODULES: tuple[str, ...] = tuple(
    sorted({module for modules in COMMAND_MODULES.values() for module in modules})
)


def register(command: str | None = None) -> None:
    """Import the modules that register ``command`` (all of them when None or unknown, so that
    help lists every command and typer reports an unknown one)."""
    for module in COMMAND_MODULES.get(command or "", ALL_MODULES):
        importlib.import_module(f"concierto.cli.{module}")
