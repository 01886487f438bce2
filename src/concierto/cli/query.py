"""``concierto query frequency|matrix|cooccurrence|consensus|retrieve``: the qualitative queries
of MEASURES.md (M5) over the accepted codings of a case, as a table, CSV or JSON.

CSV and JSON carry the evidence ids (``seg:N``, ``doc:KEY``) behind every number; the table
shows the numbers (add ``--format csv`` or ``json`` to see the ids).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape

from concierto.api.query_rows import value_label
from concierto.cli.app import CaseOption, FormatOption, app
from concierto.cli.output import OutputFormat, console, emit_json, emit_rows, say_why
from concierto.cli.stores import READ_ERRORS, stored_case
from concierto.i18n import _, ngettext
from concierto.measures.qualitative import (
    DEFAULT_CONTEXT_CHARS,
    QueryError,
)

Row = dict[str, Any]

query_app = typer.Typer(
    help=_("Queries over the coded evidence: frequencies, matrices, co-occurrence, consensus."),
    no_args_is_help=True,
)
app.add_typer(query_app, name="query")


class GroupBy(StrEnum):
    """How ``query frequency`` groups the segments of each code."""

    total = "total"
    document = "document"
    case = "case"
    attribute = "attribute"


class Unit(StrEnum):
    """The unit in which ``query cooccurrence`` looks for two codes together."""

    overlap = "overlap"
    sentence = "sentence"
    paragraph = "paragraph"
    turn = "turn"
    document = "document"


class ContextUnit(StrEnum):
    """The enclosing unit ``query retrieve`` shows around a segment."""

    sentence = "sentence"
    paragraph = "paragraph"
    turn = "turn"


class Count(StrEnum):
    """What the cells of ``query matrix`` count."""

    segments = "segments"
    sources = "sources"


CodesOption = Annotated[
    list[str] | None,
    typer.Option("--code", help=_("Code to report (repeatable; default: every code).")),
]
DescendantsOption = Annotated[
    bool,
    typer.Option("--descendants", help=_("Count the codings of codes below each code as its own.")),
]


QUERY_ERRORS = (*READ_ERRORS, QueryError)
"""What a query may raise that the user can act on."""


def _escaped(rows: list[Row], fmt: OutputFormat) -> list[Row]:
    """Rows safe to print in a rich table (text from documents may contain ``[...]``)."""
    if fmt is not OutputFormat.table:
        return rows
    return [{k: escape(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


def _evidence_columns(fmt: OutputFormat) -> list[tuple[str, str]]:
    if fmt is OutputFormat.table:
        return []
    return [("segment_ids", _("Segments (ids)")), ("document_ids", _("Documents (ids)"))]


@query_app.command("frequency", help=_("Segments and distinct sources per code and group."))
def frequency(
    by: Annotated[
        GroupBy, typer.Option("--by", help=_("Group by: total, document, case or attribute."))
    ] = GroupBy.total,
    attribute: Annotated[
        str | None,
        typer.Option("--attribute", help=_("Attribute whose values group the segments.")),
    ] = None,
    codes: CodesOption = None,
    descendants: DescendantsOption = False,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Code frequencies (M5): segments and distinct documents per code, per group."""
    if attribute is not None and by is GroupBy.total:
        by = GroupBy.attribute
    with stored_case(case, QUERY_ERRORS) as chosen:
        result = chosen.measure.frequency(
            by=by.value, attribute=attribute, codes=codes, descendants=descendants
        )
    rows = result.to_records()
    if fmt is OutputFormat.json:
        emit_json({**result.summary, "rows": rows})
        say_why(result.reason, fmt)
        return
    group_label = {
        GroupBy.total: None,
        GroupBy.document: _("Document"),
        GroupBy.case: _("Case"),
        GroupBy.attribute: attribute or _("Value"),
    }[by]
    columns = [("code", _("Code")), ("label", _("Label"))]
    if group_label is not None:
        columns.append(("group", group_label))
    columns += [("segments", _("Segments")), ("sources", _("Sources"))]
    if fmt is OutputFormat.table:
        for row in rows:
            row["group"] = value_label(row["group"]) if by is not GroupBy.total else None
    emit_rows(_escaped(rows, fmt), columns + _evidence_columns(fmt), fmt)
    say_why(result.reason, fmt)


