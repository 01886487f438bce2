"""Benchmark: the demo and the report on the bundled example.

Targets (report issue): the demo cold (a fresh process: imports, loading the example into a new
database, every measure, both reports) under 60 s and warm (again, in the same process) under
10 s; report generation alone for the example (measures + both pages from the stored case)
under 3 s; each report file under 8 MB. ``python -m bench.bench_report``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from concierto.report.demo import run_demo
run_demo(Path(sys.argv[1]))
print(time.perf_counter() - started)
"""


def cold_demo(out: Path) -> float:
    """Seconds for the demo in a fresh Python process (imports included)."""
    done = subprocess.run(
        [sys.executable, "-c", COLD, str(out)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, repeat: int = 3) -> dict[str, object]:
    """Cold and warm demo times, report-generation time (best of ``repeat``) and file sizes."""
    from concierto.report.build import compute_from_store
    from concierto.report.demo import run_demo, write_reports
    from concierto.store import open_store

    cold = cold_demo(folder / "cold")
    run_demo(folder / "warm")  # warms imports and caches in this process
    started = time.perf_counter()
    summary = run_demo(folder / "warm")
    warm = time.perf_counter() - started
    best = float("inf")
    for _ in range(repeat):
        store = open_store(summary.database)
        started = time.perf_counter()
        results = compute_from_store(store, summary.case)
        write_reports(results, folder / "report")
        best = min(best, time.perf_counter() - started)
        store.close()
    sizes = {lang: path.stat().st_size for lang, path in summary.reports.items()}
    return {
        "demo_cold_s": round(cold, 2),
        "demo_warm_s": round(warm, 2),
        "report_generation_s": round(best, 3),
        "report_bytes": sizes,
        "targets": {"cold_s": 60, "warm_s": 10, "report_s": 3, "bytes": 8 * 1024 * 1024},
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="report-generation repeats")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(Path(tmp), args.repeat)
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
