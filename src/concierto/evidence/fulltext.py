"""The full-text index of sentences: accent-folded words plus their lemmas (simplemma), so that
`coordinacion`, `coordinación` and `coordinaciones` find each other (SQLite FTS5)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from sqlalchemy import text
from sqlalchemy.orm import Session

from concierto.nlp.fold import fold

WORD = re.compile(r"\w+", re.UNICODE)
LEMMA_LANGUAGES = ("es", "en")


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str = "es") -> str:
    """The folded lemma of ``word`` (the folded word itself when simplemma knows none)."""
    lang = language if language in LEMMA_LANGUAGES else "es"
    return fold(simplemma.lemmatize(word.lower(), lang=lang))


SEPARATOR = "\x1f"
"""Joins sentences for a one-pass tokenisation; a control character canonical text lacks."""
_TOKEN = re.compile(r"\w+|\x1f", re.UNICODE)


def sentence_lemmas(
    text: str, sentences: Sequence[tuple[int, int]], language: str = "es"
) -> list[str]:
    """The indexed form of each sentence ``(start, end)`` of ``text``: its folded lemmas.

    The sentences are joined with :data:`SEPARATOR` and tokenised in one pass, with one lemma
    look-up per distinct word: a document has hundreds of sentences, and a pass per sentence
    costs more than the look-ups. A pure function, so that documents can be prepared in worker
    processes.
    """
    if SEPARATOR in text:
        return [_lemmas(text[start:end], language) for start, end in sentences]
    tokens = _TOKEN.findall(SEPARATOR.join([text[start:end] for start, end in sentences]))
    distinct = set(tokens)
    distinct.discard(SEPARATOR)
    lookup = {word: lemma(word, language) for word in distinct}
    lookup[SEPARATOR] = SEPARATOR
    joined = " ".join(map(lookup.__getitem__, tokens))
    return [piece.strip(" ") for piece in joined.split(SEPARATOR)] if sentences else []


def _lemmas(sentence: str, language: str) -> str:
    """The folded lemmas of one sentence's words, space-separated."""
    return " ".join(lemma(word, language) for word in WORD.findall(sentence))


def index_rows(session: Session, rows: Sequence[tuple[int, str]]) -> None:
    """Add ``(unit id, lemmas)`` rows to the index (SQLite only; a no-op elsewhere)."""
    if not rows or session.get_bind().dialect.name != "sqlite":
        return
    session.connection().exec_driver_sql(
        "INSERT INTO unit_fts(rowid, lemmas) VALUES (?, ?)", list(rows)
    )


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str, language: str = "es") -> str:
    """An FTS5 query: every word of ``query`` must match through its folded lemma (or, for a
    word simplemma does not know, its folded form)."""
    parts = []
    for word in WORD.findall(query):
        folded, root = fold(word), lemma(word, language)
        terms = {_quote(root), _quote(folded)}
        parts.append("(" + " OR ".join(sorted(terms)) + ")")
    return " AND ".join(parts)


@dataclass(frozen=True)
class Hit:
    """A matching sentence unit."""

    unit_id: int
    rank: float


def search_units(session: Session, query: str, language: str = "es", limit: int = 50) -> list[Hit]:
    """Sentence units matching ``query``, best first (BM25)."""
    expression = match_expression(query, language)
    if not expression:
        return []
    rows = session.execute(
        text(
            "SELECT rowid, bm25(unit_fts) AS rank FROM unit_fts WHERE unit_fts MATCH :q "
            "ORDER BY rank LIMIT :limit"
        ),
        {"q": expression, "limit": limit},
    ).all()
    return [Hit(unit_id=int(row[0]), rank=float(row[1])) for row in rows]


def query_terms(query: str, language: str = "es") -> list[tuple[str, str]]:
    """Each query word as (folded form, folded lemma), to highlight matches in KWIC lines."""
    return [(fold(word), lemma(word, language)) for word in WORD.findall(query)]
