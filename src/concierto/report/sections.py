"""The report's sections, following the study: context, actors and roles, the coordination
network, Metcalfe levels, gaps, coherence, qualitative findings, agreement, the diagnosis and
methods. Each function turns result objects into model blocks in one language; nothing here
computes a figure of its own (counts shown are of records, not measures).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from concierto.measures.diagnosis import ConditionTrace, DimensionStatus, Indicator, StatementResult
from concierto.report.build import CaseResults
from concierto.report.model import (
    Block,
    Cell,
    Figure,
    Quote,
    Section,
    Statement,
    Status,
    Table,
    rows_of,
)

T = Callable[[str], str]
LAYER_COLOURS: dict[str, str] = {
    "information_exchange": "#1f77b4",
    "interaction_rule": "#2ca02c",
    "consultation": "#17becf",
    "joint_work": "#9467bd",
    "funding": "#bcbd22",
    "authority": "#7f7f7f",
    "conflict": "#d62728",
}
LAYER_LABELS: dict[str, str] = {
    "information_exchange": "Information exchange",
    "interaction_rule": "Interaction rule",
    "consultation": "Consultation",
    "joint_work": "Joint work",
    "funding": "Funding",
    "authority": "Authority",
    "conflict": "Conflict",
}
STATUS_COLOURS: dict[str, str] = {
    "absent": "#b2182b",
    "weak": "#ef8a62",
    "partial": "#fddbc7",
    "present": "#67a9cf",
}
DIMENSION_LABELS: dict[str, str] = {
    "shared_vision": "Shared vision",
    "information_exchange": "Information exchange",
    "interaction_rules": "Interaction rules",
    "objective_alignment": "Objective alignment",
}
STATEMENT_LABELS: dict[str, str] = {
    "weak_coordination": "Weak coordination",
    "limited_coherence": "Limited coherence",
    "centrifugal_logic": "Centrifugal logic",
    "centre_of_government_paradox": "The centre-of-government paradox",
}


def _text(value: str) -> Block:
    return Block(kind="text", text=value)


def _table(table: Table) -> Block:
    return Block(kind="table", table=table)


def _figure(figure: Figure) -> Block:
    return Block(kind="figure", figure=figure)


def _unavailable(t: T, what: str, reason: str | None) -> Block:
    return Block(
        kind="unavailable",
        text=t("Not available: {what}.").format(what=t(what)) + (f" ({reason})" if reason else ""),
    )


def _cols(t: T, *pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, t(label)) for key, label in pairs)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "margin": {"l": 160, "r": 20, "t": 50, "b": 120}, **extra}


# ----------------------------------------------------------------------------- context


def context_section(r: CaseResults, t: T) -> Section:
    """Context and fragmentation: the case, its actors and structural events."""
    s = r.snapshot
    actors = Table(
        id="actors",
        title=t("Actors"),
        columns=_cols(
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
                    "provenance": _provenance(a.provenance, a.source_ref),
                    "evidence": [a.evidence_id],
                }
                for a in s.actors
            ]
        ),
    )
    events = Table(
        id="events",
        title=t("Structural events"),
        columns=_cols(
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
                    "provenance": _provenance(e.provenance, e.source_ref),
                    "evidence": [e.evidence_id],
                }
                for e in s.events
            ]
        ),
    )
    blocks = [
        _text(
            t(
                "The study finds that the creation of agencies in each sector fragmented the "
                "executive, multiplying the challenge of coordination and coherence."
            )
        ),
        _table(actors),
        _table(events),
    ]
    structure = r.optional.get("structure")
    if structure is None or structure.result is None:
        blocks.append(
            _unavailable(t, "structure and fragmentation measures (M1)", _reason(structure))
        )
    return Section("context", t("Context and fragmentation"), tuple(blocks))


def _reason(measure: Any) -> str | None:
    return None if measure is None else measure.reason


def _provenance(provenance: str | None, source: str | None) -> str:
    if provenance in ("inferred", "illustrative"):
        return str(provenance)
    return f"source: {source}" if source else (provenance or "source")


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
    components = [e for e in s.elements if e.type in ("policy_objective", "programme")]
    actor_ids = [a.id for a in s.actors]
    rows: list[dict[str, Cell]] = []
    z: list[list[int]] = []
    for element in components:
        roles = _roles(element)
        row: dict[str, Cell] = {"component": element.id, "name": element.name}
        row.update({a: roles.get(a) for a in actor_ids})
        row["provenance"] = _provenance(element.provenance, element.source_ref)
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
            "layout": _layout(
                t("Roles by component"),
                height=120 + 28 * len(components),
                yaxis={"autorange": "reversed"},
            ),
        },
    )
    return Section("roles", t("Actors and roles"), (_figure(figure), _table(table)))


# ----------------------------------------------------------------------------- network


def network_section(r: CaseResults, t: T) -> Section:
    """The coordination network: interactive layers, whole-network figures and brokerage."""
    s = r.snapshot
    nodes = [
        {
            "data": {
                "id": a.id,
                "label": a.acronym or a.id,
                "name": a.name,
                "cog": a.centre_of_government,
                "sector": a.sector or "",
                "responsible": a.id in r.responsible,
            }
        }
        for a in s.actors
    ]
    edges = []
    for layer, graph in r.graphs.items():
        if layer == "union":
            continue
        for u, v, data in graph.edges(data=True):
            edges.append(
                {
                    "data": {
                        "id": f"{layer}:{u}:{v}",
                        "source": u,
                        "target": v,
                        "layer": layer,
                        "weight": data["weight"],
                        "origin": ", ".join(data["origins"]),
                        "evidence": list(data["evidence"]),
                        "colour": LAYER_COLOURS.get(layer, "#333333"),
                    }
                }
            )
    layers = [layer for layer in LAYER_COLOURS if any(e["data"]["layer"] == layer for e in edges)]
    figure = Figure(
        id="fig-network",
        title=t("Coordination network"),
        evidence=tuple(t_.evidence_id for t_ in s.ties),
        network={
            "elements": nodes + edges,
            "layers": [
                {"id": x, "label": t(LAYER_LABELS[x]), "colour": LAYER_COLOURS[x]} for x in layers
            ],
        },
        caption=t(
            "Switch layers on and off; click a tie to see the records and quotes behind it. "
            "Thick borders mark the centre of government."
        ),
    )
    summary = Table(
        id="network_summary",
        title=t("Whole-network figures by layer"),
        columns=_cols(
            t,
            ("layer", "Layer"),
            ("actors", "Actors"),
            ("ties", "Ties"),
            ("density", "Density"),
            ("reciprocity", "Reciprocity"),
            ("in_centralisation", "In-centralisation"),
            ("out_centralisation", "Out-centralisation"),
            ("weak_components", "Weak components"),
            ("fragmentation", "Fragmentation"),
            ("distance_fragmentation", "Distance-weighted fragmentation"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "layer": x.layer,
                    "actors": x.actors,
                    "ties": x.ties,
                    "density": _round(x.density.value),
                    "reciprocity": _round(x.reciprocity.value),
                    "in_centralisation": _round(x.in_centralisation.value),
                    "out_centralisation": _round(x.out_centralisation.value),
                    "weak_components": x.weak_components.count,
                    "fragmentation": _round(x.fragmentation.value),
                    "distance_fragmentation": _round(x.fragmentation.distance_weighted),
                    "evidence": list(x.density.evidence),
                }
                for x in r.summaries
            ]
        ),
        note=t("Borgatti fragmentation, Freeman centralisation (MEASURES.md, M2)."),
    )
    roles = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
    brokerage = Table(
        id="brokerage",
        title=t("Brokerage roles (Gould and Fernandez), groups by sector"),
        columns=(
            ("actor", t("Actor")),
            *((x, t(x)) for x in roles),
            ("evidence", t("Evidence")),
        ),
        rows=rows_of(
            [
                {
                    "actor": actor,
                    **{x: found.counts.get(x, 0) for x in roles},
                    "evidence": list(found.evidence),
                }
                for actor, found in r.brokerage.by_actor.items()
            ]
        ),
    )
    ties = Table(
        id="ties",
        title=t("Ties"),
        columns=_cols(
            t,
            ("source", "From"),
            ("target", "To"),
            ("layer", "Layer"),
            ("weight", "Weight"),
            ("origin", "Origin"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "source": x.source,
                    "target": x.target,
                    "layer": x.layer,
                    "weight": x.weight,
                    "origin": x.origin,
                    "provenance": _provenance(x.provenance, x.source_ref),
                    "evidence": [x.evidence_id, *x.evidence],
                }
                for x in s.ties
            ]
        ),
    )
    return Section(
        "network",
        t("The coordination network"),
        (_figure(figure), _table(summary), _table(brokerage), _table(ties)),
    )


# ----------------------------------------------------------------------------- Metcalfe, gaps


def metcalfe_section(r: CaseResults, t: T) -> Section:
    """Metcalfe levels: the mechanisms and analyst assessments, and the measure when present."""
    s = r.snapshot
    mechanisms = Table(
        id="mechanisms",
        title=t("Coordination mechanisms"),
        columns=_cols(
            t,
            ("id", "Id"),
            ("name", "Name"),
            ("type", "Type"),
            ("kind", "Kind"),
            ("members", "Members"),
            ("level", "Metcalfe level"),
            ("status", "Status"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "id": m.id,
                    "name": m.name,
                    "type": m.type,
                    "kind": m.kind,
                    "members": " ".join(m.members),
                    "level": m.metcalfe_level or s.metcalfe_levels.get(m.kind),
                    "status": m.status,
                    "provenance": _provenance(m.provenance, m.source_ref),
                    "evidence": [m.evidence_id],
                }
                for m in s.mechanisms
            ]
        ),
    )
    assessments = Table(
        id="metcalfe_assessments",
        title=t("Analyst assessments of Metcalfe items"),
        columns=_cols(
            t,
            ("actors", "Actors"),
            ("level", "Level"),
            ("holds", "Holds"),
            ("rater", "Rater"),
            ("rationale", "Rationale"),
            ("provenance", "Provenance"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "actors": " – ".join(x.actors) or t("policy"),
                    "level": x.level,
                    "holds": x.holds,
                    "rater": x.rater,
                    "rationale": x.rationale,
                    "provenance": _provenance(x.provenance, x.source_ref),
                    "evidence": [x.evidence_id, *x.evidence],
                }
                for x in s.metcalfe_assessments
            ]
        ),
    )
    blocks: list[Block] = []
    measure = r.optional.get("metcalfe")
    if measure is None or measure.result is None:
        blocks.append(
            _unavailable(t, "Metcalfe scores, pair heatmap and ladder (M3)", _reason(measure))
        )
    blocks += [_table(mechanisms), _table(assessments)]
    return Section("metcalfe", t("Metcalfe levels"), tuple(blocks))


def gaps_section(r: CaseResults, t: T) -> Section:
    """Coordination gaps: required pairs without information exchange or rules."""
    measure = r.optional.get("gaps")
    blocks = [
        _text(
            t(
                "A pair of actors must coordinate when their objectives interact strongly "
                "(|a| ≥ 2); a required pair with no information-exchange and no rule tie is a gap."
            )
        )
    ]
    if measure is None or measure.result is None:
        blocks.append(_unavailable(t, "coordination gaps (M2)", _reason(measure)))
    return Section("gaps", t("Coordination gaps"), tuple(blocks))


# ----------------------------------------------------------------------------- coherence


def coherence_section(r: CaseResults, t: T) -> Section:
    """Coherence: cross-impact heatmap, influence ranking, contested cells, alignment."""
    blocks: list[Block] = []
    aggregation, impact = r.ratings, r.cross_impact
    if aggregation is None or impact is None:
        blocks.append(_unavailable(t, "cross-impact matrix (M4)", t("no interaction scores")))
    else:
        ids = list(aggregation.ids)
        cell_evidence = aggregation.evidence_by_cell()
        matrix = aggregation.matrix.tolist()
        text = [[f"{v:+.1f}" if v == v else "" for v in row] for row in matrix]
        blocks.append(
            _figure(
                Figure(
                    id="fig-crossimpact",
                    title=t("Cross-impact matrix (median of raters; row influences column)"),
                    evidence=tuple(e for ev in cell_evidence.values() for e in ev),
                    plotly={
                        "data": [
                            {
                                "type": "heatmap",
                                "z": [[None if v != v else v for v in row] for row in matrix],
                                "x": ids,
                                "y": ids,
                                "text": text,
                                "zmin": -3,
                                "zmax": 3,
                                "colorscale": "RdBu",
                                "hovertemplate": "%{y} → %{x}: %{z}<extra></extra>",
                            }
                        ],
                        "layout": _layout(
                            t("Cross-impact matrix"),
                            height=200 + 24 * len(ids),
                            yaxis={"autorange": "reversed"},
                        ),
                    },
                    caption=t("Nilsson, Griggs and Visbeck (2016) scale, −3 to +3."),
                )
            )
        )
        ranking = sorted(impact.elements, key=lambda e: (e.rank, e.id))
        blocks.append(
            _figure(
                Figure(
                    id="fig-influence",
                    title=t("Influence ranking (out + second order)"),
                    evidence=tuple(e for ev in cell_evidence.values() for e in ev),
                    plotly={
                        "data": [
                            {
                                "type": "bar",
                                "orientation": "h",
                                "x": [e.total for e in ranking],
                                "y": [e.id for e in ranking],
                                "marker": {"color": "#4575b4"},
                            }
                        ],
                        "layout": _layout(
                            t("Influence ranking"),
                            height=150 + 22 * len(ranking),
                            yaxis={"autorange": "reversed"},
                        ),
                    },
                    caption=t("Weitz et al. (2018): total = out + w2 · A(A·1)."),
                )
            )
        )
        blocks.append(
            _table(
                Table(
                    id="influence",
                    title=t("Influence of each element"),
                    columns=_cols(
                        t,
                        ("rank", "Rank"),
                        ("id", "Id"),
                        ("name", "Name"),
                        ("out", "Out"),
                        ("in", "In"),
                        ("second_order", "Second order"),
                        ("total", "Total"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "rank": e.rank,
                                "id": e.id,
                                "name": e.name,
                                "out": _round(e.out),
                                "in": _round(e.in_),
                                "second_order": _round(e.second_order),
                                "total": _round(e.total),
                                "evidence": [
                                    x
                                    for (src, _tgt), ev in cell_evidence.items()
                                    if src == e.id
                                    for x in ev
                                ],
                            }
                            for e in ranking
                        ]
                    ),
                )
            )
        )
        alpha = aggregation.alpha
        blocks.append(
            _table(
                Table(
                    id="contested_cells",
                    title=t("Cells whose raters differ in sign"),
                    columns=_cols(
                        t,
                        ("source", "From"),
                        ("target", "To"),
                        ("median", "Median"),
                        ("minimum", "Minimum"),
                        ("maximum", "Maximum"),
                        ("raters", "Raters"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "source": c.source,
                                "target": c.target,
                                "median": c.median,
                                "minimum": c.minimum,
                                "maximum": c.maximum,
                                "raters": " ".join(c.raters),
                                "evidence": list(c.evidence),
                            }
                            for c in aggregation.contested
                        ]
                    ),
                    note=t("Krippendorff's ordinal alpha between raters: {value}").format(
                        value="—" if alpha.alpha is None else f"{alpha.alpha:.3f}"
                    ),
                )
            )
        )
        blocks.append(
            _table(
                Table(
                    id="trade_offs",
                    title=t("Trade-offs (negative interactions) and the actors on each side"),
                    columns=_cols(
                        t,
                        ("source", "From"),
                        ("target", "To"),
                        ("score", "Score"),
                        ("source_owners", "Actors (from)"),
                        ("target_owners", "Actors (to)"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "source": x.source,
                                "target": x.target,
                                "score": x.score,
                                "source_owners": " ".join(x.source_owners),
                                "target_owners": " ".join(x.target_owners),
                                "evidence": list(x.evidence),
                            }
                            for x in impact.trade_offs
                        ]
                    ),
                )
            )
        )
    for name, what in (
        ("alignment", "vertical alignment: coverage and orphan rate (M4)"),
        ("centrifugal", "centrifugal index (M4)"),
    ):
        measure = r.optional.get(name)
        if measure is None or measure.result is None:
            blocks.append(_unavailable(t, what, _reason(measure)))
    return Section("coherence", t("Coherence"), tuple(blocks))


# ----------------------------------------------------------------------------- qualitative


def _quote(r: CaseResults, evidence_id: str) -> Quote | None:
    coding = next((c for c in r.evidence.codings if c.evidence_id == evidence_id), None)
    if coding is None or coding.start is None:
        return None
    doc = r.evidence.document(coding.document)
    end = len(doc.text) if coding.end is None else coding.end
    return Quote(
        evidence_id=evidence_id,
        text=doc.text[coding.start : end],
        document=coding.document,
        start=coding.start,
        end=end,
        code=coding.code,
        interviewee=r.interviewee_of.get(evidence_id),
        illustrative=doc.provenance == "illustrative",
    )


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
        columns=_cols(
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
        _figure(
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
                    "layout": _layout(
                        t("Interviewees per code"),
                        height=150 + 24 * len(rows),
                        yaxis={"autorange": "reversed"},
                    ),
                },
            )
        )
    )
    blocks.append(_table(table))
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
        _table(
            Table(
                id="polar_pairs",
                title=t("Interviewees' positions on polar pairs"),
                columns=_cols(
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
        quotes = tuple(q for q in (_quote(r, x.evidence_id) for x in status.quotes) if q)
        if quotes:
            blocks.append(_text(t(DIMENSION_LABELS.get(dimension, dimension))))
            blocks.append(Block(kind="quotes", quotes=quotes))
    return Section("qualitative", t("Qualitative findings"), tuple(blocks))


# ----------------------------------------------------------------------------- agreement


def _value(result: Any) -> float | None:
    if result is None:
        return None
    found = getattr(result, "alpha", getattr(result, "value", None))
    return _round(found)


def agreement_section(r: CaseResults, t: T) -> Section:
    """Inter-coder agreement (M5): by sentence, overall and per code, and unitised alpha."""
    if not r.agreement:
        return Section(
            "agreement",
            t("Agreement"),
            (_unavailable(t, "inter-coder agreement", t("fewer than two coders")),),
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
            "layout": _layout(
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
        columns=_cols(
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
    blocks = [_figure(figure), _table(table)]
    for a in unitised:
        u = a.unitised
        assert u is not None
        blocks.append(
            _text(
                t("Unitised alpha over the coded segments: {alpha} (binary: {binary}).").format(
                    alpha=_number(u.alpha), binary=_number(u.binary_alpha)
                )
            )
        )
    return Section("agreement", t("Agreement"), tuple(blocks))


# ----------------------------------------------------------------------------- diagnosis


def _condition_text(leaf: ConditionTrace, t: T) -> str:
    if leaf.kind == "count":
        return (
            t("dimensions {dims} with status {statuses}").format(
                dims=", ".join(t(DIMENSION_LABELS.get(d, d)) for d in leaf.dimensions),
                statuses=" / ".join(t(s) for s in leaf.status_in),
            )
            + f" {leaf.op} {_number(leaf.threshold)}"
        )
    threshold = leaf.threshold_indicator or _number(leaf.threshold)
    return f"{leaf.indicator} {leaf.op} {threshold}"


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(float(value), 3):g}"


def _outcome(holds: bool | None, t: T) -> str:
    return {True: t("holds"), False: t("does not hold"), None: t("not evaluable")}[holds]


def _trace_rows(
    label: str, trace: ConditionTrace, indicators: Mapping[str, Indicator], t: T
) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    for leaf in trace.leaves():
        names = [n for n in (leaf.indicator, leaf.threshold_indicator) if n]
        rows.append(
            {
                "rule": label,
                "condition": _condition_text(leaf, t),
                "observed": _number(leaf.observed),
                "threshold": _number(leaf.threshold),
                "outcome": _outcome(leaf.holds, t),
                "evidence": [e for n in names if n in indicators for e in indicators[n].evidence],
            }
        )
    return rows


TRACE_COLUMNS = (
    ("rule", "Rule"),
    ("condition", "Condition"),
    ("observed", "Observed"),
    ("threshold", "Threshold"),
    ("outcome", "Outcome"),
    ("evidence", "Evidence"),
)


def _status(r: CaseResults, d: DimensionStatus, t: T) -> Status:
    indicators = r.diagnosis.indicators
    rows: list[dict[str, Cell]] = []
    for n, rule in enumerate(d.rules):
        label = f"{n + 1}. → {t(rule.status)} ({_outcome(rule.holds, t)})"
        rows += _trace_rows(label, rule.condition, indicators, t)
    decided = (
        t("rule {n}").format(n=d.fired + 1) if d.fired is not None else t("default (no rule holds)")
    )
    quotes = tuple(q for q in (_quote(r, x.evidence_id) for x in d.quotes) if q)
    return Status(
        dimension=d.dimension,
        label=t(DIMENSION_LABELS.get(d.dimension, d.dimension)),
        status=d.status,
        status_label=t(d.status),
        decided_by=decided,
        trace=Table(
            id=f"diagnosis_{d.dimension}",
            title=t("Rule trace: {dimension}").format(
                dimension=t(DIMENSION_LABELS.get(d.dimension, d.dimension))
            ),
            columns=_cols(t, *TRACE_COLUMNS),
            rows=rows_of(rows),
        ),
        quotes=quotes,
        not_evaluable=d.not_evaluable,
    )


def _statement(r: CaseResults, s: StatementResult, t: T) -> Statement:
    rows = _trace_rows(
        t(STATEMENT_LABELS.get(s.statement, s.statement)), s.condition, r.diagnosis.indicators, t
    )
    return Statement(
        id=s.statement,
        label=t(STATEMENT_LABELS.get(s.statement, s.statement)),
        holds=s.holds,
        outcome=_outcome(s.holds, t),
        trace=Table(
            id=f"statement_{s.statement}",
            title=t("Rule trace: {dimension}").format(
                dimension=t(STATEMENT_LABELS.get(s.statement, s.statement))
            ),
            columns=_cols(t, *TRACE_COLUMNS),
            rows=rows_of(rows),
        ),
        evidence=s.evidence,
    )


def diagnosis_section(r: CaseResults, t: T) -> Section:
    """The diagnosis: each dimension's status with its rule trace and quotes, then statements."""
    statuses = tuple(_status(r, d, t) for d in r.diagnosis.dimensions.values())
    statements = tuple(_statement(r, s, t) for s in r.diagnosis.statements.values())
    indicators = Table(
        id="indicators",
        title=t("Indicators read by the rules"),
        columns=_cols(t, ("indicator", "Indicator"), ("value", "Value"), ("evidence", "Evidence")),
        rows=rows_of(
            [
                {"indicator": k, "value": _round(v.value), "evidence": list(v.evidence)}
                for k, v in sorted(r.diagnosis.indicators.items())
            ]
        ),
    )
    return Section(
        "diagnosis",
        t("Diagnosis"),
        (
            _text(t("Rule table: {provenance}").format(provenance=r.diagnosis.provenance)),
            Block(kind="statuses", statuses=statuses),
            Block(kind="statements", statements=statements),
            _table(indicators),
        ),
    )


