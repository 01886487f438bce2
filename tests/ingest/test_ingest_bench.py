"""The ingest benchmark runs at a tiny scale and reports every stage."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_ingest.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_documents_have_the_requested_size_and_spanish_marks() -> None:
    bench = load_bench()
    text = bench.spanish_document(random.Random(4), 5000)
    assert len(text) == 5000
    assert "ñ" in text and "¿" in text and "\n\n" in text


def test_benchmark_main_prints_throughput(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_bench()
    bench.main(["--documents", "12", "--chars", "3000"])
    out = capsys.readouterr().out
    assert "documents: 12 x 3000 chars" in out
    assert "read + canonicalise:" in out and "units (" in out and "end to end" in out
