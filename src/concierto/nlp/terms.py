"""One-pass matching of many literal terms over folded text, on word boundaries.

Shared engine of actor mentions and keyword rules. All terms are compiled into one trie; the
trie becomes one regular expression whose first element is a character class, so Python's
regex engine skips in C to the few positions where some term can start (just after a non-word
character). Each candidate position is then walked through the trie to list EVERY term that
starts there (a term and its longer extensions, e.g. ``MEF`` and ``MEF-DGPP``).

Semantics of an occurrence of a term ``t`` (terms and text are folded, see
:mod:`concierto.nlp.fold`): the characters of ``t`` in order, where each run of whitespace in
``t`` matches any non-empty run of whitespace; if ``t`` starts with a word character the
preceding character is not a word character; if it ends with one the following character is
not a word character (word character = ``str.isalnum()`` or ``_``, as ``\\w`` in ``re``).
Occurrences may overlap; every start position is considered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from concierto.nlp.fold import fold


class TermError(ValueError):
    """A term that cannot be matched (empty after folding)."""


def is_word_char(char: str) -> bool:
    """True for the characters ``\\w`` matches in a ``str`` pattern."""
    return char.isalnum() or char == "_"


def normalise_term(term: str) -> str:
    """Fold a term and collapse its whitespace to single spaces (the matching key)."""
    return " ".join(fold(term).split())


@dataclass(frozen=True)
class TermHit:
    """An occurrence of term ``term_id`` at folded offsets ``[start, end)``."""

    term_id: int
    start: int
    end: int


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    term_ids: list[int] = field(default_factory=list)


class TermMatcher:
    """Finds all occurrences of many terms in one scan of a folded text."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms: tuple[str, ...] = tuple(terms)
        self.keys: tuple[str, ...] = tuple(normalise_term(term) for term in terms)
        self._root = _Node()
        for term_id, key in enumerate(self.keys):
            if not key:
                raise TermError(f"term {term_id} ({self.terms[term_id]!r}) is empty")
            node = self._root
            for char in key:
                node = node.children.setdefault(char, _Node())
            node.term_ids.append(term_id)
        word_first = {c: n for c, n in self._root.children.items() if is_word_char(c)}
        other_first = {c: n for c, n in self._root.children.items() if not is_word_char(c)}
        self._fallback = False
        try:
            word_body = _branch(word_first, terminal=False, word_end=False) if word_first else None
            other_body = (
                _branch(other_first, terminal=False, word_end=False) if other_first else None
            )
            # A non-word character, then (in a lookahead, so overlapping starts are all seen)
            # the longest term starting right after it. The leading class lets the regex
            # engine skip in C to the next non-word character.
            self._word_start = re.compile(r"[^\w](?=(" + word_body + "))") if word_body else None
            self._word_at_zero = re.compile(word_body) if word_body else None
            self._other_start = re.compile(other_body) if other_body else None
        except (RecursionError, re.error, OverflowError):
            # Pathologically nested term lists (hundreds of terms, each a prefix of the next):
            # find candidate starts by their first character only and walk every candidate.
            self._fallback = True
            self._word_start = _first_chars(r"[^\w](?=(", word_first, "))")
            self._word_at_zero = _first_chars("(", word_first, ")")
            self._other_start = _first_chars("(", other_first, ")")
        self._at_start = {key: self._terms_starting(key) for key in self.keys}
        # Keys that are the only term matching where they match (no prefix terms, no twins).
        self._single = {
            key: terms[0][1]
            for key, terms in self._at_start.items()
            if len(terms) == 1 and terms[0][0] == len(key)
        }

    def _terms_starting(self, key: str) -> tuple[tuple[int, int], ...]:
        """(length, term id) of every term that matches where ``key`` matches (its prefixes
        that end on a word boundary inside ``key``, and ``key`` itself)."""
        found: list[tuple[int, int]] = []
        node = self._root
        for depth, char in enumerate(key, start=1):
            node = node.children[char]
            if not node.term_ids:
                continue
            if depth < len(key) and is_word_char(char) and is_word_char(key[depth]):
                continue
            found.extend((depth, term_id) for term_id in node.term_ids)
        return tuple(found)

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Every occurrence as (start, end, term id) in folded ``text``, unsorted (fast path)."""
        out: list[tuple[int, int, int]] = []
        at_start = self._at_start
        walk = self.walk

        def add(start: int, end: int) -> None:
            terms = at_start.get(text[start:end])
            if terms is None:  # irregular whitespace inside the match: walk the trie
                out.extend((hit.start, hit.end, hit.term_id) for hit in walk(text, start))
            else:
                out.extend((start, start + length, term_id) for length, term_id in terms)

        if self._fallback:
            return self._scan_by_walking(text)
        if self._word_at_zero is not None:
            first = self._word_at_zero.match(text)
            if first is not None:
                add(0, first.end())
        if self._word_start is not None:  # the hot loop: inlined, single-term hits first
            single = self._single
            append = out.append
            for found in self._word_start.finditer(text):
                start, end = found.span(1)
                matched = text[start:end]
                term_id = single.get(matched)
                if term_id is not None:
                    append((start, end, term_id))
                else:
                    add(start, end)
        if self._other_start is not None:
            position = 0
            while position <= len(text):
                other = self._other_start.search(text, position)
                if other is None:
                    break
                add(other.start(), other.end())
                position = other.start() + 1
        return out

    def _scan_by_walking(self, text: str) -> list[tuple[int, int, int]]:
        """Slow but always compilable path: walk the trie at every candidate start."""
        starts: set[int] = set()
        if self._word_at_zero is not None and self._word_at_zero.match(text):
            starts.add(0)
        for pattern in (self._word_start, self._other_start):
            if pattern is not None:
                starts.update(found.start(1) for found in pattern.finditer(text))
        return [
            (hit.start, hit.end, hit.term_id) for start in starts for hit in self.walk(text, start)
        ]

    def find_all(self, text: str) -> list[TermHit]:
        """Every occurrence of every term in ``text`` (folded), sorted by start, end, term."""
        return [TermHit(term_id, start, end) for start, end, term_id in sorted(self.scan(text))]

    def walk(self, text: str, start: int) -> list[TermHit]:
        """All occurrences starting exactly at ``start`` (the reference semantics)."""
        if start >= len(text):
            return []
        if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
            return []
        hits: list[TermHit] = []
        node = self._root
        position = start
        length = len(text)
        while position < length:
            char = text[position]
            if char.isspace():
                child = node.children.get(" ")
                if child is None:
                    break
                while position < length and text[position].isspace():
                    position += 1
            else:
                child = node.children.get(char)
                if child is None:
                    break
                position += 1
            node = child
            if node.term_ids and not (
                is_word_char(char) and position < length and is_word_char(text[position])
            ):
                hits.extend(TermHit(term_id, start, position) for term_id in node.term_ids)
        return hits


def _first_chars(before: str, children: dict[str, _Node], after: str) -> re.Pattern[str] | None:
    """``before`` + a class of the children's first characters + ``after`` (None if empty)."""
    if not children:
        return None
    return re.compile(before + "[" + "".join(re.escape(c) for c in children) + "]" + after)


