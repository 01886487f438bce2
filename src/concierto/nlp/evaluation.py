"""Precision, recall and F1 of suggested codings against human codings, per code.

Matching is by unit (sentence, paragraph or speaker turn, as chosen by the caller): a unit is
positive for code ``c`` on a side (suggested or human) when at least one span of ``c`` on that
side overlaps it by at least one character. True positives are units positive on both sides,
false positives units positive only in the suggestions, false negatives units positive only
in the human coding. Undefined ratios (nothing suggested, or nothing to find) are reported as
0.0, as scikit-learn does with ``zero_division=0``.

Reference: C. J. van Rijsbergen, *Information Retrieval*, 2nd ed., Butterworths, 1979, ch. 7
(precision, recall and the F measure; F1 is its balanced case).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class EvaluationError(ValueError):
    """A span refers to a document for which no units were given."""


@dataclass(frozen=True)
class CodedSpan:
    """Code ``code`` applied to ``[start, end)`` of document ``document_id``."""

    document_id: str
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class CodeScore:
    """Unit-level agreement of suggestions with human coding for one code."""

    code: str
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float
    f1: float


class _CodedUnit(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def as_coded_spans(document_id: str, suggestions: Iterable[_CodedUnit]) -> list[CodedSpan]:
    """Suggestions (rule or semantic) of one document as spans to evaluate."""
    return [CodedSpan(document_id, s.code, s.start, s.end) for s in suggestions]


def _positive_units(
    spans: Iterable[CodedSpan], units: Mapping[str, Sequence[tuple[int, int]]], side: str
) -> dict[str, set[tuple[str, int]]]:
    """For each code, the set of (document, unit index) its spans overlap."""
    ordered = {doc: sorted(doc_units) for doc, doc_units in units.items()}
    ends = {doc: [end for _, end in doc_units] for doc, doc_units in ordered.items()}
    positive: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for span in spans:
        if span.document_id not in ordered:
            raise EvaluationError(
                f"{side} span of code {span.code!r} is in document {span.document_id!r}, "
                "which has no units"
            )
        doc_units = ordered[span.document_id]
        index = bisect.bisect_right(ends[span.document_id], span.start)
        while index < len(doc_units) and doc_units[index][0] < span.end:
            start, end = doc_units[index]
            if max(start, span.start) < min(end, span.end):
                positive[span.code].add((span.document_id, index))
            index += 1
    return positive


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(
    suggested: Iterable[CodedSpan],
    human: Iterable[CodedSpan],
    units: Mapping[str, Sequence[tuple[int, int]]],
) -> dict[str, CodeScore]:
    """Per-code precision, recall and F1 of ``suggested`` against ``human``, matched by unit.

    ``units`` maps each document id to its non-overlapping units (start, end). Codes present on
    either side are reported, sorted by code.
    """
    predicted = _positive_units(suggested, units, "suggested")
    gold = _positive_units(human, units, "human")
    scores: dict[str, CodeScore] = {}
    for code in sorted(set(predicted) | set(gold)):
        hits = predicted.get(code, set())
        truth = gold.get(code, set())
        tp = len(hits & truth)
        fp = len(hits - truth)
        fn = len(truth - hits)
        precision = _ratio(tp, tp + fp)
        recall = _ratio(tp, tp + fn)
        f1 = _ratio(2 * tp, 2 * tp + fp + fn)
        scores[code] = CodeScore(code, tp, fp, fn, precision, recall, f1)
    return scores