@query_app.command("matrix", help=_("Code x attribute-value matrix of segments or sources."))
def matrix(
    attribute: Annotated[str, typer.Option("--attribute", help=_("Attribute of the columns."))],
    count: Annotated[
        Count, typer.Option("--count", help=_("Count segments or sources (documents)."))
    ] = Count.segments,
    codes: CodesOption = None,
    descendants: DescendantsOption = False,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Code x attribute matrix (M5): one row per code, one column per attribute value."""
    with stored_case(case, QUERY_ERRORS) as chosen:
        found = chosen.measure.matrix(
            attribute, count=count.value, codes=codes, descendants=descendants
        )
    result = found.value
    if fmt is OutputFormat.json:
        emit_json(
            {
                "attribute": result.attribute,
                "include_descendants": result.include_descendants,
                "codes": list(result.codes),
                "values": list(result.values),
                "cells": [
                    {
                        "code": code,
                        "value": value,
                        "segments": cell.segments,
                        "sources": cell.sources,
                        "segment_ids": list(cell.segment_ids),
                        "document_ids": list(cell.document_ids),
                    }
                    for (code, value), cell in result.cells.items()
                ],
            }
        )
        say_why(found.reason, fmt)
        return
    rows, columns, title = found.to_records(), list(found.columns), found.title
    emit_rows(_escaped(rows, fmt), columns, fmt, title=escape(title))
    say_why(found.reason, fmt)


@query_app.command("cooccurrence", help=_("Pairs of codes found together, with Jaccard."))
def cooccurrence(
    unit: Annotated[
        Unit,
        typer.Option(
            "--unit", help=_("overlap, sentence, paragraph, turn or document (default paragraph).")
        ),
    ] = Unit.paragraph,
    codes: CodesOption = None,
    descendants: DescendantsOption = False,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Co-occurrence (M5): units where both codes occur, units where either does, Jaccard."""
    with stored_case(case, QUERY_ERRORS) as chosen:
        found = chosen.measure.cooccurrence(unit=unit.value, codes=codes, descendants=descendants)
    table, rows = found.value, found.to_records()
    if fmt is OutputFormat.json:
        emit_json(
            {
                "unit": table.unit,
                "include_descendants": table.include_descendants,
                "occurrences": dict(table.occurrences),
                "occurrence_ids": {code: list(ids) for code, ids in table.occurrence_ids.items()},
                "pairs": rows,
                "outside_units": list(table.outside_units),
            }
        )
        say_why(found.reason, fmt)
        return
    columns = [
        ("code_a", _("Code A")),
        ("code_b", _("Code B")),
        ("both", _("Both")),
        ("either", _("Either")),
        ("jaccard", _("Jaccard")),
    ]
    emit_rows(_escaped(rows, fmt), columns + _evidence_columns(fmt), fmt)
    say_why(found.reason, fmt)
    if fmt is OutputFormat.table and table.outside_units:
        unit_names = {"sentence": _("sentence"), "paragraph": _("paragraph"), "turn": _("turn")}
        message = ngettext(
            "{n} segment lies outside every {unit} and is not counted.",
            "{n} segments lie outside every {unit} and are not counted.",
            len(table.outside_units),
        )
        console.print(
            escape(message.format(n=len(table.outside_units), unit=unit_names[table.unit])),
            highlight=False,
        )


@query_app.command("consensus", help=_("How many interviewees voice a code or a polar pair."))
def consensus(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help=_("Codes (default: every polar pair of the codebook).")),
    ] = None,
    pairs: Annotated[
        bool,
        typer.Option("--pairs", help=_("Show the polar pairs the given codes belong to.")),
    ] = False,
    by_interviewee: Annotated[
        bool,
        typer.Option("--by-interviewee", help=_("One row per interviewee and polar pair.")),
    ] = False,
    descendants: DescendantsOption = False,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Consensus (M5): k of N interviewees per code, or positions on polar pairs."""
    with stored_case(case, QUERY_ERRORS) as chosen:
        found = chosen.measure.consensus(codes=codes, pairs=pairs, descendants=descendants)
    if codes and not pairs:
        rows = found.to_records()
        if fmt is OutputFormat.json:
            emit_json({"basis": found.summary["basis"], "codes": rows})
            say_why(found.reason, fmt)
            return
        columns = [("code", _("Code")), ("k", "k"), ("n", "N"), ("share", _("Share"))]
        if fmt is OutputFormat.csv:
            columns += [
                ("sentence", _("Statement")),
                ("interviewees", _("Interviewees")),
                ("unattributed", _("Unattributed")),
            ]
        emit_rows(_escaped(rows, fmt), columns, fmt)
        _print_sentences(rows, fmt)
        say_why(found.reason, fmt)
        return
    pair_rows = found.to_records()
    if fmt is OutputFormat.json:
        emit_json({"basis": found.summary["basis"], "pairs": pair_rows})
        say_why(found.reason, fmt)
        return
    if by_interviewee:
        person_rows = [
            {
                "positive": row["positive"],
                "negative": row["negative"],
                "interviewee": p["interviewee"],
                "position": p["position"],
                "positive_ids": p["positive_ids"],
                "negative_ids": p["negative_ids"],
            }
            for row in pair_rows
            for p in row["positions"]
        ]
        columns = [
            ("positive", _("Positive")),
            ("negative", _("Negative")),
            ("interviewee", _("Interviewee")),
            ("position", _("Position")),
            ("positive_ids", _("Positive segments")),
            ("negative_ids", _("Negative segments")),
        ]
        emit_rows(_escaped(person_rows, fmt), columns, fmt)
        say_why(found.reason, fmt)
        return
    columns = [
        ("positive", _("Positive")),
        ("negative", _("Negative")),
        ("n", "N"),
        ("positive_only", _("Only positive")),
        ("negative_only", _("Only negative")),
        ("both", _("Both")),
        ("silent", _("Neither")),
    ]
    if fmt is OutputFormat.csv:
        columns.append(("sentence", _("Statement")))
    emit_rows(_escaped(pair_rows, fmt), columns, fmt)
    _print_sentences(pair_rows, fmt)
    say_why(found.reason, fmt)


def _print_sentences(rows: list[Row], fmt: OutputFormat) -> None:
    """Under a table, the "k of N interviewees" statements, one per line."""
    if fmt is OutputFormat.table:
        for row in rows:
            console.print(f"• {escape(row['sentence'])}", highlight=False, soft_wrap=True)


@query_app.command("retrieve", help=_("Coded segments with their context."))
def retrieve(
    codes: Annotated[list[str], typer.Argument(help=_("Codes whose segments to show."))],
    context: Annotated[
        int, typer.Option("--context", help=_("Characters of context on each side."))
    ] = DEFAULT_CONTEXT_CHARS,
    unit: Annotated[
        ContextUnit | None,
        typer.Option("--unit", help=_("Show the enclosing sentence, paragraph or turn instead.")),
    ] = None,
    documents: Annotated[
        list[str] | None, typer.Option("--document", help=_("Only this document (repeatable)."))
    ] = None,
    qual_cases: Annotated[
        list[str] | None,
        typer.Option("--qual-case", help=_("Only segments of this qualitative case (repeatable).")),
    ] = None,
    descendants: DescendantsOption = False,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Retrieval (M5): each coded segment with its document, offsets, coder, cases and context."""
    with stored_case(case, QUERY_ERRORS) as chosen:
        found = chosen.measure.retrieve(
            codes,
            context=context,
            unit=unit.value if unit else None,
            documents=documents,
            qual_cases=qual_cases,
            descendants=descendants,
        )
    rows: list[Row] = found.to_records()
    if fmt is OutputFormat.json:
        emit_json({"segments": rows})
        say_why(found.reason, fmt)
        return
    if fmt is OutputFormat.csv:
        columns = [(key, key) for key in rows[0]] if rows else [("segment", "segment")]
        emit_rows(rows, columns, fmt)
        say_why(found.reason, fmt)
        return
    table_rows = [
        {
            "segment": row["segment"],
            "code": escape(row["code"]),
            "where": escape(f"{row['document']} {row['start']}–{row['end']}"),
            "coder": escape(row["coder"]),
            "cases": escape(", ".join(row["cases"])),
            "quote": f"…{escape(row['before'])}[bold]{escape(row['text'])}[/bold]"
            f"{escape(row['after'])}…",
        }
        for row in rows
    ]
    emit_rows(
        table_rows,
        [
            ("segment", _("Segment")),
            ("code", _("Code")),
            ("where", _("Document")),
            ("coder", _("Coder")),
            ("cases", _("Cases")),
            ("quote", _("Text")),
        ],
        fmt,
    )
    say_why(found.reason, fmt)