def _edge(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _branch(children: dict[str, _Node], *, terminal: bool, word_end: bool) -> str:
    """Regex for "one of these continuations, or stop here when ``terminal``" (longest first)."""
    alternatives = [_edge(char) + _subtree(child, char) for char, child in children.items()]
    if terminal:
        alternatives.append(r"(?!\w)" if word_end else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _subtree(node: _Node, edge_char: str) -> str:
    """Regex for the part of the trie below ``node`` (reached through ``edge_char``)."""
    pieces: list[str] = []
    while len(node.children) == 1 and not node.term_ids:
        ((char, child),) = node.children.items()
        pieces.append(_edge(char))
        node, edge_char = child, char
    if not node.children:
        pieces.append(r"(?!\w)" if is_word_char(edge_char) else "")
    else:
        pieces.append(
            _branch(node.children, terminal=bool(node.term_ids), word_end=is_word_char(edge_char))
        )
    return "".join(pieces)


def term_regex(term: str) -> re.Pattern[str]:
    """The stand-alone regex of one term (same semantics; used by the naive reference)."""
    key = normalise_term(term)
    if not key:
        raise TermError(f"term {term!r} is empty")
    # A word-first term checks its left boundary just after its first character, so the
    # pattern still starts with a literal and the regex engine can skip ahead to it quickly.
    left = r"(?<!\w.)" if is_word_char(key[0]) else ""
    body = _edge(key[0]) + left + "".join(_edge(char) for char in key[1:])
    right = r"(?!\w)" if is_word_char(key[-1]) else ""
    return re.compile(body + right)


def naive_find_all(terms: Sequence[str], text: str) -> list[TermHit]:
    """Reference: one regex search loop per term (slow; proves :class:`TermMatcher` right)."""
    hits: list[TermHit] = []
    for term_id, term in enumerate(terms):
        pattern = term_regex(term)
        position = 0
        while True:
            found = pattern.search(text, position)
            if found is None:
                break
            hits.append(TermHit(term_id, found.start(), found.end()))
            position = found.start() + 1
    hits.sort(key=lambda hit: (hit.start, hit.end, hit.term_id))
    return hits
