"""Functional overlap over generated function statements: top-10 neighbours of every statement.

Statements are generated from Spanish public-administration templates for many actors, with
paraphrased duplicates planted between actors. The search uses the default model (multilingual
USE) to embed, a word table distilled from it over the statements' own vocabulary (PCA-reduced)
as the prefilter, and re-ranking with the full vectors. Reports wall time per stage, peak
resident memory, and recall@k of the two-stage search against exact search on a sample.
Markdown rows for bench/RESULTS.md:

    | date | machine | data | stage | seconds | note |

Run ``python -m bench.bench_overlap [--statements 100000] [--actors 200] [--k 10]
[--candidates 200] [--dims 64] [--sample 500]`` (``python -m bench`` uses the defaults, the
issue's target; ``--statements 5000`` for a quick look). Target: under 10 minutes, under 4 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import resource
import time
from collections.abc import Callable, Sequence

import numpy as np

from concierto.nlp.embed import UniversalSentenceEncoder
from concierto.nlp.overlap import FunctionStatement, functional_overlap
from concierto.nlp.wordtable import build_vocabulary, distil_word_table

SEED = 20_261_127
VERBS = (
    "Formular",
    "Aprobar",
    "Conducir",
    "Supervisar",
    "Evaluar",
    "Coordinar",
    "Promover",
    "Proponer",
    "Ejecutar",
    "Articular",
    "Dirigir",
    "Regular",
    "Fiscalizar",
    "Asesorar en",
    "Emitir normas sobre",
)
OBJECTS = (
    "la política nacional",
    "los lineamientos",
    "el plan estratégico",
    "los programas presupuestales",
    "el sistema administrativo",
    "la estrategia",
    "las acciones",
    "los procesos",
    "la gestión",
    "el seguimiento",
    "los estándares",
    "la información",
)
DOMAINS = (
    "modernización de la gestión pública",
    "presupuesto público",
    "recursos humanos del sector",
    "gobierno digital",
    "simplificación administrativa",
    "descentralización",
    "inversión pública",
    "control gubernamental",
    "transparencia y acceso a la información",
    "ética pública",
    "planeamiento estratégico",
    "calidad de los servicios",
    "atención al ciudadano",
    "contrataciones del Estado",
    "endeudamiento público",
    "tesorería",
    "contabilidad pública",
    "salud pública",
    "educación básica",
    "seguridad ciudadana",
    "gestión del riesgo de desastres",
    "ordenamiento territorial",
    "medio ambiente",
    "desarrollo social",
    "inclusión financiera",
    "infraestructura vial",
    "agua y saneamiento",
    "cultura",
    "turismo",
    "comercio exterior",
)
SCOPES = (
    "a nivel nacional",
    "en el ámbito de su competencia",
    "en coordinación con los gobiernos regionales",
    "con los gobiernos locales",
    "en el sector",
    "de las entidades públicas",
    "del Poder Ejecutivo",
    "",
)
SYNONYMS = {
    "Formular": "Elaborar",
    "Supervisar": "Monitorear",
    "Conducir": "Liderar",
    "Promover": "Impulsar",
    "la política nacional": "la política",
    "los lineamientos": "las directrices",
}


def statement_text(rng: random.Random) -> str:
    """A random function statement built from the templates."""
    scope = rng.choice(SCOPES)
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} de {rng.choice(DOMAINS)}"
    return f"{text} {scope}".strip() + "."


def paraphrase(text: str, rng: random.Random) -> str:
    """A near-duplicate: synonyms swapped in and the scope phrase sometimes changed."""
    for word, other in SYNONYMS.items():
        if word in text and rng.random() < 0.7:
            text = text.replace(word, other, 1)
    if rng.random() < 0.5:
        text = text.rstrip(".") + " " + rng.choice(SCOPES) + "."
    return text


def generate(statements: int, actors: int, seed: int = SEED) -> list[FunctionStatement]:
    """``statements`` functions over ``actors`` actors; 5 % are paraphrases of another actor's."""
    rng = random.Random(seed)
    out: list[FunctionStatement] = []
    for index in range(statements):
        actor = f"actor-{rng.randrange(actors):04d}"
        if out and rng.random() < 0.05:
            text = paraphrase(rng.choice(out).text, rng)
        else:
            text = statement_text(rng)
        out.append(FunctionStatement(f"f{index:06d}", actor, text))
    return out


