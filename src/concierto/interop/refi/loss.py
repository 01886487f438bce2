"""The data-loss report: every element a transfer drops (no place for it on the other side)
or carries only in part, counted by type, plus notes on how the file was interpreted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LossReport:
    """What a REFI import or export dropped or altered; ``kept`` counts what was carried."""

    direction: str
    kept: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    altered: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)

    def keep(self, kind: str, count: int = 1) -> None:
        """Count ``count`` elements of ``kind`` carried over."""
        if count:
            self.kept[kind] += count

    def drop(self, kind: str, count: int = 1) -> None:
        """Count ``count`` elements of ``kind`` that the other side has no place for."""
        if count:
            self.dropped[kind] += count

    def alter(self, kind: str, count: int = 1) -> None:
        """Count ``count`` elements of ``kind`` carried only in part or in another form."""
        if count:
            self.altered[kind] += count

    def note(self, text: str) -> None:
        """Record how something in the file was interpreted (once per distinct text)."""
        if text not in self.notes:
            self.notes.append(text)

    @property
    def lossless(self) -> bool:
        """True when nothing was dropped or altered."""
        return not self.dropped and not self.altered

    def rows(self) -> list[dict[str, Any]]:
        """One row per (status, element type), sorted, for tables and CSV."""
        rows: list[dict[str, Any]] = []
        for status, counter in (
            ("dropped", self.dropped),
            ("altered", self.altered),
            ("kept", self.kept),
        ):
            rows.extend(
                {"status": status, "element": kind, "count": counter[kind]}
                for kind in sorted(counter)
            )
        return rows

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "direction": self.direction,
            "lossless": self.lossless,
            "dropped": dict(sorted(self.dropped.items())),
            "altered": dict(sorted(self.altered.items())),
            "kept": dict(sorted(self.kept.items())),
            "notes": list(self.notes),
            "schema_errors": list(self.schema_errors),
        }
