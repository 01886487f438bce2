"""Agreement over a case's codings: hand-computed alphas per code, across codes, by unit kind."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

import pytest

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    UnitRecord,
)
from concierto.measures.agreement.alpha import NO_PAIRABLE_VALUES, SINGLE_VALUE
from concierto.measures.agreement.disagreements import disagreements
from concierto.measures.agreement.reliability import (
    NO_SHARED_DOCUMENT,
    OVERLAPPING_CODES,
    case_agreement,
)
from concierto.measures.agreement.results import AgreementInputError
from concierto.measures.agreement.unitised import CodedSpan, unitised_alpha

X, Y = "reglas.ausencia", "vision.presente"
THREE = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo."
S1, S2, S3 = (0, 25), (26, 47), (48, 74)
TEN = "abcdefghij"

Coding = tuple[str, str, str, int | None, int | None]
"""(coder, document, code, start, end)."""


def _document(key: str, text: str) -> DocumentRecord:
    return DocumentRecord(key, "other", key, text, "es", None, None, None, None)


def _units(key: str, text: str) -> list[UnitRecord]:
    """One paragraph; sentences cut after each full stop followed by a space."""
    units = [UnitRecord(key, "paragraph", 0, len(text), 0, None)]
    start = 0
    for ordinal, piece in enumerate(text.split(". ")):
        end = start + len(piece) + (1 if start + len(piece) < len(text) else 0)
        units.append(UnitRecord(key, "sentence", start, end, ordinal, None))
        start = end + 1
    return units


def _code(key: str) -> CodeRecord:
    return CodeRecord(key, None, True, key, None, None, MappingProxyType({}))


def build(documents: dict[str, str], codings: Sequence[Coding]) -> EvidenceSnapshot:
    """An in-memory snapshot with ``documents`` (units cut at ". ") and ``codings``."""
    return EvidenceSnapshot(
        documents=tuple(_document(key, text) for key, text in documents.items()),
        units=tuple(unit for key, text in documents.items() for unit in _units(key, text)),
        codes=(_code(X), _code(Y)),
        coders=tuple(sorted({coding[0] for coding in codings})),
        codings=tuple(
            CodingRecord(f"seg:{index}", document, start, end, code, coder, "human", None)
            for index, (coder, document, code, start, end) in enumerate(codings, 1)
        ),
    )


def test_sentence_units_of_the_fixture() -> None:
    units = _units("D1", THREE)
    assert [(u.start, u.end) for u in units if u.kind == "sentence"] == [S1, S2, S3]


@pytest.fixture
def sentences() -> EvidenceSnapshot:
    """A: X on S1 and S2. B: X on S1, Y on S2. Nobody codes S3."""
    return build(
        {"D1": THREE},
        [
            ("A", "D1", X, *S1),
            ("A", "D1", X, *S2),
            ("B", "D1", X, *S1),
            ("B", "D1", Y, *S2),
        ],
    )


def test_per_code_presence_with_uncoded_included_and_excluded(sentences: EvidenceSnapshot) -> None:
    # Code X: A = [1, 1, 0], B = [1, 0, 0]. Included: n = 6, n1 = n0 = 3, D_o = 2/6,
    # D_e = 2*3*3 / (6*5) = 0.6, alpha = 1 - (1/3)/0.6 = 4/9. Excluded (S3 uncoded):
    # n = 4, n1 = 3, n0 = 1, D_o = 2/4, D_e = 6/12, alpha = 0.
    included = case_agreement(sentences, ["A", "B"], [X, Y], "sentence", "included", by=["code"])
    excluded = case_agreement(sentences, ["A", "B"], [X, Y], "sentence", "excluded", by=["code"])
    x_in = next(row for row in included if row.code == X)
    x_out = next(row for row in excluded if row.code == X)
    assert x_in.alpha is not None and x_out.alpha is not None
    assert x_in.alpha.alpha == pytest.approx(4 / 9)
    assert x_out.alpha.alpha == pytest.approx(0.0)
    assert (x_in.units, x_in.uncoded_units, x_out.units, x_out.uncoded_units) == (3, 1, 2, 1)
    assert x_in.uncoded == "included" and x_out.uncoded == "excluded"
    # Cohen's kappa of X, included: p_o = 2/3, p_e = 2/3*1/3 + 1/3*2/3 = 4/9, kappa = 0.4.
    assert x_in.cohen_kappa is not None and x_in.cohen_kappa.value == pytest.approx(0.4)
    assert x_in.percent_agreement is not None
    assert x_in.percent_agreement.value == pytest.approx(2 / 3)
    assert x_out.unit_ids == ("doc:D1@0-25", "doc:D1@26-47")
    assert len(x_in.evidence_ids) == 3  # A's two X codings and B's one


def test_across_codes_is_nominal_over_the_codes_applied(sentences: EvidenceSnapshot) -> None:
    # Values X X / X Y / - -: n = 6, nX = 3, nY = 1, n- = 2; D_o = 2/6,
    # D_e = (36 - 9 - 1 - 4) / 30, alpha = 1 - (1/3) / (22/30) = 6/11. Excluded: alpha = 0.
    (included,) = case_agreement(sentences, ["A", "B"], [X, Y], "sentence", "included")
    (excluded,) = case_agreement(sentences, ["A", "B"], [X, Y], "sentence", "excluded")
    assert included.code is None and included.alpha is not None and excluded.alpha is not None
    assert included.alpha.alpha == pytest.approx(6 / 11)
    assert excluded.alpha.alpha == pytest.approx(0.0)
    assert included.multi_coded_units == 0
    assert len(included.evidence_ids) == 4


def test_two_codes_on_one_unit_form_a_combined_value() -> None:
    evidence = build(
        {"D1": THREE},
        [("A", "D1", X, *S1), ("A", "D1", Y, *S1), ("B", "D1", X, *S1), ("B", "D1", X, *S2)],
    )
    (row,) = case_agreement(evidence, ["A", "B"], [X, Y], "sentence", "excluded")
    assert row.multi_coded_units == 1
    # Units S1 (X+Y vs X) and S2 (- vs X): both disagree, so percent agreement is 0.
    assert row.percent_agreement is not None and row.percent_agreement.value == 0.0
    listing = disagreements(evidence, ["A", "B"], [X, Y], "sentence")
    assert [(item.start, dict(item.codes_by_coder)) for item in listing] == [
        (0, {"A": (X, Y), "B": (X,)}),
        (26, {"A": (), "B": (X,)}),
    ]
    assert listing[0].text == "La coordinación es débil."


def test_character_level_uncoded_characters_inflate_agreement() -> None:
    # A codes [0, 4), B codes [2, 6) of ten characters. Included: n = 20, n1 = 8, n0 = 12,
    # D_o = 8/20, D_e = 2*8*12 / (20*19), alpha = 5/24. Excluded (characters 6..9 uncoded):
    # n = 12, n1 = 8, n0 = 4, D_o = 8/12, D_e = 64/132, alpha = -3/8.
    evidence = build({"T": TEN}, [("A", "T", X, 0, 4), ("B", "T", X, 2, 6)])
    (included,) = case_agreement(evidence, ["A", "B"], [X], "character", "included")
    (excluded,) = case_agreement(evidence, ["A", "B"], [X], "character", "excluded")
    assert included.alpha is not None and excluded.alpha is not None
    assert included.alpha.alpha == pytest.approx(5 / 24)
    assert excluded.alpha.alpha == pytest.approx(-3 / 8)
    assert (included.units, excluded.units, excluded.uncoded_units) == (10, 6, 4)
    assert excluded.unit_ids == ("doc:T@0-6",)
    stretches = disagreements(evidence, ["A", "B"], [X], "character")
    assert [(s.start, s.end, s.text) for s in stretches] == [(0, 2, "ab"), (4, 6, "ef")]


def test_segment_level_unitised_alpha() -> None:
    # Same spans, as segments. L = 10: l_XX = 4, l_XG = l_GX = 4, l_GG = 8; S_X = 32,
    # S_G = 6 + 2 + 4 = 12; e_XX + e_GG = 20 (64 - 32 + 144 - 12) / (400 - 44);
    # alpha = 1 - 8 / (20 - 3280/356) = 31/120. Excluded: L = 6, alpha = -1/8.
    evidence = build({"T": TEN}, [("A", "T", X, 0, 4), ("B", "T", X, 2, 6)])
    (included,) = case_agreement(evidence, ["A", "B"], [X], "segment", "included")
    (excluded,) = case_agreement(evidence, ["A", "B"], [X], "segment", "excluded")
    assert included.unitised is not None and excluded.unitised is not None
    assert included.unitised.alpha == pytest.approx(31 / 120)
    assert included.unitised.binary_alpha == pytest.approx(31 / 120)
    assert included.unitised.length == 10
    assert excluded.unitised.alpha == pytest.approx(-1 / 8)
    assert included.alpha is None and included.interval is None


def test_excluded_stretches_keep_segments_apart() -> None:
    # Characters 2..5 and 8..9 are uncoded and removed: A's [0, 2) and [6, 8) become [0, 2)
    # and [2, 4) of a 4-character continuum, two segments, not one of length 4.
    evidence = build(
        {"T": TEN},
        [("A", "T", X, 0, 2), ("A", "T", X, 6, 8), ("B", "T", X, 1, 2), ("B", "T", X, 6, 8)],
    )
    (row,) = case_agreement(evidence, ["A", "B"], [X], "segment", "excluded")
    spans = [
        CodedSpan("A", 0, 2, X),
        CodedSpan("A", 2, 4, X),
        CodedSpan("B", 1, 2, X),
        CodedSpan("B", 2, 4, X),
    ]
    expected = unitised_alpha(spans, 4, ["A", "B"])
    merged = unitised_alpha([CodedSpan("A", 0, 4, X), CodedSpan("B", 1, 4, X)], 4, ["A", "B"])
    assert row.unitised is not None and row.unitised.length == 4
    assert row.unitised.alpha == pytest.approx(expected.alpha)
    assert expected.alpha != pytest.approx(merged.alpha)


def test_segment_level_skips_documents_not_every_coder_worked_on() -> None:
    evidence = build(
        {"T": TEN, "U": "0123456789"},
        [("A", "T", X, 0, 4), ("B", "T", X, 2, 6), ("A", "U", X, 0, 3)],
    )
    (row,) = case_agreement(evidence, ["A", "B"], [X], "segment", "included")
    assert row.documents_skipped == ("U",)
    assert row.unitised is not None and row.unitised.alpha == pytest.approx(31 / 120)
    only_u = case_agreement(evidence, ["A", "B"], [X], "segment", "included", by=["document"])
    u_row = next(r for r in only_u if r.document == "U")
    assert u_row.unitised is not None and u_row.unitised.alpha is None
    assert u_row.unitised.undefined_reason == NO_SHARED_DOCUMENT


def test_segment_level_across_overlapping_codes_is_undefined() -> None:
    evidence = build(
        {"T": TEN},
        [("A", "T", X, 0, 4), ("A", "T", Y, 2, 5), ("B", "T", X, 2, 6)],
    )
    rows = case_agreement(evidence, ["A", "B"], [X, Y], "segment", "included", by=["code"])
    across = rows[0]
    assert across.unitised is not None and across.unitised.undefined_reason == OVERLAPPING_CODES
    per_x = next(r for r in rows if r.code == X)
    assert per_x.unitised is not None and per_x.unitised.alpha == pytest.approx(31 / 120)


def test_a_single_value_overall_is_undefined() -> None:
    evidence = build(
        {"D1": THREE},
        [("A", "D1", X, None, None), ("B", "D1", X, None, None)],
    )
    (row,) = case_agreement(evidence, ["A", "B"], [X], "sentence", "included")
    assert row.alpha is not None and row.alpha.alpha is None
    assert row.alpha.undefined_reason == SINGLE_VALUE
    assert row.cohen_kappa is not None and row.cohen_kappa.value is None
    assert row.percent_agreement is not None and row.percent_agreement.value == 1.0


def test_fewer_than_two_coders_on_every_unit_is_undefined() -> None:
    evidence = build(
        {"D1": THREE, "D2": "Otra frase. Y otra más."},
        [("A", "D1", X, *S1), ("B", "D2", X, 0, 11)],
    )
    rows = case_agreement(
        evidence, ["A", "B"], [X], "sentence", "included", by=["document"], resamples=50
    )
    for row in rows:
        assert row.alpha is not None and row.alpha.alpha is None
        assert row.alpha.undefined_reason == NO_PAIRABLE_VALUES
        assert row.percent_agreement is not None and row.percent_agreement.value is None
        assert row.interval is not None and row.interval.low is None
        assert row.interval.undefined_resamples == 50
    assert disagreements(evidence, ["A", "B"], [X], "sentence") == ()


def test_pairs_documents_and_bootstrap_are_reproducible() -> None:
    evidence = build(
        {"D1": THREE},
        [
            ("A", "D1", X, *S1),
            ("A", "D1", X, *S2),
            ("B", "D1", X, *S1),
            ("B", "D1", Y, *S2),
            ("C", "D1", X, *S1),
            ("C", "D1", X, *S2),
        ],
    )
    rows = case_agreement(
        evidence, ["A", "B", "C"], [X], "sentence", "included", by=["pair"], resamples=200
    )
    assert [row.coders for row in rows] == [
        ("A", "B", "C"),
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    ]
    assert rows[0].cohen_kappa is None  # three coders: no Cohen's kappa
    assert rows[2].alpha is not None and rows[2].alpha.alpha == pytest.approx(1.0)
    assert rows[1].alpha is not None and rows[1].alpha.alpha == pytest.approx(4 / 9)
    again = case_agreement(
        evidence, ["A", "B", "C"], [X], "sentence", "included", by=["pair"], resamples=200
    )
    assert rows[0].interval == again[0].interval
    assert rows[0].interval is not None and rows[0].interval.seed == 20_240_917


@pytest.mark.parametrize(
    ("coders", "codes", "by", "message"),
    [
        (["A"], [X], [], "at least two coders"),
        (["A", "A"], [X], [], "named twice"),
        (["A", "B"], ["no.such"], [], "unknown code 'no.such'"),
        (["A", "B"], [], [], "at least one code"),
        (["A", "B"], [X], ["coder"], "unknown grouping 'coder'"),
    ],
)
def test_bad_selection_is_named(
    sentences: EvidenceSnapshot, coders: list[str], codes: list[str], by: list[str], message: str
) -> None:
    with pytest.raises(AgreementInputError, match=message):
        case_agreement(sentences, coders, codes, "sentence", "included", by=by)
