"""The report's sections, following the study: context, actors and roles, the coordination
network, Metcalfe levels, gaps, coherence, qualitative findings, agreement, the diagnosis and
methods. Each function turns result objects into model blocks in one language; nothing here
computes a figure of its own (counts shown are of records, not measures).
"""

from concierto.report.sections.coherence import coherence_section
from concierto.report.sections.context import context_section, roles_section
from concierto.report.sections.coordination import gaps_section, metcalfe_section
from concierto.report.sections.diagnosis import diagnosis_section
from concierto.report.sections.methods import methods_section
from concierto.report.sections.network import network_section
from concierto.report.sections.qualitative import agreement_section, qualitative_section

__all__ = [
    "agreement_section",
    "coherence_section",
    "context_section",
    "diagnosis_section",
    "gaps_section",
    "metcalfe_section",
    "methods_section",
    "network_section",
    "qualitative_section",
    "roles_section",
]
