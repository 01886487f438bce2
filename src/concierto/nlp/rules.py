"""Rule auto-coding: keyword lists and regular expressions per code, scoped to a unit (M6).

A rule fires in a unit (sentence, paragraph or speaker turn) when one of its terms has an
occurrence lying entirely inside that unit; the result is one :class:`Suggestion` per rule and
unit, with origin ``rule:<id>``, never a human coding until someone accepts it.

Matching is accent- and case-insensitive: text, keywords and the literal characters of the
regexes are folded (:mod:`concierto.nlp.fold`); a regex therefore sees lower-case, accent-free
text (escape sequences such as ``\\W`` are kept as written). Keywords match on word boundaries
(:mod:`concierto.nlp.terms`); a regex occurrence is its non-empty match at any start position.

Speed: all keywords of all rules are found in ONE scan of the document (a trie compiled to one
regex); all regexes of all rules in one more scan (one alternation). :func:`naive_autocode`
does one search per term with the same semantics and exists to prove the fast path right.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from concierto.nlp.fold import FoldedText, fold, fold_text
from concierto.nlp.terms import TermError, TermMatcher, normalise_term, term_regex

Scope = Literal["sentence", "paragraph", "turn"]
SCOPES: tuple[str, ...] = ("sentence", "paragraph", "turn")
Span = tuple[int, int]

_GROUP = "_concierto_regex_"
_BACKREFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]|\(\?P=")


class RuleError(ValueError):
    """A rule that cannot be compiled (bad id, scope, keyword or regex)."""


class UnitError(ValueError):
    """Units missing for a scope, overlapping, or outside the text."""


@dataclass(frozen=True)
class Rule:
    """Keywords and regexes that suggest ``code`` for every ``scope`` unit they occur in."""

    id: str
    code: str
    keywords: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    scope: Scope = "sentence"


class Suggestion(NamedTuple):
    """Rule ``rule_id`` suggests ``code`` for the unit ``[start, end)`` (original offsets).

    Immutable like the other result objects; a named tuple rather than a frozen dataclass
    because a corpus yields millions of them and a frozen dataclass is ~10x slower to build.
    """

    code: str
    rule_id: str
    start: int
    end: int
    scope: str
    matched_terms: tuple[str, ...]

    @property
    def origin(self) -> str:
        """The provenance label stored with the suggestion."""
        return f"rule:{self.rule_id}"


def fold_regex(pattern: str) -> str:
    """Fold the literal characters of a regex, leaving each backslash escape untouched."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        out.append(fold(char))
        index += 1
    return "".join(out)


def _compile_regex(rule: Rule, pattern: str) -> re.Pattern[str]:
    if _BACKREFERENCE.search(pattern):
        raise RuleError(f"rule {rule.id!r}: regex {pattern!r}: backreferences are not supported")
    try:
        return re.compile(fold_regex(pattern))
    except re.error as error:
        raise RuleError(f"rule {rule.id!r}: regex {pattern!r} is invalid: {error}") from None


def _check_rule(rule: Rule) -> None:
    if not rule.id.strip():
        raise RuleError(f"rule for code {rule.code!r}: field 'id' is empty")
    if not rule.code.strip():
        raise RuleError(f"rule {rule.id!r}: field 'code' is empty")
    if rule.scope not in SCOPES:
        raise RuleError(f"rule {rule.id!r}: scope {rule.scope!r} is not one of {SCOPES}")
    if not rule.keywords and not rule.regexes:
        raise RuleError(f"rule {rule.id!r}: no keywords and no regexes")
    for keyword in rule.keywords:
        if not normalise_term(keyword):
            raise RuleError(f"rule {rule.id!r}: keyword {keyword!r} is empty")


