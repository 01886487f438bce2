"""Qualitative queries (M5) over a generated corpus of 100,000 coded segments.

The target (issue 3): frequency, matrix and co-occurrence queries under 1 s each over 100,000
segments. The corpus is generated in memory as an evidence snapshot (no database): interviews
with alternating interviewer / interviewee turns, one paragraph per turn, sentences of about 60
characters; 40 codable codes in 10 folders (each folder a present / absent pair and two neutral
codes); one interviewee case per document with two attributes, and organisation cases linked to
ranges. Each query is timed from the raw snapshot (its lookups built inside the call) and
with a shared :class:`EvidenceIndex`. Prints one markdown row per query for bench/RESULTS.md:

    | date | machine | data | query | from snapshot s | shared index s | rows |

Run ``python -m bench.bench_queries [--segments N] [--documents D] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import time
from collections.abc import Callable, Sequence
from types import MappingProxyType

import numpy as np

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    ParticipantRecord,
    QualCaseRecord,
    UnitRecord,
)
from concierto.measures.qualitative import (
    EvidenceIndex,
    code_attribute_matrix,
    code_consensus,
    code_cooccurrence,
    code_frequencies,
    pair_consensus,
    retrieve_segments,
)

SEED = 20_261_127
FOLDERS = 10
TURNS_PER_DOCUMENT = 24
SENTENCES_PER_TURN = 4
SECTORS = ("salud", "educacion", "economia", "ambiente", "interior")
REGIONS = ("norte", "centro", "sur")


def _codes() -> list[CodeRecord]:
    codes = []
    for folder in range(FOLDERS):
        key = f"f{folder}"
        codes.append(CodeRecord(key, None, False, key, None, None, MappingProxyType({})))
        for name, polarity in (("si", "present"), ("no", "absent"), ("a", None), ("b", None)):
            child = f"{key}.{name}"
            codes.append(CodeRecord(child, key, True, child, None, polarity, MappingProxyType({})))
    return codes


def generate(segments: int, documents: int, seed: int = SEED) -> EvidenceSnapshot:
    """A snapshot with ``documents`` interviews and ``segments`` codings spread over them."""
    generator = np.random.default_rng(seed)
    sentence = "Esta es una oración de prueba con unas sesenta letras en ella."
    docs, units, cases = [], [], []
    participants = [ParticipantRecord("E", None, None, True, None)]
    sentence_spans: list[list[tuple[int, int]]] = []
    for d in range(documents):
        key, speaker = f"D{d:05d}", f"P{d:05d}"
        participants.append(ParticipantRecord(speaker, None, None, False, None))
        parts: list[str] = []
        offset, spans = 0, []
        for turn in range(TURNS_PER_DOCUMENT):
            who = "E" if turn % 2 == 0 else speaker
            label = f"{who}: "
            parts.append(label)
            offset += len(label)
            start = offset
            for s in range(SENTENCES_PER_TURN):
                units.append(UnitRecord(key, "sentence", offset, offset + len(sentence), 0, who))
                spans.append((offset, offset + len(sentence)))
                parts.append(sentence + (" " if s < SENTENCES_PER_TURN - 1 else "\n"))
                offset += len(sentence) + 1
            units.append(UnitRecord(key, "paragraph", start, offset - 1, turn + 1, who))
            units.append(UnitRecord(key, "turn", start, offset - 1, turn + 1, who))
        text = "".join(parts)
        docs.append(DocumentRecord(key, "interview", key, text, "es", None, None, None, None))
        sentence_spans.append(spans)
        attributes = {
            "sector": SECTORS[d % len(SECTORS)],
            "region": REGIONS[d % len(REGIONS)],
        }
        cases.append(
            QualCaseRecord(
                f"ent{d}",
                None,
                "interviewee",
                None,
                speaker,
                MappingProxyType(attributes),
                ((key, None, None),),
            )
        )
        if d % 5 == 0:
            cases.append(
                QualCaseRecord(
                    f"org{d}",
                    None,
                    "organisation",
                    None,
                    None,
                    MappingProxyType({"sector": SECTORS[(d + 1) % len(SECTORS)]}),
                    ((key, 0, len(text) // 2),),
                )
            )
    codes = _codes()
    codable = [c.id for c in codes if c.codable]
    per_document = np.bincount(generator.integers(0, documents, segments), minlength=documents)
    codings = []
    number = 0
    for d, count in enumerate(per_document.tolist()):
        spans = sentence_spans[d]
        picks = generator.integers(0, len(spans), count)
        widths = generator.integers(1, 3, count)
        chosen = generator.integers(0, len(codable), count)
        for pick, width, code in zip(picks.tolist(), widths.tolist(), chosen.tolist(), strict=True):
            start = spans[pick][0] + 5
            end = spans[min(pick + width - 1, len(spans) - 1)][1] - 5
            number += 1
            codings.append(
                CodingRecord(
                    f"seg:{number}", docs[d].id, start, end, codable[code], "ana", "human", None
                )
            )
    return EvidenceSnapshot(
        documents=tuple(docs),
        participants=tuple(participants),
        units=tuple(units),
        qual_cases=tuple(cases),
        attributes=MappingProxyType({"sector": "text", "region": "text"}),
        codes=tuple(codes),
        coders=("ana",),
        codings=tuple(codings),
    )


def best_time(function: Callable[[], int], repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` runs (seconds) and the size of the result."""
    timings, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = function()
        timings.append(time.perf_counter() - start)
    return min(timings), size


