"""The REFI benchmark runs end to end at a tiny scale (the full run is `python -m
bench.bench_refi`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from concierto.interop.refi.read import read_refi

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_refi.py"


def load_bench() -> ModuleType:
    """The benchmark module, loaded from its file (bench/ is not an installed package)."""
    spec = importlib.util.spec_from_file_location("bench_refi", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_project_imports_and_exports(tmp_path: Path) -> None:
    bench = load_bench()
    bench.generate(tmp_path / "in.qdpx", sources=5, codings=50, chars=400)
    project, report = read_refi(tmp_path / "in.qdpx")
    assert len(project.sources) == 5
    assert sum(len(s.selections) for s in project.sources) == 50
    assert report.dropped == {}
    imported = bench.phase("import", tmp_path)
    exported = bench.phase("export", tmp_path)
    assert imported["codings"] == exported["codings"] == 50
    assert (tmp_path / "out.qdpx").stat().st_size > 0
