"""Blocks for the structure and fragmentation of the executive (M1): today's figures, the yearly
series over the years the data covers (never filled in), churn and budget dispersion."""

from __future__ import annotations

from typing import Any

from concierto.measures.structure import StructureResult
from concierto.report.model import Block, Figure, Table, rows_of
from concierto.report.sections.common import (
    T,
    cols,
    figure_block,
    layout,
    rounded,
    table_block,
)


def _figures(result: StructureResult, t: T) -> list[dict[str, Any]]:
    now = result.current
    spans = " ".join(f"{s.parent}:{s.size}" for s in now.centre_spans)
    return [
        {"figure": t("Actors"), "value": len(now.actors)},
        {"figure": t("Ministries"), "value": now.ministries},
        {"figure": t("Agencies"), "value": now.agencies},
        {"figure": t("Agencification ratio"), "value": rounded(now.agencification)},
        {
            "figure": t("Agencies per ministry (mean)"),
            "value": rounded(now.agencies_per_ministry_mean),
        },
        {"figure": t("Agencies per ministry (max)"), "value": now.agencies_per_ministry_max},
        {"figure": t("Span of control (mean)"), "value": rounded(now.span_mean)},
        {"figure": t("Span of control (max)"), "value": now.span_max},
        {"figure": t("Centre-of-government spans"), "value": spans},
        {"figure": t("Hierarchy depth"), "value": now.depth},
        {"figure": t("Deepest chain"), "value": " → ".join(now.deepest_chain)},
        {"figure": t("Actors without a creation date"), "value": " ".join(now.undated)},
        {"figure": t("By kind"), "value": ", ".join(f"{k}: {v}" for k, v in now.by_kind.items())},
        {
            "figure": t("By sector"),
            "value": ", ".join(f"{k}: {v}" for k, v in now.by_sector.items()),
        },
    ]


def structure_blocks(result: StructureResult, t: T) -> list[Block]:
    """Tables of today's structure, churn and budgets, and the yearly series chart."""
    evidence = list(result.current.evidence)
    today = Table(
        id="structure",
        title=t("Structure of the executive (actors present today)"),
        columns=cols(t, ("figure", "Figure"), ("value", "Value"), ("evidence", "Evidence")),
        rows=rows_of([{**row, "evidence": evidence} for row in _figures(result, t)]),
        note=t("Agencification = agencies / (ministries + agencies) (MEASURES.md, M1)."),
    )
    blocks: list[Block] = [table_block(today)]
    years = sorted(result.series)
    if years:
        series = [result.series[y] for y in years]
        blocks.append(
            figure_block(
                Figure(
                    id="fig-structure-series",
                    title=t("Actors and agencies per year (only years the data covers)"),
                    evidence=tuple(dict.fromkeys(e for s in series for e in s.evidence)),
                    plotly={
                        "data": [
                            {
                                "type": "scatter",
                                "mode": "lines+markers",
                                "name": t("Actors"),
                                "x": years,
                                "y": [len(s.actors) for s in series],
                            },
                            {
                                "type": "scatter",
                                "mode": "lines+markers",
                                "name": t("Agencies"),
                                "x": years,
                                "y": [s.agencies for s in series],
                            },
                        ],
                        "layout": layout(t("Actors and agencies per year"), height=360),
                    },
                )
            )
        )
    churn = Table(
        id="churn",
        title=t("Structural events per year"),
        columns=cols(t, ("year", "Year"), ("events", "Events"), ("evidence", "Evidence")),
        rows=rows_of(
            [
                {
                    "year": c.year,
                    "events": ", ".join(f"{k}: {v}" for k, v in c.by_type.items()),
                    "evidence": list(c.evidence),
                }
                for c in result.churn
                if c.by_type
            ]
        ),
    )
    budgets = Table(
        id="budget_dispersion",
        title=t("Budget dispersion (HHI and effective number of executors)"),
        columns=cols(
            t,
            ("scope", "Scope"),
            ("hhi", "HHI"),
            ("effective_number", "Effective number"),
            ("reason", "Why undefined"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "scope": b.scope,
                    "hhi": rounded(b.hhi),
                    "effective_number": rounded(b.effective_number),
                    "reason": b.reason,
                    "evidence": list(b.evidence),
                }
                for b in result.budgets
            ]
        ),
    )
    return [*blocks, table_block(churn), table_block(budgets)]
