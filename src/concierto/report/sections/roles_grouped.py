"""Actors and roles for a large case (issue 19): the component × actor matrix has one column
per actor, so above the page's threshold the page shows components × sectors (how many of the
sector's actors hold a role in the component) and lists every role in a long table, one row per
component and actor, whose CSV/JSON carries the whole matrix."""

from __future__ import annotations

from concierto.measures.aggregate import actor_groups
from concierto.report.build import CaseResults
from concierto.report.model import Cell, Figure, Section, Table, rows_of
from concierto.report.sections.common import (
    T,
    cols,
    figure_block,
    layout,
    provenance_of,
    table_block,
    text_block,
)
from concierto.report.sections.context import _roles


def grouped_roles_section(r: CaseResults, t: T, limit: int) -> Section:
    """The roles section with sectors for columns and the roles in long form."""
    s = r.snapshot
    group_of = actor_groups(s)
    sectors = sorted(set(group_of.values()))
    components = [e for e in s.elements if e.type in ("policy_objective", "programme")]
    matrix_rows: list[dict[str, Cell]] = []
    detail_rows: list[dict[str, Cell]] = []
    z: list[list[int]] = []
    for element in components:
        roles = _roles(element)
        holders = {sector: 0 for sector in sectors}
        for actor, role in roles.items():
            if actor in group_of:
                holders[group_of[actor]] += 1
            detail_rows.append(
                {
                    "component": element.id,
                    "actor": actor,
                    "sector": group_of.get(actor),
                    "role": role,
                    "evidence": [element.evidence_id],
                }
            )
        row: dict[str, Cell] = {"component": element.id, "name": element.name}
        row.update(holders)
        row["provenance"] = provenance_of(element.provenance, element.source_ref)
        row["evidence"] = [element.evidence_id]
        matrix_rows.append(row)
        z.append([holders[sector] for sector in sectors])
    by_sector = Table(
        id="roles_by_sector",
        title=t("Policy component × sector: actors with a role"),
        columns=(
            ("component", t("Component")),
            ("name", t("Name")),
            *((sector, sector) for sector in sectors),
            ("provenance", t("Provenance")),
            ("evidence", t("Evidence")),
        ),
        rows=rows_of(matrix_rows),
    )
    detail = Table(
        id="roles",
        title=t("Policy component × actor"),
        columns=cols(
            t,
            ("component", "Component"),
            ("actor", "Actor"),
            ("sector", "Sector"),
            ("role", "Role"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(detail_rows),
        note=t("lead/owner, responsible, executor: the actor's role in the component."),
    )
    figure = Figure(
        id="fig-roles",
        title=t("Roles by component and sector"),
        evidence=tuple(e.evidence_id for e in components),
        plotly={
            "data": [
                {
                    "type": "heatmap",
                    "z": z,
                    "x": sectors,
                    "y": [e.id for e in components],
                    "colorscale": "Blues",
                    "hovertemplate": "%{y} · %{x}: %{z}<extra></extra>",
                }
            ],
            "layout": layout(
                t("Roles by component and sector"),
                height=min(1600, 120 + 28 * len(components)),
                yaxis={"autorange": "reversed"},
            ),
        },
    )
    note = t(
        "{n} actors, more than {limit}: the matrix shows how many actors of each sector hold a "
        "role in each component; every role is in the table below and its CSV/JSON files."
    ).format(n=len(s.actors), limit=limit)
    return Section(
        "roles",
        t("Actors and roles"),
        (text_block(note), figure_block(figure), table_block(by_sector), table_block(detail)),
    )
