"""The evidence appendix: every record and coded segment of a case as an entry the page can
link to (``seg:12`` with its document, offsets and text; ``tie:3`` with its ends and provenance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.report.model import EvidenceItem, Table
from concierto.snapshot import CaseSnapshot


def _records(snapshot: CaseSnapshot) -> Iterable[EvidenceItem]:
    for a in snapshot.actors:
        yield EvidenceItem(a.evidence_id, "actor", a.name, a.provenance, detail=a.source_ref)
    for t in snapshot.ties:
        label = f"{t.source} → {t.target} ({t.layer}, {t.origin})"
        yield EvidenceItem(t.evidence_id, "tie", label, t.provenance, detail=t.source_ref)
    for e in snapshot.elements:
        yield EvidenceItem(e.evidence_id, e.type, e.name, e.provenance, detail=e.source_ref)
    for f in snapshot.functions:
        yield EvidenceItem(f.evidence_id, "function", f.text, f.provenance, detail=f.actor)
    for c in snapshot.contributions:
        label = f"{c.source} → {c.target} ({c.strength or c.score})"
        yield EvidenceItem(c.evidence_id, "contribution", label, c.provenance)
    for m in snapshot.mechanisms:
        label = f"{m.name} ({m.type}; {', '.join(m.members)})"
        yield EvidenceItem(m.evidence_id, "mechanism", label, m.provenance, detail=m.source_ref)
    for s in snapshot.metcalfe_assessments:
        label = f"{' – '.join(s.actors) or 'policy'}: L{s.level} {'✓' if s.holds else '✗'}"
        yield EvidenceItem(s.evidence_id, "assessment", label, s.provenance, detail=s.rationale)
    for i in snapshot.interactions:
        label = f"{i.source} → {i.target}: {i.score:+d} ({i.rater})"
        yield EvidenceItem(i.evidence_id, "interaction", label, i.provenance)
    for ev in snapshot.events:
        label = f"{ev.date} {ev.type} {ev.actor}"
        yield EvidenceItem(ev.evidence_id, "event", label, ev.provenance, detail=ev.source_ref)


def _evidence(evidence: EvidenceSnapshot) -> Iterable[EvidenceItem]:
    for d in evidence.documents:
        yield EvidenceItem(d.evidence_id, "document", d.title, d.provenance, document=d.id)
    for c in evidence.codings:
        doc = evidence.document(c.document)
        start = c.start or 0
        end = len(doc.text) if c.end is None else c.end
        yield EvidenceItem(
            c.evidence_id,
            "segment",
            f"{c.code} ({c.coder})",
            doc.provenance,
            document=c.document,
            start=start,
            end=end,
            text=doc.text[start:end],
            detail=c.memo,
        )


def evidence_items(snapshot: CaseSnapshot, evidence: EvidenceSnapshot) -> dict[str, EvidenceItem]:
    """Every citable item of the case by evidence id."""
    return {item.id: item for item in (*_records(snapshot), *_evidence(evidence))}


def registry_table(items: Mapping[str, EvidenceItem], t: Callable[[str], str]) -> Table:
    """Every citable item of the case as one table (``evidence.csv``/``.json`` beside the
    page): the page lists only the items it links, the table all of them."""
    keys = ("id", "kind", "label", "provenance", "document", "start", "end", "text", "detail")
    labels = ("Id", "Kind", "Label", "Provenance", "Document", "Start", "End", "Text", "Detail")
    return Table(
        id="evidence",
        title=t("Evidence"),
        columns=tuple((key, t(label)) for key, label in zip(keys, labels, strict=True)),
        rows=tuple({key: getattr(item, key) for key in keys} for item in items.values()),
        evidence=None,
    )
