"""Benchmark: the same batch jobs on each executor, with identical results required.

Serial, a process pool of 2, and a Dask LocalCluster of 2 workers run two jobs over the same
generated Spanish corpus: preparing documents for the store (read, canonicalise, units, index
lemmas: CPU-heavy) and rule auto-coding (light: shipping the text costs about as much as the
scan). The speed-up over serial is printed for each.
``python -m bench.bench_executors --documents 200`` for a quick run.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.bench_ingest import spanish_document
from concierto.compute.batch import Document, autocode_documents
from concierto.compute.executors import EXECUTOR_NAMES, Executor, make_executor
from concierto.evidence.prepare import FileJob, prepare_file
from concierto.ingest import segment
from concierto.nlp.rules import Rule

RULE_TERMS = (
    ("info", "informacion.mecanismo", ("información compartida", "intercambio", "oficio")),
    ("rules", "reglas.ausencia", ("sin información", "reglas de interacción")),
    ("plan", "coherencia.vertical", ("planeamiento estratégico", "presupuesto por resultados")),
    ("centre", "centro.conduccion", ("rectoría", "comisión multisectorial", "política nacional")),
)


def corpus(documents: int, chars: int, seed: int = 7) -> list[Document]:
    """Generated documents with their sentence, paragraph and turn units."""
    rng = random.Random(seed)
    out = []
    for index in range(documents):
        text = spanish_document(rng, chars)
        spans: dict[str, list[tuple[int, int]]] = {"sentence": [], "paragraph": [], "turn": []}
        for unit in segment(text):
            spans[unit.kind].append((unit.start, unit.end))
        out.append(Document(f"d{index:05d}", text, spans))
    return out


def label(name: str) -> str:
    """The executor as shown in the table."""
    return name if name == "serial" else f"{name} (2 workers)"


def main(argv: list[str] | None = None) -> None:
    """Time each executor and print a markdown table with the speed-ups."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    args = parser.parse_args(argv)
    documents = corpus(args.documents, args.chars)
    rules = [Rule(rule_id, code, terms) for rule_id, code, terms in RULE_TERMS]
    megabytes = sum(len(d.text) for d in documents) / 1e6
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    print("| date | machine | corpus | job | executor | s | MB/s | speed-up over serial |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        jobs = []
        for document in documents:
            path = Path(folder) / f"{document.id}.txt"
            path.write_text(document.text, encoding="utf-8")
            jobs.append(FileJob(str(path)))
        work: dict[str, Callable[[Executor], object]] = {
            "prepare documents": lambda runner: [
                (p.unit_rows, p.sentence_lemmas) for p in runner.map(prepare_file, jobs)
            ],
            "rule auto-coding": lambda runner: autocode_documents(documents, rules, runner),
        }
        for job, run in work.items():
            results, seconds = {}, {}
            for name in EXECUTOR_NAMES:
                runner = make_executor(name, workers=2)
                try:
                    runner.map(prepare_file, jobs[:2])  # start the workers before timing
                    began = time.perf_counter()
                    results[name] = run(runner)
                    seconds[name] = time.perf_counter() - began
                finally:
                    runner.close()
            same = all(found == results["serial"] for found in results.values())
            for name in EXECUTOR_NAMES:
                print(
                    f"| {date.today()} | {machine} | {args.documents} x {args.chars:,} chars "
                    f"({megabytes:.0f} MB) | {job} | {label(name)} | "
                    f"{seconds[name]:.2f} | {megabytes / seconds[name]:.1f} | "
                    f"{seconds['serial'] / seconds[name]:.2f}x |"
                )
            print(f"{job}: identical results on every executor: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
