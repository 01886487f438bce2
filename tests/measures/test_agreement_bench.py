"""The agreement benchmark runs at a small scale and finds the same alpha as the reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_agreement.py"


def test_benchmark_prints_one_matching_row_per_level(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_agreement", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    matrix = module.generate(5, 4000, 0.1)
    assert matrix.shape == (5, 4000)
    assert 0.08 < np.isnan(matrix).mean() < 0.12
    module.main(["--units", "4000"])
    rows = [line for line in capsys.readouterr().out.splitlines() if "4,000 units" in line]
    assert [row.split(" | ")[3] for row in rows] == ["interval", "nominal"]
    assert all("| yes (" in row for row in rows)
