"""Assemble the report model of a case in one language from its results."""

from __future__ import annotations

from concierto.i18n import catalog, resolve_language
from concierto.report.appendix import evidence_items
from concierto.report.build import CaseResults
from concierto.report.model import Report
from concierto.report.scale import page_limits
from concierto.report.sections import (
    agreement_section,
    coherence_section,
    context_section,
    diagnosis_section,
    gaps_section,
    metcalfe_section,
    methods_section,
    network_section,
    qualitative_section,
    roles_section,
)
from concierto.report.sections.common import provenance_notice


def make_report(results: CaseResults, language: str) -> Report:
    """The report of ``results`` in ``language`` (es or en), with its evidence appendix limited
    to the items the page cites."""
    language = resolve_language(language)
    t = catalog(language).gettext
    sections = (
        context_section(results, t),
        roles_section(results, t),
        network_section(results, t),
        metcalfe_section(results, t),
        gaps_section(results, t),
        coherence_section(results, t),
        qualitative_section(results, t, language),
        agreement_section(results, t),
        diagnosis_section(results, t),
        methods_section(results, t, results.sources),
    )
    draft = Report(
        case_id=results.snapshot.id,
        title=results.snapshot.title,
        language=language,
        sections=sections,
        evidence={},
        limits=page_limits(results.snapshot),
    )
    items = evidence_items(results.snapshot, results.evidence)
    cited = {key: items[key] for key in draft.cited() if key in items}
    return Report(
        case_id=draft.case_id,
        title=draft.title,
        language=language,
        sections=sections,
        evidence=cited,
        limits=draft.limits,
        registry=items,
        notice=provenance_notice(results, t),
    )