# ----------------------------------------------------------------------------- methods


def methods_section(r: CaseResults, t: T, sources: Sequence[Mapping[str, Any]]) -> Section:
    """Methods and provenance: sources, how many records are inferred or illustrative, what
    could not be computed."""
    counts: dict[str, dict[str, int]] = {}
    s = r.snapshot
    groups: dict[str, Sequence[Any]] = {
        "actors": s.actors,
        "elements": s.elements,
        "ties": s.ties,
        "mechanisms": s.mechanisms,
        "interactions": s.interactions,
        "contributions": s.contributions,
        "documents": r.evidence.documents,
    }
    for name, records in groups.items():
        tally = counts.setdefault(name, {"source": 0, "inferred": 0, "illustrative": 0})
        for record in records:
            kind = (
                record.provenance if record.provenance in ("inferred", "illustrative") else "source"
            )
            tally[kind] += 1
    provenance = Table(
        id="provenance",
        title=t("Records by provenance"),
        columns=_cols(
            t,
            ("section", "Section"),
            ("source", "Cited source"),
            ("inferred", "Inferred"),
            ("illustrative", "Illustrative"),
        ),
        rows=rows_of([{"section": t(k), **v} for k, v in counts.items()]),
        evidence=None,
    )
    source_table = Table(
        id="sources",
        title=t("Sources"),
        columns=_cols(t, ("id", "Id"), ("citation", "Citation"), ("url", "Address")),
        rows=rows_of(
            [
                {"id": x.get("id"), "citation": x.get("citation"), "url": x.get("url")}
                for x in sources
            ]
        ),
        evidence=None,
    )
    unavailable = Table(
        id="unavailable",
        title=t("Measures not available in this build"),
        columns=_cols(t, ("measure", "Measure"), ("reason", "Reason")),
        rows=rows_of([{"measure": k, "reason": v} for k, v in r.unavailable.items()]),
        evidence=None,
    )
    return Section(
        "methods",
        t("Methods and provenance"),
        (
            _text(
                t(
                    "Every record carries its provenance: a cited source, our inference, or "
                    "illustrative content written for the example. Illustrative interviews are "
                    "not the study's confidential interviews."
                )
            ),
            _table(provenance),
            _table(source_table),
            _table(unavailable),
        ),
    )
