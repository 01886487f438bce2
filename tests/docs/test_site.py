"""The guide builds offline with warnings as errors, fetches nothing from the network, documents
every measure the CLI offers and shows the CLI reference generated from the commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from concierto.cli import load_app
from guide_pages import DOCS

ROOT = DOCS.parent
REMOTE_ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:url\()?\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
def test_the_site_builds_strict_and_loads_nothing_remote(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 20
    for path in [*pages, *site.rglob("*.css"), *site.rglob("*.js")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = REMOTE_ASSET.search(text)
        assert found is None, f"{path.relative_to(site)}: {found.group(0) if found else ''}"


@pytest.mark.slow
def test_the_references_are_generated(site: Path) -> None:
    api = (site / "en" / "reference" / "api.html").read_text(encoding="utf-8")
    assert 'id="concierto.open"' in api and "Open the concierto database" in api
    cli = (site / "es" / "reference" / "cli.html").read_text(encoding="utf-8")
    assert "measure network" in cli and "Formato de salida." in cli
    english = (site / "en" / "reference" / "cli.html").read_text(encoding="utf-8")
    assert "Output format." in english
    measures = (site / "en" / "reference" / "measures.html").read_text(encoding="utf-8")
    assert "Density m / (n(n−1))" in measures  # the docstring of measures.network.density


def test_every_measure_command_has_a_section_in_the_reference() -> None:
    group = next(g for g in load_app().registered_groups if g.name == "measure")
    assert group.typer_instance is not None
    names = {
        command.name or (command.callback.__name__ if command.callback else "")
        for command in group.typer_instance.registered_commands
    }
    assert names >= {"structure", "network", "brokerage", "metcalfe", "gaps", "crossimpact"}
    for language in ("es", "en"):
        text = (DOCS / language / "reference" / "measures.md").read_text(encoding="utf-8")
        for name in names:
            assert f"`concierto measure {name}" in text, (language, name)