def queries() -> dict[str, Callable[[EvidenceSnapshot | EvidenceIndex], int]]:
    """The timed queries, each returning how many rows, pairs or segments it produced."""
    return {
        "frequency total": lambda ev: len(code_frequencies(ev).rows),
        "frequency by document": lambda ev: len(code_frequencies(ev, grouping="document").rows),
        "frequency by case": lambda ev: len(code_frequencies(ev, grouping="case").rows),
        "frequency by attribute": lambda ev: len(
            code_frequencies(ev, grouping="attribute", attribute="sector").rows
        ),
        "frequency with descendants": lambda ev: len(
            code_frequencies(ev, include_descendants=True).rows
        ),
        "matrix code x sector": lambda ev: len(code_attribute_matrix(ev, "sector").cells),
        "co-occurrence overlap": lambda ev: len(code_cooccurrence(ev, "overlap").pairs),
        "co-occurrence sentence": lambda ev: len(code_cooccurrence(ev, "sentence").pairs),
        "co-occurrence paragraph": lambda ev: len(code_cooccurrence(ev, "paragraph").pairs),
        "co-occurrence turn": lambda ev: len(code_cooccurrence(ev, "turn").pairs),
        "co-occurrence document": lambda ev: len(code_cooccurrence(ev, "document").pairs),
        "consensus (code)": lambda ev: code_consensus(ev, "f0.si").k,
        "consensus (pair)": lambda ev: pair_consensus(ev, "f0.si", "f0.no").n,
        "retrieve one code": lambda ev: len(retrieve_segments(ev, ["f0.a"], unit="sentence")),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Generate the corpus, time every query and print the markdown rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args([] if argv is None else list(argv))
    evidence = generate(options.segments, options.documents)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, " + (
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    data = (
        f"{options.segments:,} segments, {options.documents:,} documents, "
        f"{len(evidence.units):,} units, {len(evidence.codes)} codes"
    )
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    shared = EvidenceIndex(evidence)
    index_seconds, _ = best_time(lambda: len(EvidenceIndex(evidence).codings), options.repeat)
    print("| date | machine | data | query | from snapshot s | shared index s | rows |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {today} | {machine} | {data} | build index | {index_seconds:.3f} | | |")
    for name, query in queries().items():
        fresh, size = best_time(functools.partial(query, evidence), options.repeat)
        reused, _ = best_time(functools.partial(query, shared), options.repeat)
        print(f"| {today} | {machine} | {data} | {name} | {fresh:.3f} | {reused:.3f} | {size} |")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
