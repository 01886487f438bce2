"""Benchmark: read, canonicalise and segment generated Spanish text documents.

Run ``python -m bench.bench_ingest`` (defaults: 1,000 documents of 50,000 characters, the issue's
target scale) or with ``--documents 100`` for a quick check. Prints MB of text per second for
the whole path (read + decode + hash + NFC + language + units) and for each stage.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from concierto.ingest import load_document
from concierto.ingest.canonical import detect_language
from concierto.ingest.units import SegmentationOptions, SentenceEngine, segment

VOCABULARY = (
    "la coordinación entre el ministerio y los gobiernos regionales es débil porque cada sector "
    "persigue sus propios objetivos sin información compartida ni reglas de interacción año "
    "señor política nacional de modernización gestión pública presupuesto por resultados "
    "articulación intergubernamental rectoría mecanismos instancias comisión multisectorial "
    "funcionarios entrevistados coherencia planeamiento estratégico niñez pequeña región"
)
WORDS = VOCABULARY.split()
ABBREVIATED_OPENERS = ["El Sr. Pérez", "La Ing. García", "Según el art. 5",
                      "El D.S. N.º 004-2013-PCM", "La R.M. 125-2013-PCM", "La Dra. Núñez",
                      "Según el inc. 3"]
PLAIN_OPENERS = ["La Secretaría", "El Ministerio", "¿Por qué", "¡Nadie", "Los gobiernos",
                 "En Lima", "Según la PCM"]
DEFAULT_ABBREVIATED_SHARE = 0.3
"""Share of sentences opening with an abbreviation (``Sr.``, ``art.``, ``D.S.`` …)."""


def spanish_document(rng: random.Random, chars: int,
                     abbreviated_share: float = DEFAULT_ABBREVIATED_SHARE) -> str:
    """A deterministic Spanish-looking text of about ``chars`` characters in paragraphs."""
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = rng.choices(WORDS, k=rng.randint(6, 24))
            openers = ABBREVIATED_OPENERS if rng.random() < abbreviated_share else PLAIN_OPENERS
            opener = rng.choice(openers)
            end = "?" if opener.startswith("¿") else "!" if opener.startswith("¡") else "."
            sentences.append(f"{opener} {' '.join(words)}{end}")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars]


def generate(folder: Path, documents: int, chars: int, seed: int = 1,
             abbreviated_share: float = DEFAULT_ABBREVIATED_SHARE) -> list[Path]:
    """Write the documents (UTF-8, every tenth in cp1252 with CRLF) and return their paths."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for index in range(documents):
        text = spanish_document(rng, chars, abbreviated_share)
        path = folder / f"doc{index:04d}.txt"
        if index % 10 == 9:
            path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(documents: int, chars: int, engine: SentenceEngine,
        abbreviated_share: float = DEFAULT_ABBREVIATED_SHARE) -> dict[str, float]:
    """Seconds spent reading+canonicalising and segmenting, and the MB of text processed."""
    options = SegmentationOptions(sentence_engine=engine)
    with tempfile.TemporaryDirectory(prefix="concierto-bench-") as folder:
        paths = generate(Path(folder), documents, chars, abbreviated_share=abbreviated_share)
        warm_started = time.perf_counter()
        detect_language("la coordinación entre los sectores del gobierno")  # loads dictionaries
        warm_seconds = time.perf_counter() - warm_started
        total_chars = 0
        units = 0
        read_seconds = 0.0
        unit_seconds = 0.0
        cpu_started = time.process_time()
        wall_started = time.perf_counter()
        for path in paths:
            started = time.perf_counter()
            document = load_document(path)
            middle = time.perf_counter()
            units += len(segment(document.text, options))
            read_seconds += middle - started
            unit_seconds += time.perf_counter() - middle
            total_chars += len(document.text)
        cpu_seconds = time.process_time() - cpu_started
        wall_seconds = time.perf_counter() - wall_started
    megabytes = total_chars / 1e6
    return {"megabytes": megabytes, "read_seconds": read_seconds,
            "unit_seconds": unit_seconds, "units": float(units), "cpu_seconds": cpu_seconds,
            "wall_seconds": wall_seconds, "warm_seconds": warm_seconds}


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: print throughput for the requested scale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--engine", choices=["rules", "syntok"], default="rules")
    parser.add_argument("--abbreviated-share", type=float, default=DEFAULT_ABBREVIATED_SHARE,
                        help="share of sentences that open with an abbreviation (1.0: all)")
    args = parser.parse_args(argv)
    engine: SentenceEngine = "syntok" if args.engine == "syntok" else "rules"
    result = run(args.documents, args.chars, engine, args.abbreviated_share)
    megabytes = result["megabytes"]
    print(f"documents: {args.documents} x {args.chars} chars ({megabytes:.1f} MB of text), "
          f"sentence engine: {args.engine}, sentences opening with an abbreviation: "
          f"{args.abbreviated_share:.0%}")
    print(f"one-time load of the language detector's dictionaries: "
          f"{result['warm_seconds']:.2f} s (not counted below)")
    print(f"read + canonicalise: {megabytes / result['read_seconds']:.1f} MB/s")
    print(f"units ({int(result['units'])}): {megabytes / result['unit_seconds']:.1f} MB/s")
    print(f"end to end (without storage): {megabytes / result['wall_seconds']:.1f} MB/s in "
          f"{result['wall_seconds']:.1f} s wall; {megabytes / result['cpu_seconds']:.1f} MB/s "
          f"of CPU time (less sensitive to other load on the machine)")


if __name__ == "__main__":
    main()
