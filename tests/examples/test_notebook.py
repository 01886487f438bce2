"""The example notebook runs from top to bottom, offline, on the project's own kernel, and is
the one its generator writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOK = EXAMPLES / "peru-api.ipynb"


@pytest.mark.slow
def test_the_notebook_runs_and_shows_tables_and_charts(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    kinds = {kind for out in outputs for kind in out.get("data", {})}
    assert "text/html" in kinds  # data frames
    assert "application/vnd.plotly.v1+json" in kinds  # charts, as data
    charts = [
        out["data"]["application/vnd.plotly.v1+json"]
        for out in outputs
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]
    assert len(charts) == 3 and all(chart["data"] for chart in charts)
    assert "https://" not in json.dumps(charts)


def test_the_notebook_is_what_its_generator_writes() -> None:
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import make_notebook, json; "
        "print(json.dumps([c.source for c in make_notebook.notebook().cells]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLES)], check=True, capture_output=True, text=True
    ).stdout
    stored = nbformat.read(NOTEBOOK, as_version=4)
    assert json.loads(output) == [cell.source for cell in stored.cells]
    assert all(not cell.get("outputs") for cell in stored.cells)
