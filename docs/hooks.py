"""MkDocs hooks of the user guide: the command-line reference is generated from the typer
commands when the site is built (``<!-- cli-reference -->`` in a page is replaced by it, in the
page's language)."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

MARKER = "<!-- cli-reference -->"
SCRIPT = Path(__file__).resolve().parent / "cli_reference.py"


@cache
def cli_reference(language: str) -> str:
    """The reference in ``language`` (a fresh interpreter: help texts are translated when the
    command modules are imported)."""
    env = {**os.environ, "CONCIERTO_LANG": language}
    return subprocess.run(
        [sys.executable, str(SCRIPT)], check=True, capture_output=True, text=True, env=env
    ).stdout


def on_page_markdown(markdown: str, page: Any, **_kwargs: Any) -> str:
    """Fill in the CLI reference of ``es/…`` and ``en/…`` pages."""
    if MARKER not in markdown:
        return markdown
    language = "en" if page.file.src_uri.startswith("en/") else "es"
    return markdown.replace(MARKER, cli_reference(language))
