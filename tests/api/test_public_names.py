"""The public API is exactly what the guide documents, and ``import concierto`` stays light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import concierto
import concierto.api

DOCS = Path(__file__).resolve().parents[2] / "docs"


def documented_names() -> set[str]:
    """Names the API reference documents, one ``::: concierto.NAME`` block each."""
    found: set[str] = set()
    for page in ("en/reference/api.md", "es/reference/api.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        found |= set(re.findall(r"^::: concierto\.(\w+)$", text, flags=re.MULTILINE))
    return found


def test_the_public_names_are_exactly_those_documented() -> None:
    public = set(concierto.__all__) - {"__version__"}
    assert public == set(concierto.api.EXPORTS)
    assert public == documented_names()


def test_every_public_name_resolves_and_has_a_docstring() -> None:
    for name in concierto.__all__:
        value = getattr(concierto, name)
        if name != "__version__":
            assert value.__doc__, name
    assert "open" in dir(concierto)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        concierto.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no error")


def test_import_concierto_loads_no_heavy_library() -> None:
    probe = "import json, sys, concierto; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    loaded = set(json.loads(output))
    assert not loaded & {"sqlalchemy", "networkx", "numpy", "pandas", "typer", "alembic"}
    assert {m for m in loaded if m.startswith("concierto.")} <= {"concierto.api"}
