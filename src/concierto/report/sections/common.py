"""Shared pieces of the report sections: labels, colours, block and table helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


STUDY_CITATION = (
    "Franco Mayorga, F. (2018). Problemas de coordinación y coherencia en la política pública de "
    "modernización del Poder Ejecutivo de Perú. Revista del CLAD Reforma y Democracia 70: "
    "127–162. DOI 10.69733/clad.ryd.n70.a152"
)
PROVENANCE_KINDS = ("source", "inferred", "illustrative")


def text_block(value: str) -> Block:
    return Block(kind="text", text=value)


def study_block(t: T, finding: str) -> Block:
    """A finding of the study behind the method, shown as a cited quotation about Peru and never
    as a statement about the case in the report."""
    return Block(kind="study", text=t(finding), citation=STUDY_CITATION)


def provenance_counts(r: CaseResults) -> dict[str, dict[str, int]]:
    """How many records of each group are cited, inferred or illustrative."""
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
    counts: dict[str, dict[str, int]] = {}
    for name, records in groups.items():
        tally = counts.setdefault(name, dict.fromkeys(PROVENANCE_KINDS, 0))
        for record in records:
            kind = (
                record.provenance if record.provenance in ("inferred", "illustrative") else "source"
            )
            tally[kind] += 1
    return counts


def provenance_notice(r: CaseResults, t: T) -> str:
    """The page's opening note on provenance, from this case's own counts (empty when every
    record cites a source)."""
    counts = provenance_counts(r)
    illustrative = sum(c["illustrative"] for c in counts.values())
    inferred = sum(c["inferred"] for c in counts.values())
    interviews = [d for d in r.evidence.documents if d.kind == "interview"]
    made_up = sum(1 for d in interviews if d.provenance == "illustrative")
    parts = []
    if illustrative:
        parts.append(
            t(
                "Records marked illustrative ({n} in this case; interviews: {k} of {m}) were "
                "written as an example and are not real data."
            ).format(n=illustrative, k=made_up, m=len(interviews))
        )
    if inferred:
        parts.append(
            t(
                "Records marked inferred ({n} in this case) are the analysts' reading, not the "
                "text of a cited source."
            ).format(n=inferred)
        )
    return " ".join(parts)


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
