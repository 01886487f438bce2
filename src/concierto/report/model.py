"""The report model: sections of text, tables and figures, each with the evidence ids behind it,
and the evidence appendix. Built per language from the result objects; rendering reads only
this model.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from concierto.report.scale import PageLimits
from concierto.safecells import neutralise_row

Cell = str | int | float | bool | None | list[str]


@dataclass(frozen=True)
class Table:
    """A table of plain rows; ``evidence`` is the key of a column of evidence-id lists."""

    id: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[Mapping[str, Cell], ...]
    note: str | None = None
    evidence: str | None = "evidence"

    def to_csv(self) -> str:
        """CSV with the column keys as header; lists joined by spaces; text cells safe to open
        in a spreadsheet (:mod:`concierto.safecells`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        keys = [key for key, _label in self.columns]
        writer.writerow(keys)
        for row in self.rows:
            writer.writerow(
                neutralise_row(
                    " ".join(v) if isinstance(v := row.get(k), list) else v for k in keys
                )
            )
        return out.getvalue()

    def to_json(self) -> str:
        """JSON: id, title, columns (key and label) and rows, one row per line (each line
        written by the C encoder: a whole government's tables in seconds, not minutes)."""
        head = json.dumps(
            {
                "id": self.id,
                "title": self.title,
                "columns": [{"key": k, "label": label} for k, label in self.columns],
            },
            ensure_ascii=False,
        )
        encode = json.JSONEncoder(ensure_ascii=False).encode
        rows = ",\n".join(encode(dict(row)) for row in self.rows)
        return f'{head[:-1]}, "rows": [\n{rows}\n]}}\n' if rows else f'{head[:-1]}, "rows": []}}\n'



@dataclass(frozen=True)
class Figure:
    """A Plotly figure (``plotly``: its JSON dict) or the network (``network``: Cytoscape data)."""

    id: str
    title: str
    evidence: tuple[str, ...]
    plotly: Mapping[str, Any] | None = None
    network: Mapping[str, Any] | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quote shown in the page, with where it comes from."""

    evidence_id: str
    text: str
    document: str
    start: int
    end: int
    code: str
    interviewee: str | None
    illustrative: bool


@dataclass(frozen=True)
class Status:
    """A dimension's status card: the numbers of every rule, and its quotes."""

    dimension: str
    label: str
    status: str
    status_label: str
    decided_by: str
    trace: Table
    quotes: tuple[Quote, ...]
    not_evaluable: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """An overall statement and the trace of its condition."""

    id: str
    label: str
    holds: bool | None
    outcome: str
    trace: Table
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One piece of a section, in order: ``kind`` says which field is set."""

    kind: str  # text | study | table | figure | statuses | statements | quotes | unavailable
    text: str | None = None
    citation: str | None = None  # of a "study" block: the quoted study
    table: Table | None = None
    figure: Figure | None = None
    statuses: tuple[Status, ...] = ()
    statements: tuple[Statement, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section of the report, following the study."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class EvidenceItem:
    """One entry of the evidence appendix: a record or a coded segment."""

    id: str
    kind: str
    label: str
    provenance: str | None
    document: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    detail: str | None = None

    @property
    def anchor(self) -> str:
        """The HTML id of the entry."""
        return anchor(self.id)


def anchor(evidence_id: str) -> str:
    """The HTML id of an evidence entry (``seg:12`` -> ``ev-seg-12``)."""
    safe = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "-" for ch in evidence_id
    )
    return f"ev-{safe}"


@dataclass(frozen=True)
class Report:
    """A whole report in one language."""

    case_id: str
    title: str
    language: str
    sections: tuple[Section, ...]
    evidence: Mapping[str, EvidenceItem]
    labels: Mapping[str, str] = field(default_factory=dict)
    limits: PageLimits = field(default_factory=PageLimits)
    registry: Mapping[str, EvidenceItem] = field(default_factory=dict)
    notice: str = ""

    def tables(self) -> tuple[Table, ...]:
        """Every table of every section (status traces included), in order."""
        found: list[Table] = []
        for section in self.sections:
            for block in section.blocks:
                if block.table is not None:
                    found.append(block.table)
                found += [s.trace for s in block.statuses]
                found += [s.trace for s in block.statements]
        return tuple(found)

    def figures(self) -> tuple[Figure, ...]:
        """Every figure, in order."""
        return tuple(
            block.figure
            for section in self.sections
            for block in section.blocks
            if block.figure is not None
        )

    def cited(self) -> tuple[str, ...]:
        """Every evidence id the page links: those of the rows it shows, each cell and figure
        up to ``limits.evidence_limit`` ids, and those of the network's ties."""
        ids: list[str] = []
        cap = self.limits.evidence_limit
        for table in self.tables():
            if table.evidence:
                for row in table.rows[: self.limits.row_limit]:
                    value = row.get(table.evidence)
                    if isinstance(value, list):
                        ids += value[:cap]
        for figure in self.figures():
            ids += figure.evidence[:cap]
            if figure.network is not None:
                for element in figure.network.get("elements", ()):
                    ids += element["data"].get("evidence", ())[:cap]
        for section in self.sections:
            for block in section.blocks:
                ids += [q.evidence_id for q in block.quotes]
                ids += [q.evidence_id for s in block.statuses for q in s.quotes]
                ids += [e for s in block.statements for e in s.evidence]
        return tuple(dict.fromkeys(ids))


def rows_of(items: Sequence[Mapping[str, Cell]]) -> tuple[Mapping[str, Cell], ...]:
    """Rows as an immutable tuple of plain dicts."""
    return tuple(dict(item) for item in items)
