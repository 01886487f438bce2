"""Precision, recall and F1 by unit on a small hand-labelled set (counts worked by hand)."""

from __future__ import annotations

import pytest

from concierto.nlp.evaluation import CodedSpan, EvaluationError, as_coded_spans, evaluate
from concierto.nlp.rules import Rule, autocode

# Two documents: d1 has four sentences of 10 characters, d2 has two.
UNITS = {
    "d1": [(0, 10), (10, 20), (20, 30), (30, 40)],
    "d2": [(0, 10), (10, 20)],
}
HUMAN = [
    CodedSpan("d1", "A", 2, 5),  # d1 unit 0
    CodedSpan("d1", "A", 12, 25),  # d1 units 1 and 2
    CodedSpan("d2", "A", 0, 10),  # d2 unit 0
    CodedSpan("d1", "B", 30, 40),  # d1 unit 3
]
SUGGESTED = [
    CodedSpan("d1", "A", 0, 10),  # unit 0: TP
    CodedSpan("d1", "A", 20, 30),  # unit 2: TP
    CodedSpan("d1", "A", 30, 40),  # unit 3: FP
    CodedSpan("d2", "A", 10, 20),  # d2 unit 1: FP  (d1 unit 1 and d2 unit 0 are FN)
    CodedSpan("d2", "C", 0, 3),  # code never used by the humans: FP
]


def test_hand_counted_scores() -> None:
    scores = evaluate(SUGGESTED, HUMAN, UNITS)
    a = scores["A"]
    assert (a.true_positives, a.false_positives, a.false_negatives) == (2, 2, 2)
    assert a.precision == pytest.approx(0.5)
    assert a.recall == pytest.approx(0.5)
    assert a.f1 == pytest.approx(0.5)
    b = scores["B"]
    assert (b.true_positives, b.false_positives, b.false_negatives) == (0, 0, 1)
    assert (b.precision, b.recall, b.f1) == (0.0, 0.0, 0.0)
    c = scores["C"]
    assert (c.true_positives, c.false_positives, c.false_negatives) == (0, 1, 0)
    assert list(scores) == ["A", "B", "C"]


def test_touching_spans_do_not_overlap_a_unit() -> None:
    scores = evaluate([CodedSpan("d2", "A", 10, 10)], [CodedSpan("d2", "A", 5, 10)], UNITS)
    assert (scores["A"].true_positives, scores["A"].false_positives) == (0, 0)
    assert scores["A"].false_negatives == 1


def test_matches_sklearn_on_the_unit_labels() -> None:
    from sklearn.metrics import precision_recall_fscore_support

    positives_pred = [1, 0, 1, 1, 0, 1]  # d1 units 0..3, d2 units 0..1, code A
    positives_true = [1, 1, 1, 0, 1, 0]
    p, r, f, _ = precision_recall_fscore_support(
        positives_true, positives_pred, average="binary", zero_division=0
    )
    a = evaluate(SUGGESTED, HUMAN, UNITS)["A"]
    assert (a.precision, a.recall, a.f1) == pytest.approx((p, r, f))


def test_unknown_document_is_named() -> None:
    with pytest.raises(EvaluationError, match="'d9'"):
        evaluate([CodedSpan("d9", "A", 0, 1)], [], UNITS)


def test_rule_suggestions_evaluate_against_human_codes() -> None:
    text = "Hay coordinación. No hay articulación. Todo bien."
    units = [(0, 17), (18, 38), (39, 49)]
    rule = Rule("r", "coord", keywords=("coordinación", "articulación"))
    suggested = as_coded_spans("d", autocode(text, {"sentence": units}, [rule]))
    human = [CodedSpan("d", "coord", 0, 17), CodedSpan("d", "coord", 40, 44)]
    score = evaluate(suggested, human, {"d": units})["coord"]
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 1)
