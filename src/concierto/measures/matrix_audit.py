"""Consistency audit of a matrix file's own derived columns against what its cells imply.

Published matrices often carry row sums, their positive and negative parts, the second-order
influence, the total and a rank beside the cells (Weitz et al. 2018 layout: Sum, Pos, Neg, 2nd,
Sum+2nd, Rank). A hand-edited cell that was not propagated leaves those columns stale; this
audit recomputes each one with :func:`concierto.measures.crossimpact.cross_impact` and lists
every value that differs, so none goes unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from concierto.measures.crossimpact import DEFAULT_W2, cross_impact

# The derived columns the audit knows, under their canonical keys (ElementInfluence fields).
DERIVED_COLUMNS: tuple[str, ...] = (
    "out",
    "out_pos",
    "out_neg",
    "in",
    "in_pos",
    "in_neg",
    "second_order",
    "total",
    "rank",
)
DEFAULT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class AuditMismatch:
    """A stored derived value that the cells do not produce."""

    id: str
    column: str
    label: str
    stored: float
    computed: float


@dataclass(frozen=True)
class MatrixAudit:
    """The outcome of an audit: which columns were checked, for how many values, what differed."""

    columns: tuple[str, ...]
    checked: int
    mismatches: tuple[AuditMismatch, ...]

    @property
    def consistent(self) -> bool:
        """True when every stored derived value follows from the cells."""
        return not self.mismatches


def audit_derived(
    ids: Sequence[str],
    matrix: Any,
    stored: Mapping[str, Mapping[str, float | None]],
    *,
    labels: Mapping[str, str] | None = None,
    w2: float = DEFAULT_W2,
    tolerance: float = DEFAULT_TOLERANCE,
) -> MatrixAudit:
    """Compare ``stored[column][id]`` with the value the cells give, for every known column.

    ``stored`` maps a canonical column key (see DERIVED_COLUMNS; unknown keys are ignored) to
    the stored value per id; ``None`` (a blank or "None" rank) is not checked. ``labels`` maps
    a column key to its header in the file, for the report. Values differing by more than
    ``tolerance`` are mismatches, listed in matrix order and then in DERIVED_COLUMNS order.
    """
    result = cross_impact(ids, matrix, w2=w2)
    computed = {element.id: element.as_dict() for element in result.elements}
    columns = tuple(column for column in DERIVED_COLUMNS if column in stored)
    checked = 0
    mismatches: list[AuditMismatch] = []
    for element_id in result.ids:
        for column in columns:
            value = stored[column].get(element_id)
            if value is None:
                continue
            checked += 1
            expected = float(computed[element_id][column])
            if abs(float(value) - expected) > tolerance:
                mismatches.append(
                    AuditMismatch(
                        id=element_id,
                        column=column,
                        label=(labels or {}).get(column, column),
                        stored=float(value),
                        computed=expected,
                    )
                )
    return MatrixAudit(columns=columns, checked=checked, mismatches=tuple(mismatches))
