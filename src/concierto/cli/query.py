"""``concierto query frequency|matrix|cooccurrence|consensus|retrieve``: the qualitative queries
of MEASURES.md (M5) over the accepted codings of a case, as a table, CSV or JSON.

CSV and JSON carry the evidence ids (``seg:N``, ``doc:KEY``) behind every number; the table
shows the numbers (add ``--format csv`` or ``json`` to see the ids).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape

from concierto.casefile.database import resolve_case
from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_json, emit_rows, say_why
from concierto.cli.stores import stored_session
from concierto.evidence.snapshot import load_evidence
from concierto.i18n import _, ngettext
from concierto.measures.qualitative import (
    DEFAULT_CONTEXT_CHARS,
    CodeConsensus,
    EvidenceIndex,
    FrequencyRow,
    PairConsensus,
    QueryError,
    attribute_interviewees,
    code_attribute_matrix,
    code_consensus,
    code_cooccurrence,
    code_frequencies,
    pair_consensus,
    polar_pairs,
    retrieve_segments,
)
from concierto.measures.qualitative.empty import (
    why_no_codings,
    why_no_cooccurrence,
    why_no_interviewees,
    why_no_polar_pairs,
)

Row = dict[str, Any]
T = TypeVar("T")
NO_VALUE_KEY = "(none)"

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


def load_index(case: str | None) -> EvidenceIndex:
    """The evidence of ``case`` (the only case when None), indexed for the queries."""
    with stored_session() as session:
        row = resolve_case(session, case)
        evidence = load_evidence(session, row.id, viewer=state.viewer)
    return EvidenceIndex(evidence)


def _label(index: EvidenceIndex, code: str) -> str:
    return index.evidence.code(code).label(state.language)


def _value_key(value: object) -> str:
    return NO_VALUE_KEY if value is None else str(value)


def _value_label(value: object) -> str:
    return _("(no value)") if value is None else str(value)


def _escaped(rows: list[Row], fmt: OutputFormat) -> list[Row]:
    """Rows safe to print in a rich table (text from documents may contain ``[...]``)."""
    if fmt is not OutputFormat.table:
        return rows
    return [{k: escape(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


def _evidence_columns(fmt: OutputFormat) -> list[tuple[str, str]]:
    if fmt is OutputFormat.table:
        return []
    return [("segment_ids", _("Segments (ids)")), ("document_ids", _("Documents (ids)"))]


def _run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a query; a bad query becomes a clear CLI error."""
    try:
        return function(*args, **kwargs)
    except QueryError as exc:
        raise fail(escape(str(exc))) from exc


def _frequency_row(index: EvidenceIndex, row: FrequencyRow) -> Row:
    return {
        "code": row.code,
        "label": _label(index, row.code),
        "group": row.group,
        "segments": row.segments,
        "sources": row.sources,
        "segment_ids": list(row.segment_ids),
        "document_ids": list(row.document_ids),
    }


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
    index = load_index(case)
    table = _run(
        code_frequencies,
        index,
        grouping=by.value,
        attribute=attribute,
        codes=codes,
        include_descendants=descendants,
    )
    rows = [_frequency_row(index, row) for row in table.rows]
    reason = None if any(row.segments for row in table.rows) else why_no_codings(
        index.evidence, codes
    )
    if fmt is OutputFormat.json:
        emit_json(
            {
                "grouping": table.grouping,
                "attribute": table.attribute,
                "include_descendants": table.include_descendants,
                "rows": rows,
            }
        )
        say_why(reason, fmt)
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
            row["group"] = _value_label(row["group"]) if by is not GroupBy.total else None
    emit_rows(_escaped(rows, fmt), columns + _evidence_columns(fmt), fmt)
    say_why(reason, fmt)


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
    index = load_index(case)
    result = _run(
        code_attribute_matrix, index, attribute, codes=codes, include_descendants=descendants
    )
    reason = (
        None
        if any(cell.segments for cell in result.cells.values())
        else why_no_codings(index.evidence, codes)
    )
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
        say_why(reason, fmt)
        return
    counts = result.counts(count.value)
    rows = []
    for i, code in enumerate(result.codes):
        row: Row = {"code": code, "label": _label(index, code)}
        for j, value in enumerate(result.values):
            row[_value_key(value)] = int(counts[i, j])
        row["total"] = sum(
            cell.segments if count is Count.segments else cell.sources
            for (cell_code, _value), cell in result.cells.items()
            if cell_code == code
        )
        rows.append(row)
    columns = [("code", _("Code")), ("label", _("Label"))]
    columns += [(_value_key(v), _value_label(v)) for v in result.values]
    columns.append(("total", _("Total")))
    title = _("{count} by {attribute}").format(
        count=_("Segments") if count is Count.segments else _("Sources"), attribute=attribute
    )
    emit_rows(_escaped(rows, fmt), columns, fmt, title=escape(title))
    say_why(reason, fmt)


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
    index = load_index(case)
    table = _run(code_cooccurrence, index, unit.value, codes=codes, include_descendants=descendants)
    rows = [
        {
            "code_a": pair.code_a,
            "code_b": pair.code_b,
            "both": pair.both,
            "either": pair.either,
            "jaccard": pair.jaccard,
            "segment_ids": list(pair.segment_ids),
            "document_ids": list(pair.document_ids),
        }
        for pair in table.pairs
    ]
    reason = None if table.pairs else why_no_cooccurrence(index.evidence, unit.value)
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
        say_why(reason, fmt)
        return
    columns = [
        ("code_a", _("Code A")),
        ("code_b", _("Code B")),
        ("both", _("Both")),
        ("either", _("Either")),
        ("jaccard", _("Jaccard")),
    ]
    emit_rows(_escaped(rows, fmt), columns + _evidence_columns(fmt), fmt)
    say_why(reason, fmt)
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


