"""What-if assumptions on the designed case tests/fixtures/cases/align (worked by hand).

Before: gaps 2 of the 3 required pairs (a-b covered by tie:1; a-c from p1 -> p2 and c-d from
c1 -> p3 uncovered); conflicts a1 -> b1 (median -1.5) and c1 -> p3; b2 an orphan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from concierto.casefile.read import CaseDocument, read_case_folder
from concierto.measures.coherence import Figure, coherence_figures, differences
from concierto.measures.whatif import AssumptionsError, what_if
from concierto.snapshot import snapshot_from_document

ALIGN_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "align"

ASSUMPTIONS = """\
ties:
  - {from: c, to: d, layer: information_exchange}
contributions:
  - {from: b2, to: p3, score: 2}
interactions:
  - {from: a1, to: b1, rater: r1, score: 2}
"""


@pytest.fixture(scope="module")
def document() -> CaseDocument:
    return read_case_folder(ALIGN_CASE)


def test_figures_before(document: CaseDocument) -> None:
    figures = {
        (f.measure, f.subject): f.value for f in coherence_figures(snapshot_from_document(document))
    }
    # Median matrix: a1 -> b1 -1.5, a1 -> a2 -3, b1 -> c1 0.5, c1 -> p3 -2, p1 -> p2 2.
    # out(a1) = -4.5; s2(a1) = 0.5 * (-1.5 * out(b1) + -3 * out(a2)) = 0.5 * (-1.5 * 0.5) = -0.375.
    assert figures[("crossimpact_total", "a1")] == -4.875
    # out(b1) = 0.5; s2(b1) = 0.5 * 0.5 * out(c1) = 0.25 * -2 = -0.5.
    assert figures[("crossimpact_total", "b1")] == 0.0
    assert figures[("crossimpact_trade_offs", "case")] == 3
    # The total of a1 rests on its row (a1 -> b1, a1 -> a2) and on the rows of b1 and a2.
    cited = {
        (f.measure, f.subject): f.evidence
        for f in coherence_figures(snapshot_from_document(document))
    }
    assert sorted(cited[("crossimpact_total", "a1")]) == [f"interaction:{n}" for n in range(1, 6)]
    assert figures[("coordination_gaps", "case")] == 2
    assert figures[("gaps_covered_share", "case")] == pytest.approx(1 / 3)
    assert figures[("conflicts", "case")] == 2


def test_assumptions_change_what_they_should(document: CaseDocument) -> None:
    result = what_if(document, ASSUMPTIONS, "plan.yaml")
    assert [(a.section, a.action, a.evidence_id, a.line) for a in result.applied] == [
        ("ties", "added", "tie:2", 2),
        ("contributions", "changed", "contribution:3", 4),
        ("interactions", "changed", "interaction:1", 6),
    ]
    changed = {(d.measure, d.subject): (d.before, d.after) for d in result.differences}
    assert changed[("coordination_gaps", "case")] == (2, 1)
    assert changed[("gaps_covered_share", "case")] == pytest.approx((1 / 3, 2 / 3))
    # b2 -> p3 now counts with strength 2: b has no orphan, its strength stays (2 + 2) / 2.
    assert changed[("orphan_rate", "b")] == (0.5, 0.0)
    assert changed[("centrifugal", "b")] == (0.5, 0.0)
    assert changed[("centrifugal_policy", "pol")] == pytest.approx((1.25 / 3, 0.75 / 3))
    assert ("alignment_strength", "b") not in changed
    # a1 -> b1 becomes median (2 - 1) / 2 = 0.5: one conflict fewer.
    assert changed[("conflicts", "case")] == (2, 1)
    # b is responsible for no part of p3, so its coverage does not move.
    assert ("coverage", "p3") not in changed
    assert result.snapshot.contributions[2].provenance == "illustrative"


def test_differences_list_appearing_and_vanishing_figures() -> None:
    before = (Figure("m", "x", 1.0, ()), Figure("m", "y", None, ()), Figure("m", "z", 2.0, ()))
    after = (
        Figure("m", "x", 1.0 + 1e-12, ()),
        Figure("m", "y", 3.0, ()),
        Figure("m", "w", None, ()),
    )
    found = [(d.subject, d.before, d.after, d.delta) for d in differences(before, after)]
    assert found == [("y", None, 3.0, None), ("z", 2.0, None, None), ("w", None, None, None)]


def test_a_bad_score_names_file_line_and_field(document: CaseDocument) -> None:
    text = "interactions:\n  - from: a1\n    to: b1\n    rater: r9\n    score: 7\n"
    with pytest.raises(AssumptionsError) as caught:
        what_if(document, text, "plan.yaml")
    assert [(i.file, i.line, i.field) for i in caught.value.issues] == [
        ("plan.yaml", 5, "interactions[0].score")
    ]


def test_an_unknown_element_is_named(document: CaseDocument) -> None:
    text = "contributions:\n  - {from: zz, to: p1, strength: 1}\n"
    with pytest.raises(AssumptionsError, match=r"plan\.yaml:2: contributions\[0\].from"):
        what_if(document, text, "plan.yaml")


def test_unknown_sections_and_shapes_are_refused(document: CaseDocument) -> None:
    with pytest.raises(AssumptionsError, match=r"plan\.yaml:1: actors"):
        what_if(document, "actors: []\n", "plan.yaml")
    with pytest.raises(AssumptionsError, match=r"plan\.yaml:1: ties"):
        what_if(document, "ties: {from: a}\n", "plan.yaml")
    with pytest.raises(AssumptionsError, match=r"plan\.yaml:3: invalid YAML"):
        what_if(document, "ties:\n  - [unclosed\n", "plan.yaml")


def test_empty_assumptions_change_nothing(document: CaseDocument) -> None:
    result = what_if(document, "", "plan.yaml")
    assert result.applied == () and result.differences == ()
    assert result.before == result.after
