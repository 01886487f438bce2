"""Benchmark: whole-government scale (issue 19).

For each size (25, 100, 400, 1,600, 2,500 actors by default) it generates a case with
``bench.gen_government``, then times in a fresh process each: loading the folder into a new
database, reading the snapshot, every measure, the report (one language, with its tables) and
every page of the web workbench (``web``: server time per page, see ``bench/web_pages.py``).
Each stage runs in its own process so that its peak resident memory (``ru_maxrss`` from
``wait4``) is its own; the time is the stage's own (imports excluded). Then it fits the growth
exponent of each stage's time (least squares of log time on log actors).

Targets at 2,500 actors: every measure under 10 s and 2 GB, the report under 20 s and 25 MB,
each web page under 1 s of server time (``--documents`` gives the web pages something to list).
``python -m bench.bench_scale --sizes 25 100 400``; ``--overlap 2500`` times the functional
overlap of a 2,500-body government serial and on Dask (``--scheduler tcp://…`` for a cluster).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (25, 100, 400, 1600, 2500)
MEASURES = (
    "network",
    "betweenness",
    "brokerage",
    "structure",
    "metcalfe",
    "gaps",
    "crossimpact",
    "alignment",
    "centrifugal",
    "diagnosis",
)
STAGES = ("snapshot", *MEASURES, "report", "web")


def _snapshot(db: str) -> tuple[Any, Any]:
    from concierto.casefile.database import fetch_case, resolve_case
    from concierto.evidence.snapshot import load_evidence
    from concierto.snapshot import snapshot_from_document
    from concierto.store import open_store

    store = open_store(db)
    with store.session() as session:
        snapshot = snapshot_from_document(fetch_case(session, None))
        evidence = load_evidence(session, resolve_case(session, snapshot.id).id)
    store.close()
    return snapshot, evidence


def _union(snapshot: Any, evidence: Any) -> Any:
    """The union graph of declared and evidence ties (what the CLI's network commands read)."""
    from concierto.measures.evidence_ties import actor_nodes, case_ties
    from concierto.measures.network_input import layer_graphs

    return layer_graphs(actor_nodes(snapshot), case_ties(snapshot, evidence))["union"]


def _measure(name: str) -> Callable[[Any, Any], Any]:
    """The call that computes measure ``name`` from a snapshot and its evidence."""
    from concierto.measures.diagnosis_sources import LOADERS
    from concierto.report import build

    if name in LOADERS:
        module = __import__(build.OPTIONAL_MODULES[name], fromlist=["_"])
        return lambda snapshot, evidence: LOADERS[name](module, snapshot, evidence)
    if name == "network":
        return build._network
    if name == "betweenness":
        from concierto.measures.network import betweenness

        return lambda s, e: betweenness(_union(s, e))
    if name == "brokerage":
        from concierto.measures.brokerage import gould_fernandez
        from concierto.measures.network_input import grouping_by

        def brokerage(s: Any, e: Any) -> Any:
            union = _union(s, e)
            return gould_fernandez(union, grouping_by(union, "sector"))

        return brokerage
    if name == "crossimpact":
        return lambda s, _e: build._cross_impact(s)
    if name == "diagnosis":
        return build.compute
    raise ValueError(f"unknown measure {name!r}")


def run_stage(stage: str, folder: Path, db: str, out: Path) -> dict[str, Any]:
    """Run one stage in this process; return its seconds, its CPU seconds (the better figure
    on a shared machine) and, for the report, its bytes."""
    cpu = time.process_time()
    figures = _run_stage(stage, folder, db, out)
    figures.setdefault("cpu_s", time.process_time() - cpu)
    return figures


def _run_stage(stage: str, folder: Path, db: str, out: Path) -> dict[str, Any]:
    if stage == "load":
        from concierto.casefile.load import load_case_folder

        started = time.perf_counter()
        load_case_folder(folder, db, replace=True)
        return {"s": time.perf_counter() - started}
    if stage == "snapshot":
        started = time.perf_counter()
        _snapshot(db)
        return {"s": time.perf_counter() - started}
    if stage == "web":
        from bench.web_pages import time_pages

        return time_pages(db)
    if stage == "report":
        from concierto.report.build import compute_from_store
        from concierto.report.demo import write_reports
        from concierto.store import open_store

        store = open_store(db)
        started, cpu = time.perf_counter(), time.process_time()
        results = compute_from_store(store)
        computed = time.perf_counter()
        written = write_reports(results, out, ("es",))
        done = time.perf_counter()
        store.close()
        page = written["es"]
        tables = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p != page)
        return {
            "s": done - started,
            "measures_s": computed - started,
            "render_s": done - computed,
            "bytes": page.stat().st_size,
            "tables_bytes": tables,
            "cpu_s": time.process_time() - cpu,
        }
    snapshot, evidence = _snapshot(db)
    call = _measure(stage)
    started, cpu = time.perf_counter(), time.process_time()
    call(snapshot, evidence)
    return {"s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}


def _child(stage: str, folder: Path, db: str, out: Path) -> dict[str, Any]:
    """Run ``stage`` in a fresh interpreter; add its wall time and peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_scale", "--stage", stage, str(folder), db, str(out)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"stage {stage} failed with code {process.returncode}")
    figures: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    figures["wall_s"] = time.perf_counter() - started
    figures["peak_mb"] = usage.ru_maxrss / 1024
    return figures


def overlap_speedup(folder: Path, workers: int, address: str | None) -> dict[str, Any]:
    """Functional overlap of every function of the case (default model), serial and on a
    Dask cluster (a LocalCluster of ``workers`` processes, or the scheduler at ``address``):
    seconds of each and whether the results are identical."""
    import csv

    from concierto.compute.executors import DaskExecutor
    from concierto.nlp.embed import UniversalSentenceEncoder
    from concierto.nlp.overlap import FunctionStatement, functional_overlap

    with (folder / "functions.csv").open(encoding="utf-8") as handle:
        statements = [
            FunctionStatement(r["id"], r["actor"], r["text"]) for r in csv.DictReader(handle)
        ]
    started = time.perf_counter()
    serial = functional_overlap(statements, UniversalSentenceEncoder())
    serial_s = time.perf_counter() - started
    with DaskExecutor(address=address, workers=workers) as executor:
        executor.start()
        started = time.perf_counter()
        spread = functional_overlap(
            statements, UniversalSentenceEncoder(), executor=executor, parts=2 * workers
        )
        dask_s = time.perf_counter() - started
    return {
        "statements": len(statements),
        "distinct_texts": len({s.text for s in statements}),
        "serial_s": serial_s,
        "dask_s": dask_s,
        "speedup": serial_s / dask_s,
        "identical": serial == spread,
        "pairs": len(serial.pairs),
    }


def exponent(sizes: Sequence[float], values: Sequence[float]) -> float | None:
    """Least-squares slope of log(value) on log(size): the growth exponent (None if < 2
    points or a value is not positive)."""
    points = [(math.log(x), math.log(y)) for x, y in zip(sizes, values, strict=True) if y > 0]
    if len(points) < 2:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sxx if sxx else None


def measure(
    sizes: Sequence[int], stages: Sequence[str], documents: int, work: Path
) -> dict[str, Any]:
    """Every stage at every size, and the growth exponents of time, memory and report size."""
    from bench.gen_government import generate

    rows: dict[int, dict[str, dict[str, Any]]] = {}
    for size in sizes:
        folder = generate(work / f"gov-{size}", size, min(documents, size * 4))
        db = str(work / f"gov-{size}.db")
        rows[size] = {}
        for stage in ("load", *stages):
            rows[size][stage] = _child(stage, folder, db, work / f"report-{size}")
            print(size, stage, json.dumps(rows[size][stage]), file=sys.stderr, flush=True)
    fits: dict[str, dict[str, float | None]] = {}
    for stage in ("load", *stages):
        fits[stage] = {
            key: exponent(list(sizes), [rows[s][stage][key] for s in sizes])
            for key in ("s", "cpu_s", "peak_mb", "bytes")
            if key in rows[sizes[0]][stage]
        }
        if stage == "web":
            for label in rows[sizes[0]][stage]["pages"]:
                fits[f"web: {label}"] = {
                    key: exponent(list(sizes), [rows[s][stage]["pages"][label][key] for s in sizes])
                    for key in ("p50_ms", "p95_ms")
                }
    return {"rows": rows, "exponents": fits}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark (or, with ``--stage``, one stage for the parent) and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 100, 400])
    parser.add_argument(
        "--stages",
        nargs="+",
        choices=STAGES,
        help="default: every stage (web only with --documents: its pages need documents)",
    )
    parser.add_argument("--documents", type=int, default=0, help="documents per case (max 4n)")
    parser.add_argument(
        "--overlap", type=int, metavar="ACTORS", help="only time the overlap, serial and Dask"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers")
    parser.add_argument("--scheduler", help="a Dask scheduler (tcp://host:8786) instead")
    args = parser.parse_args(argv)
    if args.overlap:
        from bench.gen_government import generate

        with tempfile.TemporaryDirectory() as tmp:
            found = overlap_speedup(
                generate(Path(tmp) / "case", args.overlap), args.workers, args.scheduler
            )
        print(json.dumps(found, indent=1))
        return found
    if args.stage:
        folder, db, out = args.paths
        figures = run_stage(args.stage, Path(folder), db, Path(out))
        print(json.dumps(figures))
        return figures
    stages = args.stages or [s for s in STAGES if args.documents or s != "web"]
    if "web" in stages and not args.documents:
        parser.error("the web stage needs documents: add --documents N (e.g. 400)")
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(args.sizes, stages, args.documents, Path(tmp))
    print(json.dumps(figures, indent=1))
    return figures


if __name__ == "__main__":
    main()
