"""Krippendorff's alpha for unitising a continuum: coders mark free spans and label them.

Implemented variant: the ``_u alpha`` coefficient and its binary form ``|_u alpha`` of
Krippendorff, K., Mathet, Y., Bouvry, S. & Widlöcher, A. (2016), "On the reliability of
unitizing textual continua: Further developments", Quality & Quantity 50(6): 2347-2364
(sections 5.1-5.2; Krippendorff 2019, "Content Analysis", 4th ed., sections 12.6.3-12.6.4). It
revises the unitising alpha of Krippendorff (1995, Sociological Methodology 25: 47-76; 2004,
"Content Analysis", 2nd ed., section 12.4), which misbehaved with more than two coders; the
earlier definition is not implemented.

Each coder's record partitions the continuum [0, L) (L positions, for texts code points, end
exclusive) into labelled units and the gaps between them (value "gap"). Then

* observed coincidences: l_ck = sum over ordered pairs of different coders (i, j) of the length
  of the overlap of i's sections valued c with j's sections valued k, divided by m - 1, so that
  l.. = m L;
* expected coincidences: e_ck = l.. (l_c. l_.k - [c = k] S_c) / (l..^2 - S), with S_c the sum
  over all coders' sections valued c of length^2 for a unit (a unit is indivisible, so its
  positions are not paired with one another by chance) and of length for a gap (a gap is just
  so many single positions), and S = sum_c S_c;
* ``_u alpha`` = 1 - (l.. - sum_c l_cc) / (l.. - sum_c e_cc) (nominal difference between
  values, the gap being one more value);
* ``|_u alpha`` = 1 - sum_{k != gap} l_gap,k / sum_{k != gap} e_gap,k: coded matter versus
  gaps, labels ignored.

For the reliability of one code in a multi-code record, pass the segments of that code only.
The coefficients ``cu alpha`` and ``(k)u alpha`` of the same paper are not implemented.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from concierto.measures.agreement.results import AgreementInputError, UnitisedAlphaResult

GAP = 0
"""Value code of the uncoded stretches between a coder's units."""
_RELATIVE_TOLERANCE = 1e-12
"""Chance disagreement below this share of m L is rounding noise around zero: undefined."""

FEWER_THAN_TWO_CODERS = "unitising alpha needs at least two coders"
EMPTY_CONTINUUM = "the continuum has length zero"
NO_EXPECTED_DISAGREEMENT = (
    "no disagreement can be expected by chance (every coder left the whole continuum uncoded, "
    "or coded all of it as one unit with one label)"
)
NO_GAPS_OR_NO_UNITS = (
    "the binary coefficient needs both coded matter and gaps, and one of them is missing"
)


@dataclass(frozen=True)
class CodedSpan:
    """One span [start, end) of the continuum that ``coder`` marked and labelled."""

    coder: str
    start: int
    end: int
    label: str = "coded"
    segment_id: str = ""


@dataclass(frozen=True)
class _Sections:
    """One coder's partition of the continuum: section starts and their value codes."""

    starts: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int64]


def _check_span(span: CodedSpan, length: int) -> None:
    if not (isinstance(span.start, int) and isinstance(span.end, int)):
        raise AgreementInputError(
            f"span {span.segment_id or (span.start, span.end)} of coder {span.coder!r}: "
            "offsets must be whole numbers"
        )
    if not 0 <= span.start < span.end <= length:
        raise AgreementInputError(
            f"span {span.segment_id or ''} [{span.start}, {span.end}) of coder {span.coder!r} "
            f"does not lie inside the continuum [0, {length}) or is empty"
        )


def _partition(
    spans: list[CodedSpan], codes: dict[str, int], length: int, own_pairs: npt.NDArray[np.float64]
) -> _Sections:
    """Sections (units and gaps) of one coder; adds each section's S_c term to ``own_pairs``."""
    starts: list[int] = []
    values: list[int] = []
    position = 0
    for span in sorted(spans, key=lambda item: (item.start, item.end)):
        if span.start < position:
            raise AgreementInputError(
                f"coder {span.coder!r} has overlapping spans around [{span.start}, {span.end}); "
                "unitising alpha needs each coder's spans to be disjoint (pass one code at a time)"
            )
        if span.start > position:
            starts.append(position)
            values.append(GAP)
            own_pairs[GAP] += span.start - position
        starts.append(span.start)
        values.append(codes[span.label])
        own_pairs[codes[span.label]] += float(span.end - span.start) ** 2
        position = span.end
    if position < length:
        starts.append(position)
        values.append(GAP)
        own_pairs[GAP] += length - position
    return _Sections(np.asarray(starts, dtype=np.int64), np.asarray(values, dtype=np.int64))


