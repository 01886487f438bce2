"""Qualitative findings per dimension, and inter-coder agreement."""

from __future__ import annotations

from typing import Any

from concierto.report.build import CaseResults
from concierto.report.model import (
    Block,
    Figure,
    Section,
    Table,
    rows_of,
)
from concierto.report.sections.common import (
    DIMENSION_LABELS,
    T,
    cols,
    figure_block,
    layout,
    number_text,
    quote_of,
    rounded,
    table_block,
    text_block,
    unavailable_block,
)

# ----------------------------------------------------------------------------- qualitative


def qualitative_section(r: CaseResults, t: T, language: str) -> Section:
    """Findings per dimension: "k of N interviewees" for each code, polar positions, quotes."""
    blocks: list[Block] = []
    codes_by_dimension: dict[str, list[str]] = {}
    for record in r.evidence.codes:
        dimension = record.mappings.get("dimension")
        if dimension and record.codable:
            codes_by_dimension.setdefault(str(dimension), []).append(record.id)
    rows: list[dict[str, Any]] = []
    for dimension, codes in codes_by_dimension.items():
        for code in codes:
            found = r.consensus.get(code)
            if found is None:
                continue
            frequency = r.frequencies.row(code)
            rows.append(
                {
                    "dimension": t(DIMENSION_LABELS.get(dimension, dimension)),
                    "code": code,
                    "label": r.evidence.code(code).label(language),
                    "sign": r.evidence.code(code).mappings.get("sign"),
                    "k": found.k,
                    "n": found.n,
                    "statement": found.sentence(language),
                    "segments": frequency.segments if frequency else 0,
                    "evidence": [i for ids in found.segment_ids.values() for i in ids],
                }
            )
    table = Table(
        id="consensus",
        title=t("Interviewees per code"),
        columns=cols(
            t,
            ("dimension", "Dimension"),
            ("code", "Code"),
            ("label", "Label"),
            ("sign", "Sign"),
            ("k", "k"),
            ("n", "N"),
            ("statement", "Statement"),
            ("segments", "Segments"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(rows),
    )
    blocks.append(
        figure_block(
            Figure(
                id="fig-consensus",
                title=t("Interviewees mentioning each code (k of N)"),
                evidence=tuple(e for row in rows for e in row["evidence"]),
                plotly={
                    "data": [
                        {
                            "type": "bar",
                            "orientation": "h",
                            "x": [row["k"] for row in rows],
                            "y": [row["code"] for row in rows],
                            "marker": {
                                "color": [
                                    "#b2182b" if row["sign"] == -1 else "#2166ac" for row in rows
                                ]
                            },
                        }
                    ],
                    "layout": layout(
                        t("Interviewees per code"),
                        height=150 + 24 * len(rows),
                        yaxis={"autorange": "reversed"},
                    ),
                },
            )
        )
    )
    blocks.append(table_block(table))
    pair_rows: list[dict[str, Any]] = [
        {
            "positive": p.positive,
            "negative": p.negative,
            "n": p.n,
            "positive_only": p.positive_only,
            "negative_only": p.negative_only,
            "both": p.both,
            "silent": p.silent,
            "statement": p.sentence(language),
            "evidence": [i for x in p.positions for i in (*x.positive_ids, *x.negative_ids)],
        }
        for p in r.pairs
    ]
    blocks.append(
        table_block(
            Table(
                id="polar_pairs",
                title=t("Interviewees' positions on polar pairs"),
                columns=cols(
                    t,
                    ("positive", "Positive code"),
                    ("negative", "Negative code"),
                    ("n", "N"),
                    ("positive_only", "Only positive"),
                    ("negative_only", "Only negative"),
                    ("both", "Both"),
                    ("silent", "Silent"),
                    ("statement", "Statement"),
                    ("evidence", "Evidence"),
                ),
                rows=rows_of(pair_rows),
            )
        )
    )
    for dimension, status in r.diagnosis.dimensions.items():
        quotes = tuple(q for q in (quote_of(r, x.evidence_id) for x in status.quotes) if q)
        if quotes:
            blocks.append(text_block(t(DIMENSION_LABELS.get(dimension, dimension))))
            blocks.append(Block(kind="quotes", quotes=quotes))
    return Section("qualitative", t("Qualitative findings"), tuple(blocks))


# ----------------------------------------------------------------------------- agreement


def _value(result: Any) -> float | None:
    if result is None:
        return None
    found = getattr(result, "alpha", getattr(result, "value", None))
    return rounded(found)


def agreement_section(r: CaseResults, t: T) -> Section:
    """Inter-coder agreement (M5): by sentence, overall and per code, and unitised alpha."""
    if not r.agreement:
        return Section(
            "agreement",
            t("Agreement"),
            (unavailable_block(t, "inter-coder agreement", t("fewer than two coders")),),
        )
    by_sentence = [a for a in r.agreement if a.unit == "sentence"]
    unitised = [a for a in r.agreement if a.unit == "segment" and a.unitised is not None]
    rows: list[dict[str, Any]] = [
        {
            "code": a.code or t("all codes"),
            "units": a.units,
            "alpha": _value(a.alpha),
            "kappa": _value(a.cohen_kappa),
            "percent": _value(a.percent_agreement),
            "reason": (a.alpha.undefined_reason if a.alpha else None),
            "evidence": list(a.evidence_ids),
        }
        for a in by_sentence
    ]
    per_code = [row for row in rows[1:] if row["alpha"] is not None]
    first = r.agreement[0]
    figure = Figure(
        id="fig-agreement",
        title=t("Krippendorff's alpha per code (sentences)"),
        evidence=tuple(e for row in per_code for e in row["evidence"]),
        plotly={
            "data": [
                {
                    "type": "bar",
                    "orientation": "h",
                    "x": [row["alpha"] for row in per_code],
                    "y": [row["code"] for row in per_code],
                    "marker": {"color": "#5e3c99"},
                }
            ],
            "layout": layout(
                t("Krippendorff's alpha per code (sentences)"),
                height=150 + 22 * len(per_code),
                xaxis={"range": [-0.2, 1]},
                yaxis={"autorange": "reversed"},
            ),
        },
        caption=t("Coders {coders}; uncoded sentences included.").format(
            coders=", ".join(first.coders)
        ),
    )
    table = Table(
        id="agreement",
        title=t("Inter-coder agreement per code (sentences)"),
        columns=cols(
            t,
            ("code", "Code"),
            ("units", "Units"),
            ("alpha", "Alpha (nominal)"),
            ("kappa", "Cohen's kappa"),
            ("percent", "Percent agreement"),
            ("reason", "Why undefined"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(rows),
    )
    blocks = [figure_block(figure), table_block(table)]
    for a in unitised:
        u = a.unitised
        assert u is not None
        blocks.append(
            text_block(
                t("Unitised alpha over the coded segments: {alpha} (binary: {binary}).").format(
                    alpha=number_text(u.alpha), binary=number_text(u.binary_alpha)
                )
            )
        )
    return Section("agreement", t("Agreement"), tuple(blocks))
