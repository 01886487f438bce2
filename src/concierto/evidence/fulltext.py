"""The full-text index of sentences: accent-folded words plus their lemmas (simplemma), so that
`coordinacion`, `coordinación` and `coordinaciones` find each other (SQLite FTS5)."""

from __future__ import annotations

import re
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


def index_columns(sentence: str, language: str = "es") -> tuple[str, str]:
    """The two indexed columns of a sentence: folded words and folded lemmas."""
    words = WORD.findall(sentence)
    folded = " ".join(fold(word) for word in words)
    lemmas = " ".join(lemma(word, language) for word in words)
    return folded, lemmas


def index_rows(session: Session, rows: list[tuple[int, str, str]]) -> None:
    """Add ``(unit id, folded, lemmas)`` rows to the index (SQLite only; a no-op elsewhere)."""
    if not rows or session.get_bind().dialect.name != "sqlite":
        return
    session.execute(
        text("INSERT INTO unit_fts(rowid, folded, lemmas) VALUES (:id, :folded, :lemmas)"),
        [{"id": r[0], "folded": r[1], "lemmas": r[2]} for r in rows],
    )


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str, language: str = "es") -> str:
    """An FTS5 query: every word of ``query`` must match, as itself or through its lemma."""
    parts = []
    for word in WORD.findall(query):
        folded, root = fold(word), lemma(word, language)
        parts.append(f"(folded:{_quote(folded)} OR lemmas:{_quote(root)})")
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