class _UnitIndex:
    """Sorted, non-overlapping units of each scope, for assigning occurrences to units."""

    def __init__(self, units_by_scope: Mapping[str, Sequence[Span]], text_length: int) -> None:
        self._starts: dict[str, npt.NDArray[np.int64]] = {}
        self._ends: dict[str, npt.NDArray[np.int64]] = {}
        self._start_list: dict[str, list[int]] = {}
        for scope, units in units_by_scope.items():
            spans = np.asarray(units, dtype=np.int64).reshape(-1, 2)
            spans = spans[np.lexsort((spans[:, 1], spans[:, 0]))]
            starts, ends = spans[:, 0], spans[:, 1]
            outside = np.flatnonzero((starts < 0) | (ends < starts) | (ends > text_length))
            if len(outside):
                start, end = spans[outside[0]].tolist()
                raise UnitError(
                    f"{scope} unit [{start}, {end}) is outside the text (0..{text_length})"
                )
            overlapping = np.flatnonzero(starts[1:] < ends[:-1])
            if len(overlapping):
                first = int(overlapping[0])
                raise UnitError(
                    f"{scope} units {tuple(spans[first].tolist())} and "
                    f"{tuple(spans[first + 1].tolist())} overlap"
                )
            self._starts[scope] = starts
            self._ends[scope] = ends
            self._start_list[scope] = starts.tolist()

    def require(self, scope: str) -> None:
        if scope not in self._starts:
            raise UnitError(f"no {scope} units were given but a rule is scoped to {scope}")

    def assign(
        self, scope: str, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Vectorised :meth:`unit_of`: unit index per span and whether the span fits in it."""
        unit_ends = self._ends[scope]
        index = np.searchsorted(self._starts[scope], starts, side="right") - 1
        inside = index >= 0
        if len(unit_ends):
            inside &= ends <= unit_ends[np.clip(index, 0, None)]
        else:
            inside[:] = False
        return index, inside & (ends > starts)

    def unit(self, scope: str, index: int) -> Span:
        """The ``index``-th unit of ``scope`` in start order."""
        return int(self._starts[scope][index]), int(self._ends[scope][index])

    def unit_of(self, scope: str, start: int, end: int) -> Span | None:
        """The unit of ``scope`` that contains ``[start, end)``, if any."""
        slot = bisect.bisect_right(self._start_list[scope], start) - 1
        if slot < 0:
            return None
        unit = self.unit(scope, slot)
        return unit if end <= unit[1] else None


_Occurrence = tuple[int, str, int, int]  # rule index, term as written, original start, end


def _group(
    rules: Sequence[Rule], units: _UnitIndex, occurrences: Iterable[_Occurrence]
) -> dict[tuple[int, Span], set[str]]:
    """Terms of each rule per enclosing unit (occurrences outside every unit are dropped)."""
    grouped: dict[tuple[int, Span], set[str]] = defaultdict(set)
    for rule_index, term, start, end in occurrences:
        if end <= start:
            continue
        rule = rules[rule_index]
        unit = units.unit_of(rule.scope, start, end)
        if unit is not None:
            grouped[(rule_index, unit)].add(term)
    return grouped


def _suggestions(
    rules: Sequence[Rule], grouped: Mapping[tuple[int, Span], set[str]]
) -> list[Suggestion]:
    """One suggestion per (rule, unit), sorted by unit then rule id."""
    ordered = sorted(
        (unit, rules[rule_index].id, rule_index, terms)
        for (rule_index, unit), terms in grouped.items()
    )
    return [
        Suggestion(
            rules[rule_index].code,
            rule_id,
            unit[0],
            unit[1],
            rules[rule_index].scope,
            tuple(terms) if len(terms) == 1 else tuple(sorted(terms)),
        )
        for unit, rule_id, rule_index, terms in ordered
    ]


class RuleSet:
    """Rules compiled once, then applied to many documents in one pass each."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        seen: set[str] = set()
        for rule in rules:
            _check_rule(rule)
            if rule.id in seen:
                raise RuleError(f"rule id {rule.id!r} appears twice")
            seen.add(rule.id)
        self.rules: tuple[Rule, ...] = tuple(rules)
        keys: dict[str, int] = {}
        self._owners: list[list[tuple[int, str]]] = []
        for rule_index, rule in enumerate(self.rules):
            for keyword in rule.keywords:
                key_id = keys.setdefault(normalise_term(keyword), len(keys))
                if key_id == len(self._owners):
                    self._owners.append([])
                self._owners[key_id].append((rule_index, keyword))
        # Distinct term strings (a suggestion lists the terms it matched, alphabetically).
        strings = sorted(
            {k for rule in self.rules for k in rule.keywords}
            | {r for rule in self.rules for r in rule.regexes}
        )
        self._term_strings: list[str] = strings
        term_id = {term: index for index, term in enumerate(strings)}
        # Owners of each keyword key as flat arrays: rows owner_start[key]..owner_start[key+1].
        counts = [len(owners) for owners in self._owners]
        self._owner_start = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
        self._owner_rule = np.array(
            [r for owners in self._owners for r, _ in owners], dtype=np.int64
        )
        self._owner_term = np.array(
            [term_id[k] for owners in self._owners for _, k in owners], dtype=np.int64
        )
        self._term_id = term_id
        rule_order = sorted(range(len(self.rules)), key=lambda index: self.rules[index].id)
        self._rule_rank = np.empty(len(self.rules), dtype=np.int64)
        self._rule_rank[rule_order] = np.arange(len(self.rules))
        self._scopes_used = sorted({rule.scope for rule in self.rules})
        self._rule_scope = np.array(
            [self._scopes_used.index(rule.scope) for rule in self.rules], dtype=np.int64
        )
        try:
            self._keywords = TermMatcher(list(keys)) if keys else None
        except TermError as error:  # pragma: no cover - _check_rule rejects empty keywords
            raise RuleError(str(error)) from None
        self._regex_owners: list[tuple[int, str]] = []
        self._regexes: list[re.Pattern[str]] = []
        for rule_index, rule in enumerate(self.rules):
            for pattern in rule.regexes:
                self._regexes.append(_compile_regex(rule, pattern))
                self._regex_owners.append((rule_index, pattern))
        self._combined: re.Pattern[str] | None = None
        if self._regexes:
            wrapped = [
                f"(?P<{_GROUP}{index}>{compiled.pattern})"
                for index, compiled in enumerate(self._regexes)
            ]
            try:
                self._combined = re.compile("|".join(wrapped))
            except re.error as error:
                raise RuleError(self._combination_problem(wrapped, error)) from None

    def _combination_problem(self, wrapped: list[str], error: re.error) -> str:
        """Name the first regex that cannot join the alternation (e.g. a global inline flag)."""
        for index in range(len(wrapped)):
            try:
                re.compile("|".join(wrapped[: index + 1]))
            except re.error as problem:
                rule_index, pattern = self._regex_owners[index]
                return (
                    f"rule {self.rules[rule_index].id!r}: regex {pattern!r} cannot be combined "
                    f"with the other rules' regexes: {problem}"
                )
        return f"the rules' regexes cannot be combined: {error}"  # pragma: no cover

    def _keyword_occurrences(
        self, folded: FoldedText
    ) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
    ]:
        """(rule index, term id, original start, end) of every keyword occurrence (one scan)."""
        empty = np.zeros(0, dtype=np.int64)
        hits = self._keywords.scan(folded.text) if self._keywords is not None else []
        if not hits:
            return empty, empty, empty, empty
        table = np.array(hits, dtype=np.int64)
        starts, ends = folded.to_original_many(table[:, 0], table[:, 1])
        keys = table[:, 2]
        first = self._owner_start[keys]
        count = self._owner_start[keys + 1] - first
        repeat = np.repeat(np.arange(len(keys)), count)
        offset = np.arange(len(repeat)) - np.repeat(np.cumsum(count) - count, count)
        owner = first[repeat] + offset
        return self._owner_rule[owner], self._owner_term[owner], starts[repeat], ends[repeat]

    def _suggest(
        self,
        units: _UnitIndex,
        rule: npt.NDArray[np.int64],
        term: npt.NDArray[np.int64],
        starts: npt.NDArray[np.int64],
        ends: npt.NDArray[np.int64],
    ) -> list[Suggestion]:
        """Vectorised grouping of occurrences into one suggestion per (rule, unit)."""
        result: list[Suggestion] = []
        for scope_code, scope in enumerate(self._scopes_used):
            mine = np.flatnonzero(self._rule_scope[rule] == scope_code)
            unit, inside = units.assign(scope, starts[mine], ends[mine])
            kept = mine[inside]
            unit = unit[inside]
            if not len(kept):
                continue
            rules_here, terms_here = rule[kept], term[kept]
            order = np.lexsort((terms_here, self._rule_rank[rules_here], unit))
            unit, rules_here, terms_here = unit[order], rules_here[order], terms_here[order]
            new_group = np.ones(len(unit), dtype=bool)
            new_group[1:] = (unit[1:] != unit[:-1]) | (rules_here[1:] != rules_here[:-1])
            new_term = new_group.copy()
            new_term[1:] |= terms_here[1:] != terms_here[:-1]
            group_starts = [*np.flatnonzero(new_group).tolist(), len(unit)]
            unit_list, rule_list, term_list = (
                unit.tolist(),
                rules_here.tolist(),
                terms_here.tolist(),
            )
            distinct = new_term.tolist()
            strings = self._term_strings
            for begin, end in itertools.pairwise(group_starts):
                matched = tuple(strings[term_list[i]] for i in range(begin, end) if distinct[i])
                found = self.rules[rule_list[begin]]
                unit_start, unit_end = units.unit(scope, unit_list[begin])
                result.append(
                    Suggestion(found.code, found.id, unit_start, unit_end, scope, matched)
                )
        if len(self._scopes_used) > 1:
            result.sort(key=lambda s: (s.start, s.end, s.rule_id))
        return result

    def _regex_occurrences(self, folded: FoldedText) -> Iterable[_Occurrence]:
        """Every non-empty regex match, at every start position (one scan for all regexes)."""
        if self._combined is None:
            return
        position = 0
        while position <= len(folded.text):
            found = self._combined.search(folded.text, position)
            if found is None:
                return
            at = found.start()
            first = int((found.lastgroup or f"{_GROUP}0")[len(_GROUP) :])
            for index in range(first, len(self._regexes)):
                match = self._regexes[index].match(folded.text, at)
                if match is not None and match.end() > at:
                    start, end = folded.to_original(at, match.end())
                    rule_index, pattern = self._regex_owners[index]
                    yield rule_index, pattern, start, end
            position = at + 1

    def autocode(self, text: str, units_by_scope: Mapping[str, Sequence[Span]]) -> list[Suggestion]:
        """Suggestions of every rule for one document (NFC text, units on its offsets)."""
        units = _UnitIndex(units_by_scope, len(text))
        for rule in self.rules:
            units.require(rule.scope)
        folded = fold_text(text)
        rule_ids, term_ids, starts, ends = self._keyword_occurrences(folded)
        regex_hits = list(self._regex_occurrences(folded))
        if regex_hits:
            extra = np.array(
                [(r, self._term_id[t], a, b) for r, t, a, b in regex_hits], dtype=np.int64
            )
            rule_ids = np.concatenate([rule_ids, extra[:, 0]])
            term_ids = np.concatenate([term_ids, extra[:, 1]])
            starts = np.concatenate([starts, extra[:, 2]])
            ends = np.concatenate([ends, extra[:, 3]])
        return self._suggest(units, rule_ids, term_ids, starts, ends)

    def occurrences(self, text: str) -> int:
        """How many keyword and regex occurrences ``text`` has (for benchmarks and reports)."""
        folded = fold_text(text)
        keywords = self._keywords.scan(folded.text) if self._keywords is not None else []
        owners = sum(len(self._owners[key_id]) for _, _, key_id in keywords)
        return owners + sum(1 for _ in self._regex_occurrences(folded))


