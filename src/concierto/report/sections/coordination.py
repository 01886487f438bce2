"""Metcalfe levels and coordination gaps."""

from __future__ import annotations

from concierto.measures.gaps import GapsResult
from concierto.measures.metcalfe import MetcalfeResult
from concierto.report.build import CaseResults
from concierto.report.model import (
    Block,
    Section,
    Table,
    rows_of,
)
from concierto.report.sections.common import (
    T,
    cols,
    number_text,
    provenance_of,
    reason_of,
    table_block,
    text_block,
    unavailable_block,
)
from concierto.report.sections.gaps_view import gaps_blocks
from concierto.report.sections.metcalfe_view import metcalfe_blocks

# ----------------------------------------------------------------------------- Metcalfe, gaps


def metcalfe_section(r: CaseResults, t: T) -> Section:
    """Metcalfe levels: the mechanisms and analyst assessments, and the measure when present."""
    s = r.snapshot
    mechanisms = Table(
        id="mechanisms",
        title=t("Coordination mechanisms"),
        columns=cols(
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
                    "provenance": provenance_of(m.provenance, m.source_ref),
                    "evidence": [m.evidence_id],
                }
                for m in s.mechanisms
            ]
        ),
    )
    assessments = Table(
        id="metcalfe_assessments",
        title=t("Analyst assessments of Metcalfe items"),
        columns=cols(
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
                    "provenance": provenance_of(x.provenance, x.source_ref),
                    "evidence": [x.evidence_id, *x.evidence],
                }
                for x in s.metcalfe_assessments
            ]
        ),
    )
    blocks: list[Block] = []
    measure = r.optional.get("metcalfe")
    if measure is not None and isinstance(measure.result, MetcalfeResult):
        blocks += metcalfe_blocks(r, measure.result, t)
    else:
        blocks.append(
            unavailable_block(
                t, "Metcalfe scores, pair heatmap and ladder (M3)", reason_of(measure)
            )
        )
    blocks += [table_block(mechanisms), table_block(assessments)]
    return Section("metcalfe", t("Metcalfe levels"), tuple(blocks))


def gaps_section(r: CaseResults, t: T) -> Section:
    """Coordination gaps: required pairs without information exchange or rules."""
    measure = r.optional.get("gaps")
    blocks: list[Block] = []
    if measure is not None and isinstance(measure.result, GapsResult):
        blocks.append(
            text_block(
                t(
                    "A pair of actors must coordinate when their objectives interact strongly "
                    "(|a| ≥ {x}); a required pair with no information-exchange and no rule tie "
                    "is a gap."
                ).format(x=number_text(measure.result.threshold))
            )
        )
        blocks += gaps_blocks(measure.result, t)
    else:
        blocks.append(unavailable_block(t, "coordination gaps (M2)", reason_of(measure)))
    return Section("gaps", t("Coordination gaps"), tuple(blocks))
