"""Totals of pair-level results by group of actors (sector or ministry), for views that cannot
show every pair of a whole government (issue 19).

These are not new measures: each total is the plain sum (and count) of values another measure
already computed for individual pairs, so the grand total of a grouped view always equals the
total of the detailed table it summarises. Linear in the number of pairs given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from concierto.snapshot import CaseSnapshot

UNGROUPED = "—"


@dataclass(frozen=True)
class GroupTotals:
    """Sum and count of pair values for each ordered pair of groups (row group → column
    group); ``mean`` divides one by the other (None where no pair was given)."""

    groups: tuple[str, ...]
    total: tuple[tuple[float, ...], ...]
    count: tuple[tuple[int, ...], ...]

    @property
    def mean(self) -> tuple[tuple[float | None, ...], ...]:
        """Mean pair value of each group pair."""
        return tuple(
            tuple(t / c if c else None for t, c in zip(totals, counts, strict=True))
            for totals, counts in zip(self.total, self.count, strict=True)
        )

    @property
    def grand_total(self) -> float:
        """The sum of every pair value given (equals the detailed table's total)."""
        return sum(sum(row) for row in self.total)

    @property
    def pairs(self) -> int:
        """How many pair values were given."""
        return sum(sum(row) for row in self.count)


def group_totals(
    values: Iterable[tuple[str, str, float]],
    group_of: Mapping[str, str],
    undirected: bool = False,
) -> GroupTotals:
    """Sum and count the ``(row, column, value)`` triples by the groups of their two ends;
    an id missing from ``group_of`` falls in the group ``—``. ``undirected`` pairs (Metcalfe
    pairs) count once, in the cell whose row group sorts first."""
    sums: dict[tuple[str, str], float] = {}
    counts: dict[tuple[str, str], int] = {}
    seen: set[str] = set()
    for row, column, value in values:
        key = (group_of.get(row, UNGROUPED), group_of.get(column, UNGROUPED))
        if undirected and key[1] < key[0]:
            key = (key[1], key[0])
        seen.update(key)
        sums[key] = sums.get(key, 0.0) + float(value)
        counts[key] = counts.get(key, 0) + 1
    groups = tuple(sorted(seen))
    return GroupTotals(
        groups=groups,
        total=tuple(tuple(sums.get((a, b), 0.0) for b in groups) for a in groups),
        count=tuple(tuple(counts.get((a, b), 0) for b in groups) for a in groups),
    )


def actor_groups(snapshot: CaseSnapshot) -> dict[str, str]:
    """Each actor's group: its sector, else its kind (as the brokerage roles group them)."""
    return {a.id: a.sector or a.kind for a in snapshot.actors}


def element_groups(snapshot: CaseSnapshot) -> dict[str, str]:
    """Each objective's or programme's group: the group of the first of its actors (owner,
    leads, responsible, in the snapshot's order), or ``—`` when it names none."""
    by_actor = actor_groups(snapshot)
    return {
        e.id: next((by_actor[a] for a in e.actors if a in by_actor), UNGROUPED)
        for e in snapshot.elements
    }