def _code_consensus_row(result: CodeConsensus) -> Row:
    return {
        "code": result.code,
        "label": result.labels.get(state.language, result.code),
        "k": result.k,
        "n": result.n,
        "share": result.share,
        "basis": result.basis,
        "sentence": result.sentence(state.language),
        "population": list(result.population),
        "interviewees": list(result.interviewees),
        "segments": {person: list(ids) for person, ids in result.segment_ids.items()},
        "document_ids": list(result.document_ids),
        "unattributed": list(result.unattributed),
    }


def _pair_row(result: PairConsensus) -> Row:
    return {
        "positive": result.positive,
        "negative": result.negative,
        "n": result.n,
        "positive_only": result.positive_only,
        "negative_only": result.negative_only,
        "both": result.both,
        "silent": result.silent,
        "basis": result.basis,
        "sentence": result.sentence(state.language),
        "positions": [
            {
                "interviewee": p.interviewee,
                "position": p.position,
                "positive_ids": list(p.positive_ids),
                "negative_ids": list(p.negative_ids),
            }
            for p in result.positions
        ],
        "document_ids": list(result.document_ids),
        "unattributed": list(result.unattributed),
    }


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
    index = load_index(case)
    attribution = attribute_interviewees(index)
    if codes and not pairs:
        results = [
            _run(
                code_consensus,
                index,
                code,
                include_descendants=descendants,
                attribution=attribution,
            )
            for code in codes
        ]
        rows = [_code_consensus_row(result) for result in results]
        nobody = None if any(result.n for result in results) else why_no_interviewees(
            index.evidence
        )
        if fmt is OutputFormat.json:
            emit_json({"basis": attribution.basis, "codes": rows})
            say_why(nobody, fmt)
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
        say_why(nobody, fmt)
        return
    chosen = _run(polar_pairs, index)
    reason = None if chosen else why_no_polar_pairs(index.evidence)
    if codes:
        unknown = [code for code in codes if code not in index.code_position]
        if unknown:
            raise fail(escape(_("unknown code {key!r}").format(key=unknown[0])))
        chosen = tuple(pair for pair in chosen if set(pair) & set(codes))
        if not chosen:
            raise fail(escape(_("no polar pair holds {codes}").format(codes=", ".join(codes))))
    results_pairs = [
        pair_consensus(
            index, positive, negative, include_descendants=descendants, attribution=attribution
        )
        for positive, negative in chosen
    ]
    pair_rows = [_pair_row(result) for result in results_pairs]
    if chosen and not any(result.n for result in results_pairs):
        reason = why_no_interviewees(index.evidence)
    if fmt is OutputFormat.json:
        emit_json({"basis": attribution.basis, "pairs": pair_rows})
        say_why(reason, fmt)
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
        say_why(reason, fmt)
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
    say_why(reason, fmt)


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
    index = load_index(case)
    found = _run(
        retrieve_segments,
        index,
        codes,
        include_descendants=descendants,
        context=context,
        unit=unit.value if unit else None,
        documents=documents,
        cases=qual_cases,
    )
    rows: list[Row] = [
        {
            "segment": s.evidence_id,
            "code": s.code,
            "document": s.document,
            "document_id": s.document_id,
            "start": s.start,
            "end": s.end,
            "whole_document": s.whole_document,
            "coder": s.coder,
            "cases": list(s.cases),
            "before": s.before,
            "text": s.text,
            "after": s.after,
            "memo": s.memo,
        }
        for s in found
    ]
    reason = None if rows else why_no_codings(index.evidence, codes)
    if fmt is OutputFormat.json:
        emit_json({"segments": rows})
        say_why(reason, fmt)
        return
    if fmt is OutputFormat.csv:
        columns = [(key, key) for key in rows[0]] if rows else [("segment", "segment")]
        emit_rows(rows, columns, fmt)
        say_why(reason, fmt)
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
    say_why(reason, fmt)
