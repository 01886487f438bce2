"""Shared pieces of the report sections: labels, colours, block and table helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concierto.report.build import CaseResults
from concierto.report.model import Block, Figure, Quote, Table

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


def text_block(value: str) -> Block:
    return Block(kind="text", text=value)


def table_block(table: Table) -> Block:
    return Block(kind="table", table=table)


def figure_block(figure: Figure) -> Block:
    return Block(kind="figure", figure=figure)


def unavailable_block(t: T, what: str, reason: str | None) -> Block:
    return Block(
        kind="unavailable",
        text=t("Not available: {what}.").format(what=t(what)) + (f" ({reason})" if reason else ""),
    )


def cols(t: T, *pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((key, t(label)) for key, label in pairs)


def rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def layout(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "margin": {"l": 160, "r": 20, "t": 50, "b": 120}, **extra}


def reason_of(measure: Any) -> str | None:
    return None if measure is None else measure.reason


def provenance_of(provenance: str | None, source: str | None) -> str:
    if provenance in ("inferred", "illustrative"):
        return str(provenance)
    return f"source: {source}" if source else (provenance or "source")


def quote_of(r: CaseResults, evidence_id: str) -> Quote | None:
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


def number_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(float(value), 3):g}"
