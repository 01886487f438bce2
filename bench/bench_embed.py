"""Embedding throughput of the default model (multilingual USE), batched, in sentences/second.

Distinct generated Spanish sentences (the model's tokenizer is not helped by repeats) are
encoded in batches of 256 after one warm-up call that loads the weights; the load time is
reported separately. For comparison, the distilled static word table encodes the same
sentences. Markdown rows for bench/RESULTS.md:

    | date | machine | data | encoder | seconds | sentences/s |

Run ``python -m bench.bench_embed [--sentences 10000] [--threads 1] [--batch 256]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import time
from collections.abc import Sequence

import numpy as np

from concierto.nlp.embed import UniversalSentenceEncoder
from concierto.nlp.wordtable import build_vocabulary, distil_word_table

SEED = 20_261_127
SUBJECTS = (
    "La Secretaría de Gestión Pública",
    "El Ministerio de Economía y Finanzas",
    "Cada gobierno regional",
    "La Autoridad Nacional del Servicio Civil",
    "El Centro Nacional de Planeamiento Estratégico",
    "La municipalidad provincial",
    "El equipo técnico del sector",
    "La comisión multisectorial",
)
VERBS = (
    "coordina",
    "supervisa",
    "no articula",
    "evalúa",
    "formula",
    "aprueba",
    "difunde",
    "posterga",
    "financia",
    "reglamenta",
)
OBJECTS = (
    "la política de modernización",
    "los planes operativos institucionales",
    "el presupuesto por resultados",
    "los procesos de simplificación administrativa",
    "la estrategia de gobierno digital",
    "las metas del plan estratégico",
    "la gestión de recursos humanos",
    "los servicios al ciudadano",
)
TAILS = (
    "con los gobiernos locales",
    "sin información suficiente",
    "desde el año {year}",
    "según la entrevista {n}",
    "en el marco del decreto supremo {n}-{year}-PCM",
    "aunque falta una visión compartida",
    "pese a las observaciones de la Contraloría",
)


def sentences(count: int, seed: int = SEED) -> list[str]:
    """``count`` distinct Spanish sentences about coordination in public administration."""
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < count:
        tail = rng.choice(TAILS).format(year=rng.randint(1990, 2030), n=rng.randint(1, 999))
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."
        out[text] = None
    return list(out)


def main(argv: Sequence[str] | None = None) -> None:
    """Time model loading, batched encoding, and the word table; print markdown rows."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=256)
    options = parser.parse_args([] if argv is None else list(argv))
    texts = sentences(options.sentences)
    embedder = UniversalSentenceEncoder(batch_size=options.batch, threads=options.threads)

    start = time.perf_counter()
    embedder.encode(["calentamiento"])
    load_seconds = time.perf_counter() - start

    start = time.perf_counter()
    vectors = embedder.encode(texts)
    model_seconds = time.perf_counter() - start

    table = distil_word_table(embedder, build_vocabulary(texts))
    start = time.perf_counter()
    table.encode(texts)
    table_seconds = time.perf_counter() - start

    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, " + (
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    data = (
        f"{len(texts):,} distinct Spanish sentences, batch {options.batch}, "
        f"{options.threads} BLAS thread(s)"
    )
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    print("| date | machine | data | encoder | seconds | sentences/s |")
    print("|---|---|---|---|---|---|")
    rows = (
        (f"{embedder.model_id} load (first call)", load_seconds, ""),
        (
            f"{embedder.model_id} ({embedder.version})",
            model_seconds,
            f"{len(texts) / model_seconds:,.0f}",
        ),
        (
            f"word table ({len(table.words):,} words, {table.dim} dims)",
            table_seconds,
            f"{len(texts) / table_seconds:,.0f}",
        ),
    )
    for encoder, seconds, rate in rows:
        print(f"| {today} | {machine} | {data} | {encoder} | {seconds:.2f} | {rate} |")
    assert vectors.shape == (len(texts), embedder.dim)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