def _observed_coincidences(
    partitions: list[_Sections], length: int, size: int
) -> npt.NDArray[np.float64]:
    """l_ck over the elementary stretches between every coder's boundaries."""
    bounds = np.unique(np.concatenate([part.starts for part in partitions] + [np.array([length])]))
    stretch_starts, stretch_lengths = bounds[:-1], np.diff(bounds).astype(np.float64)
    coders = len(partitions)
    stretch_values = np.stack(
        [
            part.codes[np.searchsorted(part.starts, stretch_starts, side="right") - 1]
            for part in partitions
        ]
    )
    counts = np.zeros((stretch_starts.size, size))
    for row in stretch_values:
        counts[np.arange(stretch_starts.size), row] += 1.0
    weighted = counts * stretch_lengths[:, None]
    pairs = counts.T @ weighted - np.diag(weighted.sum(axis=0))
    return pairs / (coders - 1)


def unitised_alpha(
    spans: Iterable[CodedSpan], length: int, coders: Sequence[str] | None = None
) -> UnitisedAlphaResult:
    """``_u alpha`` and ``|_u alpha`` of the coders' spans over the continuum [0, ``length``).

    ``coders`` lists every coder who worked on the continuum, including any who marked nothing
    (their record is one gap); by default it is the coders named in ``spans``. Each coder's spans
    must be disjoint. Undefined coefficients are ``None`` with a reason.
    """
    span_list = list(spans)
    coder_list = (
        list(dict.fromkeys(coders))
        if coders is not None
        else sorted({span.coder for span in span_list})
    )
    by_coder: dict[str, list[CodedSpan]] = defaultdict(list)
    for span in span_list:
        if span.coder not in coder_list:
            raise AgreementInputError(f"span of coder {span.coder!r}, who is not in the list")
        _check_span(span, length)
        by_coder[span.coder].append(span)
    labels = sorted({span.label for span in span_list})
    codes = {label: index + 1 for index, label in enumerate(labels)}
    base: dict[str, Any] = {
        "coders": len(coder_list),
        "length": length,
        "segments": len(span_list),
        "values": len(labels),
        "coder_ids": tuple(coder_list),
        "segment_ids": tuple(span.segment_id for span in span_list if span.segment_id),
    }
    if len(coder_list) < 2 or length <= 0:
        reason = FEWER_THAN_TWO_CODERS if len(coder_list) < 2 else EMPTY_CONTINUUM
        return UnitisedAlphaResult(
            alpha=None,
            binary_alpha=None,
            undefined_reason=reason,
            binary_undefined_reason=reason,
            **base,
        )
    size = len(labels) + 1
    own_pairs = np.zeros(size)
    partitions = [_partition(by_coder[coder], codes, length, own_pairs) for coder in coder_list]
    observed = _observed_coincidences(partitions, length, size)
    total = float(len(coder_list) * length)
    margins = observed.sum(axis=1)
    expected = (
        total
        * (np.outer(margins, margins) - np.diag(own_pairs))
        / (total * total - own_pairs.sum())
    )
    tolerance = _RELATIVE_TOLERANCE * total
    chance = total - float(np.trace(expected))
    alpha = None if chance <= tolerance else 1.0 - (total - float(np.trace(observed))) / chance
    binary_chance = float(expected[GAP, 1:].sum())
    binary = (
        None if binary_chance <= tolerance else 1.0 - float(observed[GAP, 1:].sum()) / binary_chance
    )
    return UnitisedAlphaResult(
        alpha=alpha,
        binary_alpha=binary,
        undefined_reason=None if alpha is not None else NO_EXPECTED_DISAGREEMENT,
        binary_undefined_reason=None if binary is not None else NO_GAPS_OR_NO_UNITS,
        **base,
    )