def peak_memory_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recall_against_exact(
    statements: Sequence[FunctionStatement],
    vectors: np.ndarray,
    found: dict[str, tuple[str, ...]],
    k: int,
    sample: int,
) -> float:
    """Share of the exact top-k (by full vectors) that the two-stage search also returned."""
    rng = np.random.default_rng(SEED)
    actors = np.array([s.actor_id for s in statements])
    rows = rng.choice(len(statements), size=min(sample, len(statements)), replace=False)
    hits = total = 0
    for row in rows:
        sims = vectors @ vectors[row]
        sims[actors == actors[row]] = -np.inf
        exact = np.argsort(-sims, kind="stable")[:k]
        cut = sims[exact[-1]]
        # Ties at the cut-off: any statement at least as similar counts as correct.
        allowed = {statements[int(j)].id for j in np.flatnonzero(sims >= cut - 1e-6)}
        got = found[statements[int(row)].id]
        hits += sum(1 for neighbour in got if neighbour in allowed)
        total += len(exact)
    return hits / total if total else 1.0


def numpy_peak_gflops(size: int = 2048, repeat: int = 3) -> float:
    """This machine's plain numpy float32 matrix-multiply rate (best of ``repeat``)."""
    rng = np.random.default_rng(SEED)
    a = rng.standard_normal((size, size), dtype=np.float32)
    b = rng.standard_normal((size, size), dtype=np.float32)
    best = min(_timed(lambda: a @ b) for _ in range(repeat))
    return 2 * size**3 / best / 1e9


def _timed(work: Callable[[], object]) -> float:
    begin = time.perf_counter()
    work()
    return time.perf_counter() - begin


def main(argv: Sequence[str] | None = None) -> None:
    """Generate, search, and print markdown rows with times, memory and recall."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2)
    options = parser.parse_args([] if argv is None else list(argv))
    statements = generate(options.statements, options.actors)
    texts = [s.text for s in statements]
    embedder = UniversalSentenceEncoder(threads=options.threads)
    timings: list[tuple[str, float, str]] = []

    start = time.perf_counter()
    vocabulary = build_vocabulary(texts)
    # Unweighted means: on this data IDF weights lowered recall@10 (0.92 to 0.89, 100 cands).
    table = distil_word_table(embedder, vocabulary)
    prefilter = table.reduced(options.dims) if options.dims < table.dim else table
    timings.append(("distil word table", time.perf_counter() - start, f"{len(vocabulary)} words"))

    class Cached:
        """The full embedder, timed separately and reused for the recall check."""

        vectors: np.ndarray = np.zeros((0, 0), np.float32)
        row_of: dict[str, int] = {}  # noqa: RUF012 - one instance, filled once

        def encode(self, batch: Sequence[str]) -> np.ndarray:
            begin = time.perf_counter()
            self.vectors = embedder.encode(batch)
            self.row_of = {text: row for row, text in enumerate(batch)}
            note = f"{len(batch):,} distinct texts"
            timings.append(("embed (full model)", time.perf_counter() - begin, note))
            return self.vectors

    cached = Cached()
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    result = functional_overlap(
        statements,
        cached,
        prefilter=prefilter,
        k=options.k,
        candidates=options.candidates,
        threads=options.threads,
        progress=lambda stage: marks.append((stage, time.perf_counter())),
    )
    search_seconds = time.perf_counter() - start
    marks.append(("end", time.perf_counter()))
    peak = numpy_peak_gflops()
    for (stage, began), (_, ended) in itertools.pairwise(marks):
        if stage in ("prefilter", "rerank"):
            note = ""
            if stage == "prefilter":
                # The scoring products: every statement against every other, prefilter dims.
                flops = 2 * options.statements**2 * prefilter.dim
                note = (
                    f"word-table encode + blockwise products; scoring >= "
                    f"{flops / (ended - began) / 1e9:.1f} GFLOP/s (numpy float32 matmul peak "
                    f"on this machine {peak:.1f} GFLOP/s)"
                )
            timings.append((stage, ended - began, note))
    timings.append(("overlap search total (embed + prefilter + re-rank)", search_seconds, ""))
    found = {n.statement_id: n.neighbour_ids for n in result.neighbours}
    full = cached.vectors[[cached.row_of[text] for text in texts]]
    recall = recall_against_exact(statements, full, found, options.k, options.sample)
    total = timings[0][1] + search_seconds  # distil + (embed, prefilter, re-rank)

    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, " + (
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    data = (
        f"{options.statements:,} statements, {options.actors} actors, k={options.k}, "
        f"{options.candidates} candidates, prefilter {prefilter.dim} dims"
    )
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    print("| date | machine | data | stage | seconds | note |")
    print("|---|---|---|---|---|---|")
    for stage, seconds, note in timings:
        print(f"| {today} | {machine} | {data} | {stage} | {seconds:.1f} | {note} |")
    print(
        f"| {today} | {machine} | {data} | all (distil + search) | {total:.1f} | "
        f"peak RSS {peak_memory_mb():,.0f} MB; recall@{options.k} vs exact "
        f"{recall:.3f} on {min(options.sample, options.statements)} statements; "
        f"{len(result.pairs):,} candidate pairs at τ={result.threshold} |"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
