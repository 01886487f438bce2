"""The public Python API of concierto (re-exported by :mod:`concierto`): open a project, work
on its cases, compute every measure, or compute measures on your own data.

Everything here is imported when first used, so that ``import concierto`` stays light."""

from __future__ import annotations

import importlib
from typing import Any

EXPORTS: dict[str, str] = {
    "open": "concierto.api.project",
    "Project": "concierto.api.project",
    "Case": "concierto.api.case",
    "CaseMeasures": "concierto.api.measure",
    "Table": "concierto.api.results",
    "Result": "concierto.api.results",
    "network_figures": "concierto.api.plain",
    "actor_figures": "concierto.api.plain",
    "brokerage_roles": "concierto.api.plain",
    "ei_index": "concierto.api.plain",
    "cross_impact_figures": "concierto.api.plain",
    "metcalfe_levels": "concierto.api.plain",
    "agreement": "concierto.api.plain",
    "as_graph": "concierto.api.plain",
    "CaseExistsError": "concierto.api.errors",
    "CaseFileError": "concierto.api.errors",
    "CaseNotFoundError": "concierto.api.errors",
    "EvidenceError": "concierto.api.errors",
    "IngestError": "concierto.api.errors",
    "InputError": "concierto.api.errors",
    "MissingDependencyError": "concierto.api.errors",
    "NewerDatabaseError": "concierto.api.errors",
    "StoreError": "concierto.api.errors",
}
"""Public name -> the module that defines it."""

__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    module = EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'concierto' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *EXPORTS})
