"""Corpus-wide batch jobs expressed once and run by any executor with identical results.

Documents are split into chunks; each chunk is one task that carries the compiled rules, so a
process pool or a Dask cluster pays the pickling once per chunk, not once per document.
Results come back in document order whatever the executor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from concierto.compute.executors import Executor, SerialExecutor
from concierto.nlp.mentions import ActorAlias, Mention, MentionFinder
from concierto.nlp.rules import Rule, RuleSet, Suggestion


@dataclass(frozen=True)
class Document:
    """One document's canonical text and its units per scope (``sentence`` ... ``turn``)."""

    id: str
    text: str
    units: Mapping[str, Sequence[tuple[int, int]]]


def _chunks(documents: Sequence[Document], size: int) -> list[Sequence[Document]]:
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    return [documents[first : first + size] for first in range(0, len(documents), size)]


def _autocode_chunk(
    rules: RuleSet, chunk: Sequence[Document]
) -> list[tuple[str, list[Suggestion]]]:
    return [(document.id, rules.autocode(document.text, document.units)) for document in chunk]


def _mentions_chunk(
    finder: MentionFinder, chunk: Sequence[Document]
) -> list[tuple[str, list[Mention]]]:
    return [(document.id, finder.find(document.text)) for document in chunk]


def autocode_documents(
    documents: Sequence[Document],
    rules: Sequence[Rule],
    executor: Executor | None = None,
    chunk_size: int = 64,
) -> dict[str, list[Suggestion]]:
    """Rule suggestions of every document, keyed by document id in input order."""
    compiled = RuleSet(rules)
    runner = executor or SerialExecutor()
    parts = runner.map(partial(_autocode_chunk, compiled), _chunks(documents, chunk_size))
    return {doc_id: found for part in parts for doc_id, found in part}


def find_mentions_in_documents(
    documents: Sequence[Document],
    actors: Sequence[ActorAlias],
    executor: Executor | None = None,
    chunk_size: int = 64,
) -> dict[str, list[Mention]]:
    """Actor mentions of every document, keyed by document id in input order."""
    finder = MentionFinder(actors)
    runner = executor or SerialExecutor()
    parts = runner.map(partial(_mentions_chunk, finder), _chunks(documents, chunk_size))
    return {doc_id: found for part in parts for doc_id, found in part}
