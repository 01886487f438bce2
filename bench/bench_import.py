"""Benchmark: import generated Spanish text documents into the store, end to end.

Read, decode, canonicalise, cut into units, store, and index for search — what
``concierto docs add`` does — for 1,000 documents of 50,000 characters (the evidence issue's
target: at least 5 MB of text per second). ``python -m bench.bench_import --documents 100``
for a quick run; ``--executor serial`` to compare with one process; ``--via cli`` to time the
``concierto docs add`` command itself, from its start to its exit.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.bench_ingest import generate
from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.compute.executors import make_executor
from concierto.evidence.importer import ImportRequest, import_files
from concierto.store import open_store

MINI_CASE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "cases" / "mini"


def corpus_and_store(folder: Path, documents: int, chars: int) -> tuple[list[Path], Path]:
    """Write the generated documents under ``folder`` and a database holding the mini case."""
    (folder / "docs").mkdir()
    paths = generate(folder / "docs", documents, chars)
    db = folder / "bench.db"
    load_case_folder(MINI_CASE, str(db))
    return paths, db


def run(documents: int, chars: int, executor: str = "process") -> tuple[float, float]:
    """Import the generated corpus; return (MB of canonical text, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths, db = corpus_and_store(Path(tmp), documents, chars)
        store = open_store(db)
        requests = [ImportRequest(path, path.stem, "report") for path in paths]
        started = time.perf_counter()
        runner = make_executor(executor, workers=2)
        with store.session() as session:
            case = resolve_case(session, None)
            stored = import_files(session, case, requests, executor=runner)
            total = sum(len(document.text.encode("utf-8")) for document in stored)
        runner.close()
        store.close()  # the last connection checkpoints the write-ahead log into the file
        elapsed = time.perf_counter() - started
    return total / 1e6, elapsed


def run_cli(documents: int, chars: int, executor: str = "process") -> tuple[float, float]:
    """Time ``concierto docs add`` on the generated corpus; return (MB of canonical text, s)."""
    command = Path(sys.executable).with_name("concierto")
    with tempfile.TemporaryDirectory() as tmp:
        paths, db = corpus_and_store(Path(tmp), documents, chars)
        started = time.perf_counter()
        subprocess.run(
            [str(command), "--db", str(db), "docs", "add", *map(str, paths), "--kind", "report",
             "--executor", executor, "--format", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
        with sqlite3.connect(db) as connection:
            total = connection.execute(
                "SELECT sum(length(CAST(text AS BLOB))) FROM document"
            ).fetchone()[0]
    return total / 1e6, elapsed


def main(argv: list[str] | None = None) -> None:
    """Run the import benchmark ``--repeat`` times and print a markdown row per run and the
    median (this machine's speed drifts between runs; one run proves little)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--executor", default="process", choices=["serial", "process"])
    parser.add_argument("--via", default="library", choices=["library", "cli"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    measure = run_cli if args.via == "cli" else run
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    print("| date | machine | documents x chars | executor | via | run | MB | s | MB/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    rates = []
    for run_number in range(1, args.repeat + 1):
        megabytes, seconds = measure(args.documents, args.chars, args.executor)
        rates.append(megabytes / seconds)
        print(
            f"| {date.today()} | {machine}, Python {platform.python_version()} | "
            f"{args.documents} x {args.chars:,} | {args.executor} | {args.via} | {run_number} | "
            f"{megabytes:.1f} | {seconds:.1f} | {rates[-1]:.2f} |",
            flush=True,
        )
    if args.repeat > 1:
        print(
            f"median {statistics.median(rates):.2f} MB/s, "
            f"range {min(rates):.2f}-{max(rates):.2f} over {args.repeat} runs"
        )


if __name__ == "__main__":
    main()
