"""Context and fragmentation; actors and roles (the policy component × actor matrix)."""

from __future__ import annotations

from typing import Any

from concierto.measures.structure import StructureResult
from concierto.report.build import CaseResults
from concierto.report.model import (
    Cell,
    Figure,
    Section,
    Table,
    rows_of,
)
from concierto.report.scale import page_limits
from concierto.report.sections.common import (
    T,
    cols,
    figure_block,
    layout,
    number_text,
    provenance_of,
    reason_of,
    study_block,
    table_block,
    text_block,
    unavailable_block,
)
from concierto.report.sections.structure_view import structure_blocks

# ----------------------------------------------------------------------------- context

AGENCIES_FINDING = (
    "In Peru's executive, the study found that the creation of agencies in each sector "
    "fragmented the executive, multiplying the challenge of coordination and coherence. This is "
    "the study's finding about Peru, not a finding about this case."
)
EVENT_LABELS: dict[str, str] = {
    "created": "creation",
    "dissolved": "dissolution",
    "merged": "merger",
    "split": "split",
    "reattached": "re-attachment",
    "renamed": "renaming",
}


def structure_sentence(result: StructureResult, t: T) -> str:
    """What this case's own figures say about fragmentation: bodies, ministries, agencies, the
    agencification ratio and the structural events recorded, by type."""
    now = result.current
    by_type: dict[str, int] = {}
    for year in result.churn:
        for kind, count in year.by_type.items():
            by_type[kind] = by_type.get(kind, 0) + count
    events = sum(by_type.values())
    detail = ", ".join(
        f"{t(EVENT_LABELS.get(kind, kind))} {count}" for kind, count in sorted(by_type.items())
    )
    return t(
        "Bodies present today: {bodies}; ministries: {ministries}; agencies: {agencies} "
        "(agencification {ratio}). Structural events recorded: {events}{detail}."
    ).format(
        bodies=len(now.actors),
        ministries=now.ministries,
        agencies=now.agencies,
        ratio=number_text(now.agencification),
        events=events,
        detail=f" ({detail})" if detail else "",
    )


def context_section(r: CaseResults, t: T) -> Section:
    """Context and fragmentation: the case, its actors and structural events."""
    s = r.snapshot
    actors = Table(
        id="actors",
        title=t("Actors"),
        columns=cols(
            t,
            ("id", "Id"),
            ("name", "Name"),
            ("acronym", "Acronym"),
            ("kind", "Kind"),
            ("parent", "Parent"),
            ("sector", "Sector"),
            ("centre_of_government", "Centre of government"),
            ("created", "Created"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "acronym": a.acronym,
                    "kind": a.kind,
                    "parent": a.parent,
                    "sector": a.sector,
                    "centre_of_government": a.centre_of_government,
                    "created": a.created,
                    "provenance": provenance_of(a.provenance, a.source_ref),
                    "evidence": [a.evidence_id],
                }
                for a in s.actors
            ]
        ),
    )
    events = Table(
        id="events",
        title=t("Structural events"),
        columns=cols(
            t,
            ("date", "Date"),
            ("type", "Type"),
            ("actor", "Actor"),
            ("new_name", "New name"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "date": e.date,
                    "type": e.type,
                    "actor": e.actor,
                    "new_name": e.new_name,
                    "provenance": provenance_of(e.provenance, e.source_ref),
                    "evidence": [e.evidence_id],
                }
                for e in s.events
            ]
        ),
    )
    structure = r.optional.get("structure")
    measured = structure.result if structure is not None else None
    blocks = []
    if isinstance(measured, StructureResult):
        blocks.append(text_block(structure_sentence(measured, t)))
    blocks += [
        study_block(t, AGENCIES_FINDING),
        table_block(actors),
        table_block(events),
    ]
    if isinstance(measured, StructureResult):
        blocks += structure_blocks(measured, t)
    else:
        blocks.append(
            unavailable_block(t, "structure and fragmentation measures (M1)", reason_of(structure))
        )
    return Section("context", t("Context and fragmentation"), tuple(blocks))


# ----------------------------------------------------------------------------- roles

ROLE_RANK = {"lead": 3, "owner": 3, "responsible": 2, "executor": 1}


def _roles(element: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for actor, _budget in element.executors:
        found[actor] = "executor"
    for actor in element.responsible:
        found[actor] = "responsible"
    for actor in element.lead:
        found[actor] = "lead"
    if element.owner:
        found[element.owner] = "owner"
    return found


def roles_section(r: CaseResults, t: T) -> Section:
    """Actors and roles: the policy component × actor matrix."""
    s = r.snapshot
    limits = page_limits(s)
    if limits.aggregates(len(s.actors)):
        from concierto.report.sections.roles_grouped import grouped_roles_section

        return grouped_roles_section(r, t, limits.aggregate_above)
    components = [e for e in s.elements if e.type in ("policy_objective", "programme")]
    actor_ids = [a.id for a in s.actors]
    rows: list[dict[str, Cell]] = []
    z: list[list[int]] = []
    for element in components:
        roles = _roles(element)
        row: dict[str, Cell] = {"component": element.id, "name": element.name}
        row.update({a: roles.get(a) for a in actor_ids})
        row["provenance"] = provenance_of(element.provenance, element.source_ref)
        row["evidence"] = [element.evidence_id]
        rows.append(row)
        z.append([ROLE_RANK.get(roles.get(a, ""), 0) for a in actor_ids])
    labels = {a.id: a.acronym or a.id for a in s.actors}
    table = Table(
        id="roles",
        title=t("Policy component × actor"),
        columns=(
            ("component", t("Component")),
            ("name", t("Name")),
            *((a, labels[a]) for a in actor_ids),
            ("provenance", t("Provenance")),
            ("evidence", t("Evidence")),
        ),
        rows=rows_of(rows),
        note=t("lead/owner, responsible, executor: the actor's role in the component."),
    )
    figure = Figure(
        id="fig-roles",
        title=t("Roles by component"),
        evidence=tuple(e.evidence_id for e in components),
        plotly={
            "data": [
                {
                    "type": "heatmap",
                    "z": z,
                    "x": [labels[a] for a in actor_ids],
                    "y": [e.id for e in components],
                    "zmin": 0,
                    "zmax": 3,
                    "colorscale": [
                        [0, "#f7f7f7"],
                        [0.34, "#c6dbef"],
                        [0.67, "#6baed6"],
                        [1, "#08519c"],
                    ],
                    "colorbar": {
                        "tickvals": [0, 1, 2, 3],
                        "ticktext": ["—", t("executor"), t("responsible"), t("lead")],
                    },
                }
            ],
            "layout": layout(
                t("Roles by component"),
                height=120 + 28 * len(components),
                yaxis={"autorange": "reversed"},
            ),
        },
    )
    return Section("roles", t("Actors and roles"), (figure_block(figure), table_block(table)))
