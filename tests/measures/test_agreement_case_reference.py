"""Case-level alpha equals the reference ``krippendorff`` package on the reliability data the
documented rules give, for random codings (sentence and character units, both uncoded choices).
"""

from __future__ import annotations

import math
from types import MappingProxyType

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    UnitRecord,
)
from concierto.measures.agreement.reliability import case_agreement

CODES = ("c1", "c2", "c3")
CODERS = ("A", "B", "C")
TEXT = "Uno dos. Tres cuatro. Cinco seis. Siete ocho. Nueve diez."
SENTENCES = ((0, 8), (9, 21), (22, 33), (34, 45), (46, 57))

codings_strategy = st.lists(
    st.tuples(
        st.sampled_from(CODERS),
        st.sampled_from(("D1", "D2")),
        st.sampled_from(CODES),
        st.integers(0, len(TEXT) - 1),
        st.integers(1, 12),
    ),
    max_size=14,
)


def _snapshot(codings: list[tuple[str, str, str, int, int]]) -> EvidenceSnapshot:
    documents = tuple(
        DocumentRecord(key, "other", key, TEXT, "es", None, None, None, None)
        for key in ("D1", "D2")
    )
    units = tuple(
        UnitRecord(key, "sentence", start, end, index, None)
        for key in ("D1", "D2")
        for index, (start, end) in enumerate(SENTENCES)
    )
    return EvidenceSnapshot(
        documents=documents,
        units=units,
        codes=tuple(
            CodeRecord(code, None, True, code, None, None, MappingProxyType({})) for code in CODES
        ),
        codings=tuple(
            CodingRecord(
                f"seg:{n}", doc, start, min(start + length, len(TEXT)), code, coder, "human", None
            )
            for n, (coder, doc, code, start, length) in enumerate(codings)
        ),
    )


def _expected(
    snapshot: EvidenceSnapshot, spans: list[tuple[str, int, int]], per_code: str | None, drop: bool
) -> list[list[float]]:
    """The reliability data written out loop by loop from the rules in ``units``."""
    categories: dict[frozenset[str], int] = {}
    rows: list[list[float]] = [[] for _ in CODERS]
    for document, start, end in spans:
        own = [c for c in snapshot.codings if c.document == document]
        values: list[float] = []
        sets: list[frozenset[str] | None] = []
        for coder in CODERS:
            if not any(c.coder == coder for c in own):
                sets.append(None)
                continue
            applied = frozenset(
                c.code
                for c in own
                if c.coder == coder and c.start is not None and c.end is not None
                if c.start < end and start < c.end
            )
            sets.append(applied)
        if drop and not any(s for s in sets if s):
            continue
        for coder_sets in sets:
            if coder_sets is None:
                values.append(math.nan)
            elif per_code is not None:
                values.append(float(per_code in coder_sets))
            else:
                values.append(float(categories.setdefault(coder_sets, len(categories))))
        for row, value in zip(rows, values, strict=True):
            row.append(value)
    return rows


def _reference(rows: list[list[float]]) -> float | None:
    data = np.asarray(rows, dtype=float)
    if data.size == 0:
        return None
    paired = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    if paired.size == 0 or np.unique(paired[~np.isnan(paired)]).size < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@pytest.mark.parametrize("drop", [False, True])
@pytest.mark.parametrize("unit", ["sentence", "character"])
@settings(max_examples=40, deadline=None)
@given(codings=codings_strategy)
def test_alpha_equals_the_reference_package(
    codings: list[tuple[str, str, str, int, int]], unit: str, drop: bool
) -> None:
    snapshot = _snapshot(codings)
    if unit == "sentence":
        spans = [(doc, start, end) for doc in ("D1", "D2") for start, end in SENTENCES]
    else:
        spans = [(doc, i, i + 1) for doc in ("D1", "D2") for i in range(len(TEXT))]
    rows = case_agreement(
        snapshot,
        list(CODERS),
        list(CODES),
        unit,
        "excluded" if drop else "included",
        by=["code"],
    )
    for row in rows:
        assert row.alpha is not None
        expected = _reference(_expected(snapshot, spans, row.code, drop))
        if expected is None:
            assert row.alpha.alpha is None
        else:
            assert row.alpha.alpha == pytest.approx(expected, abs=1e-9)
