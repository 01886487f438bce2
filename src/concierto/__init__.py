"""concierto: diagnose coordination and coherence in multi-actor public policies.

The public API (``concierto.open``, the measures on plain data, the typed errors) is listed in
``concierto.__all__`` and documented in the user guide's API reference; every other module is
internal. Names are imported on first use, so that ``import concierto`` stays light."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from concierto.api import EXPORTS

try:
    __version__ = version("concierto")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "Case",
    "CaseExistsError",
    "CaseFileError",
    "CaseMeasures",
    "CaseNotFoundError",
    "EvidenceError",
    "IngestError",
    "InputError",
    "MissingDependencyError",
    "NewerDatabaseError",
    "Project",
    "Result",
    "StoreError",
    "Table",
    "__version__",
    "actor_figures",
    "agreement",
    "as_graph",
    "brokerage_roles",
    "cross_impact_figures",
    "ei_index",
    "metcalfe_levels",
    "network_figures",
    "open",
]

if TYPE_CHECKING:
    from concierto.api.case import Case
    from concierto.api.errors import (
        CaseExistsError,
        CaseFileError,
        CaseNotFoundError,
        EvidenceError,
        IngestError,
        InputError,
        MissingDependencyError,
        NewerDatabaseError,
        StoreError,
    )
    from concierto.api.measure import CaseMeasures
    from concierto.api.plain import (
        actor_figures,
        agreement,
        as_graph,
        brokerage_roles,
        cross_impact_figures,
        ei_index,
        metcalfe_levels,
        network_figures,
    )
    from concierto.api.project import Project, open
    from concierto.api.results import Result, Table


def __getattr__(name: str) -> Any:
    import concierto.api

    if name in EXPORTS:
        return getattr(concierto.api, name)
    raise AttributeError(f"module 'concierto' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
