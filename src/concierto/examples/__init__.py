"""Bundled example cases (package data)."""

from __future__ import annotations

from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent


def example_path(name: str) -> Path:
    """The folder of the bundled example ``name`` (e.g. ``peru-pnmgp``)."""
    path = EXAMPLES_DIR / name
    if not (path / "case.yaml").is_file():
        raise FileNotFoundError(f"no bundled example {name!r} in {EXAMPLES_DIR}")
    return path
