"""Rule auto-coding with 500 terms over generated Spanish text: one pass vs one search per term.

Three timings on the same text in the same process: concierto's one-pass ``RuleSet.autocode``
(compiling, folding, scanning and unit assignment included; best of ``--repeat``), the reference
``naive_autocode`` (same semantics, one regex search loop per term, including folding), and a
plain loop of ``re.finditer(r"\\bterm\\b")`` per term over the folded text (folding included).
All three must find the same occurrences. The script prints markdown rows for
bench/RESULTS.md:

    | date | machine | data | method | seconds | MB/s | speed-up of one pass | same |

Run ``python -m bench.bench_rules [--mb 50] [--terms 500] [--seed S] [--repeat 3]
[--no-baselines]`` (``python -m bench`` runs it with the defaults, the issue's target size;
use ``--mb 2`` for a quick look).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import re
import time
from collections.abc import Sequence

from concierto.nlp.fold import fold, fold_text
from concierto.nlp.rules import Rule, RuleSet, Suggestion, naive_autocode

SEED = 20_261_127


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    "la el de que y a en los del se las por un para con no una su al lo como más pero sus le ya "
    "o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde "
    "todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos "
    "qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella"
)
DOMAIN = _words(
    "política pública gestión coordinación articulación ministerio secretaría presupuesto "
    "modernización Estado gobierno regional local nacional sector función institución "
    "objetivo programa plan estratégico evaluación seguimiento información transparencia "
    "rectoría competencia descentralización ciudadano servicio calidad recursos humanos "
    "capacidad liderazgo visión compartida conflicto acuerdo comisión consejo directiva "
    "normativa reglamento decreto supremo ley resolución indicador meta resultado producto "
    "actividad gasto inversión proyecto territorio municipalidad alcalde gobernador "
    "Perú Lima Cusco PCM MEF SERVIR CEPLAN ONGEI Contraloría Defensoría entrevista funcionario"
)
SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe la le li lo lu ma me mi mo mu na "
SYLLABLES += "ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu ción sión"


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Common words, domain words and invented Spanish-looking words (some accented)."""
    syllables = SYLLABLES.split()
    invented: set[str] = set()
    while len(invented) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.15:
            word = word.replace("a", "á", 1) if "a" in word else word.replace("o", "ó", 1)
        invented.add(word)
    return COMMON + DOMAIN + sorted(invented)


def generate_text(megabytes: float, rng: random.Random, words: Sequence[str]) -> str:
    """Sentences of 8-30 Zipf-ish words, capitalised, grouped in paragraphs."""
    cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(words))))
    target = int(megabytes * 1_000_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 30))
            if rng.random() < 0.3:
                chosen[rng.randrange(len(chosen))] = rng.choice(DOMAIN).upper()
            sentence = " ".join(chosen)
            sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".....;?"))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def sentence_units(text: str) -> list[tuple[int, int]]:
    """Sentence spans: up to and including each '.', ';' or '?' (the generator's punctuation)."""
    spans = []
    start = 0
    for match in re.finditer(r"[.;?]", text):
        while start < match.start() and text[start].isspace():
            start += 1
        spans.append((start, match.end()))
        start = match.end()
    return spans


def make_rules(rng: random.Random, words: Sequence[str], terms: int) -> list[Rule]:
    """``terms`` keywords (80 % single words, 20 % two-word phrases) over 50 codes."""
    pool = list(words[len(COMMON) : len(COMMON) + 3000])
    keywords: list[str] = []
    seen: set[str] = set()
    while len(keywords) < terms:
        keyword = rng.choice(pool)
        if rng.random() < 0.2:
            keyword += " " + rng.choice(pool)
        if fold(keyword) not in seen:
            seen.add(fold(keyword))
            keywords.append(keyword)
    return [
        Rule(f"r{index}", f"code{index}", keywords=tuple(keywords[index::50]))
        for index in range(50)
    ]


def plain_loop(text: str, rules: Sequence[Rule]) -> int:
    """The everyday way: fold, then one ``\\bterm\\b`` finditer per keyword; occurrences."""
    folded = fold_text(text).text
    found = 0
    for rule in rules:
        for keyword in rule.keywords:
            body = r"\s+".join(re.escape(part) for part in fold(keyword).split())
            found += sum(1 for _ in re.finditer(r"\b" + body + r"\b", folded))
    return found


def main(argv: Sequence[str] | None = None) -> None:
    """Generate the text and rules, time the three methods, print markdown rows."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeat", type=int, default=3, help="one-pass runs (best is kept)")
    parser.add_argument("--no-baselines", action="store_true", help="time the one-pass method only")
    options = parser.parse_args([] if argv is None else list(argv))
    rng = random.Random(options.seed)
    words = vocabulary(rng)
    text = generate_text(options.mb, rng, words)
    units = {"sentence": sentence_units(text)}
    rules = make_rules(rng, words, options.terms)
    megabytes = len(text.encode("utf-8")) / 1e6

    ours_seconds = float("inf")
    for _ in range(options.repeat):  # best of a few: the machine may be shared
        start = time.perf_counter()
        compiled = RuleSet(rules)
        ours = compiled.autocode(text, units)
        ours_seconds = min(ours_seconds, time.perf_counter() - start)
    occurrences = compiled.occurrences(text)

    naive_seconds = plain_seconds = float("nan")
    reference: list[Suggestion] = []
    plain_occurrences = -1
    if not options.no_baselines:
        start = time.perf_counter()
        reference = naive_autocode(text, units, rules)
        naive_seconds = time.perf_counter() - start

        start = time.perf_counter()
        plain_occurrences = plain_loop(text, rules)
        plain_seconds = time.perf_counter() - start

    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, " + (
        f"Python {platform.python_version()}"
    )
    sentences = len(units["sentence"])
    data = f"{megabytes:.1f} MB Spanish, {options.terms} terms, {sentences:,} sentences"
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    print("| date | machine | data | method | seconds | MB/s | speed-up of one pass | same |")
    print("|---|---|---|---|---|---|---|---|")
    rows = (
        ("one pass (concierto)", ours_seconds, "", f"{len(ours):,} suggestions"),
        (
            "one search per term, same semantics",
            naive_seconds,
            f"{naive_seconds / ours_seconds:.1f}x",
            "yes" if reference == ours else "NO",
        ),
        (
            r"one \b finditer per term",
            plain_seconds,
            f"{plain_seconds / ours_seconds:.1f}x",
            "yes" if plain_occurrences == occurrences else f"NO ({plain_occurrences:,})",
        ),
    )
    for method, seconds, speed_up, same in rows[:1] if options.no_baselines else rows:
        print(
            f"| {today} | {machine} | {data} | {method} | {seconds:.2f} | "
            f"{megabytes / seconds:.1f} | {speed_up} | {same} |"
        )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