def autocode(
    text: str, units_by_scope: Mapping[str, Sequence[Span]], rules: Sequence[Rule]
) -> list[Suggestion]:
    """Apply ``rules`` to one document in one pass; see :class:`RuleSet` to reuse the rules."""
    return RuleSet(rules).autocode(text, units_by_scope)


def naive_autocode(
    text: str, units_by_scope: Mapping[str, Sequence[Span]], rules: Sequence[Rule]
) -> list[Suggestion]:
    """Reference with the same semantics: one regex search loop per keyword and per regex."""
    compiled = RuleSet(rules)  # validation only
    units = _UnitIndex(units_by_scope, len(text))
    for rule in compiled.rules:
        units.require(rule.scope)
    folded = fold_text(text)
    occurrences: list[_Occurrence] = []
    for rule_index, rule in enumerate(compiled.rules):
        searches = [(keyword, term_regex(keyword)) for keyword in rule.keywords]
        searches += [(pattern, re.compile(fold_regex(pattern))) for pattern in rule.regexes]
        for term, pattern_re in searches:
            position = 0
            while position <= len(folded.text):
                found = pattern_re.search(folded.text, position)
                if found is None:
                    break
                if found.end() > found.start():
                    start, end = folded.to_original(found.start(), found.end())
                    occurrences.append((rule_index, term, start, end))
                position = found.start() + 1
    return _suggestions(compiled.rules, _group(compiled.rules, units, occurrences))
