"""Corpus jobs give the same results, in document order, under every executor."""

from __future__ import annotations

import importlib.util
import random

import pytest

from concierto.compute.batch import Document, autocode_documents, find_mentions_in_documents
from concierto.compute.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from concierto.nlp.mentions import ActorAlias
from concierto.nlp.rules import Rule

WORDS = [
    "la",
    "el",
    "MEF",
    "PCM",
    "SERVIR",
    "servir",
    "articulación",
    "coordinación",
    "débil",
    "gestión",
    "pública",
    "y",
]
RULES = [
    Rule("r1", "coordinacion", keywords=("coordinación", "articulación")),
    Rule("r2", "debilidad", keywords=("débil",), regexes=(r"no\s+hay",), scope="paragraph"),
]
ACTORS = [
    ActorAlias("mef", "Ministerio de Economía y Finanzas", acronym="MEF"),
    ActorAlias("pcm", "Presidencia del Consejo de Ministros", acronym="PCM"),
    ActorAlias("servir", "Autoridad Nacional del Servicio Civil", acronym="SERVIR"),
]


def corpus(count: int, seed: int = 3) -> list[Document]:
    rng = random.Random(seed)
    documents = []
    for index in range(count):
        sentences = [" ".join(rng.choices(WORDS, k=rng.randint(3, 9))) + "." for _ in range(4)]
        text = " ".join(sentences)
        spans, start = [], 0
        for sentence in sentences:
            spans.append((start, start + len(sentence)))
            start += len(sentence) + 1
        units = {"sentence": spans, "paragraph": [(0, len(text))]}
        documents.append(Document(f"d{index:03d}", text, units))
    return documents


def test_chunking_does_not_change_results() -> None:
    documents = corpus(30)
    one = autocode_documents(documents, RULES, SerialExecutor(), chunk_size=1)
    many = autocode_documents(documents, RULES, chunk_size=7)
    assert one == many
    assert list(one) == [d.id for d in documents]
    assert sum(len(found) for found in one.values()) > 10


@pytest.mark.slow
def test_process_pool_equals_serial_for_rules_and_mentions() -> None:
    documents = corpus(40)
    with ProcessExecutor(workers=2) as pool:
        assert autocode_documents(documents, RULES, pool, 8) == autocode_documents(documents, RULES)
        mentions = find_mentions_in_documents(documents, ACTORS, pool, 8)
    assert mentions == find_mentions_in_documents(documents, ACTORS)
    assert all(m.surface in {"MEF", "PCM", "SERVIR"} for ms in mentions.values() for m in ms)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_dask_equals_serial_for_rules() -> None:
    documents = corpus(20)
    with DaskExecutor(workers=1, processes=False) as dask:
        assert autocode_documents(documents, RULES, dask, 5) == autocode_documents(documents, RULES)
