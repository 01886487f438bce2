"""One demo run shared by the report tests (loading the example takes a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from concierto.report.demo import DemoSummary, run_demo


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """The demo written once into a temporary folder."""
    steps: list[str] = []
    summary = run_demo(tmp_path_factory.mktemp("demo") / "peru-pnmgp", steps.append)
    assert steps[0] == "loading peru-pnmgp" and steps[-1] == "writing the reports"
    return summary


@pytest.fixture(scope="session")
def pages(demo_run: DemoSummary) -> dict[str, str]:
    """The text of each generated page by language."""
    return {lang: path.read_text("utf-8") for lang, path in demo_run.reports.items()}


@pytest.fixture
def out_dir(demo_run: DemoSummary) -> Path:
    """The demo's output folder."""
    return demo_run.database.parent
