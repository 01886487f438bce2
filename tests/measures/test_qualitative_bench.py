"""The query benchmark's generator builds the corpus it promises and ``main`` times every query."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_queries.py"


def test_benchmark_generator_and_rows(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_queries", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    snapshot = module.generate(3000, 30)
    assert len(snapshot.codings) == 3000 and len(snapshot.documents) == 30
    # 24 turns of 4 sentences: 24 paragraphs, 24 turns and 96 sentences per document
    assert len(snapshot.units) == 30 * (24 + 24 + 96)
    for coding in snapshot.codings[:50]:
        text = snapshot.document(coding.document).text
        assert 0 <= coding.start < coding.end <= len(text)
    module.main(["--segments", "3000", "--documents", "30"])
    rows = [line for line in capsys.readouterr().out.splitlines() if "3,000 segments" in line]
    names = [row.split(" | ")[3] for row in rows]
    assert names[0] == "build index" and "co-occurrence overlap" in names
    assert len(names) == 1 + len(module.queries())
