"""Every input format, fuzzed through the real ``concierto`` entry point: each input is either
refused with a clear message (store byte-identical) or accepted, and never yields a traceback
or a crash log; a case folder that loads then works with the commands that read it.

Two sources: the kept corpus (``corpus/``, written by ``make_corpus.py``: seeds, mutants,
hostile files, regressions) and hypothesis, which mutates the seeds afresh. ``make test`` runs
the fast subset (the seeds, hand-made and regression entries, every sixth mutant, a few
hypothesis examples per format); ``CONCIERTO_FUZZ=long`` runs the whole corpus and hundreds of
examples per format, and ``CONCIERTO_FUZZ_REPORT=path.json`` writes the tally of a run.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import CORPUS, FORMATS, Outcome, corpus_inputs, fuzz_level, try_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import dump_yaml, mutate_bytes, mutate_tree, mutate_zip

LONG = fuzz_level() == "long"
EXAMPLES = int(os.environ.get("CONCIERTO_FUZZ_EXAMPLES", "150")) if LONG else 3
ZIPPED = {".qdpx", ".docx", ".odt", ".xlsx"}
TALLY: dict[str, list[dict[str, Any]]] = defaultdict(list)


def _kept(path: Path) -> bool:
    """Whether a corpus entry runs in the fast subset (hand-made ones and every sixth mutant)."""
    match = re.search(r"-(\d\d)(\.|$)", path.name)
    return LONG or match is None or int(match.group(1)) % 6 == 0


def _corpus() -> list[Any]:
    return [
        pytest.param(fmt, path, id=f"{fmt}/{path.name}")
        for fmt in FORMATS
        for path in corpus_inputs(fmt)
        if _kept(path)
    ]


def _record(outcomes: list[Outcome], source: str, seconds: float) -> None:
    for outcome in outcomes:
        TALLY[outcome.format].append(
            {
                "source": source,
                "name": outcome.name,
                "command": " ".join(
                    outcome.args[2:] if outcome.args[:1] == ["--db"] else outcome.args
                ).split(" /")[0],
                "exit": outcome.exit_code,
                "message": outcome.message[:240],
                "traceback": outcome.traceback or bool(outcome.crash_logs),
                "store_changed": bool(outcome.store_changed),
                "follow_ups": len(outcome.follow_ups),
                "follow_up_failures": [
                    f"{' '.join(f.args[2:])}: {f.message[:160]}"
                    for f in outcome.follow_ups
                    if f.exit_code != 0
                ],
                "seconds": seconds / max(1, len(outcomes)),
            }
        )


def _check(fmt: str, path: Path, scratch: Path, source: str) -> list[Outcome]:
    started = time.perf_counter()
    outcomes = try_input(fmt, path, scratch, follow_up=True)
    _record(outcomes, source, time.perf_counter() - started)
    problems = [problem for outcome in outcomes for problem in outcome.problems()]
    assert not problems, "\n".join(problems)
    return outcomes


@pytest.mark.parametrize(("fmt", "path"), _corpus())
def test_corpus_input_is_refused_cleanly_or_loaded(fmt: str, path: Path, tmp_path: Path) -> None:
    _check(fmt, path, tmp_path, "corpus")


def test_the_corpus_covers_every_format() -> None:
    counts = {fmt: len(corpus_inputs(fmt)) for fmt in FORMATS}
    assert all(count >= 10 for count in counts.values()), counts
    documents = {path.suffix for path in corpus_inputs("document")}
    assert {".txt", ".md", ".html", ".docx", ".odt", ".pdf"} <= documents


def test_the_reported_case_is_refused_at_load_naming_the_field(tmp_path: Path) -> None:
    [outcome] = _check("case", CORPUS / "case" / "regress-shared-name", tmp_path, "corpus")
    assert outcome.exit_code == 1
    assert "case.yaml:26: actors[1].name: 'ministerio á' is also a name" in outcome.message
    assert "alias of actor 'min-a'" in outcome.message


def _seeds(fmt: str) -> list[Path]:
    return [path for path in corpus_inputs(fmt) if path.name.startswith("seed-")]


def _mutant(fmt: str, rng: random.Random, scratch: Path) -> Path:
    """A fresh mutant of one of ``fmt``'s seeds, written under ``scratch``."""
    big = LONG and rng.randrange(10) == 0
    if fmt == "case":
        folder = scratch / "overlay"
        folder.mkdir(parents=True, exist_ok=True)
        from harness import MINI

        name = rng.choice(
            ["case.yaml", "case.yaml", "ties.csv", "interactions.csv", "functions.csv"]
        )
        raw = (MINI / name).read_bytes()
        if name == "case.yaml" and rng.randrange(2):
            data = dump_yaml(mutate_tree(yaml.safe_load(raw), rng, rng.randrange(1, 4)))
        else:
            data = mutate_bytes(raw, rng, rng.randrange(1, 4), big=big)
        (folder / name).write_bytes(data)
        return folder
    seed = rng.choice(_seeds(fmt))
    raw = seed.read_bytes()
    if seed.suffix in ZIPPED:
        data = mutate_zip(raw, rng, rng.randrange(1, 4), big=big)
    elif seed.suffix == ".yaml" and rng.randrange(2):
        data = dump_yaml(mutate_tree(yaml.safe_load(raw), rng, rng.randrange(1, 4)))
    else:
        data = mutate_bytes(raw, rng, rng.randrange(1, 4), big=big)
    path = scratch / f"mutant{seed.suffix}"
    path.write_bytes(data)
    return path


@pytest.fixture
def scratch_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_hypothesis_mutant_is_refused_cleanly_or_loaded(
    fmt: str, seed: int, scratch_root: Path
) -> None:
    scratch = scratch_root / f"{fmt}-{seed}"
    scratch.mkdir(parents=True, exist_ok=True)
    path = _mutant(fmt, random.Random(seed), scratch)
    _check(fmt, path, scratch, "hypothesis")


@pytest.fixture(scope="module", autouse=True)
def write_tally() -> Iterator[None]:
    """With ``CONCIERTO_FUZZ_REPORT``, write the tally of the run as JSON."""
    started = time.perf_counter()
    yield
    target = os.environ.get("CONCIERTO_FUZZ_REPORT")
    if target:
        payload = {
            "level": fuzz_level(),
            "seconds": time.perf_counter() - started,
            "formats": TALLY,
        }
        Path(target).write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")
