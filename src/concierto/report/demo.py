"""The demo: load the bundled Peru example into a fresh database, run every measure, and write
the report in Spanish and English (``report.es.html``, ``report.en.html``) with its tables.
Offline: nothing is downloaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from concierto.casefile.load import load_case_folder
from concierto.examples import example_path
from concierto.i18n import LANGUAGES
from concierto.report.build import CaseResults, compute_from_store
from concierto.report.compose import make_report
from concierto.report.render import write_report
from concierto.store import open_store

EXAMPLE = "peru-pnmgp"
DB_NAME = "concierto.db"


@dataclass(frozen=True)
class DemoSummary:
    """What the demo did: the case, each dimension's status, each statement, the files."""

    case: str
    database: Path
    statuses: Mapping[str, str]
    statements: Mapping[str, bool | None]
    reports: Mapping[str, Path]
    unavailable: Mapping[str, str]
    seconds: float


def fresh_database(out: Path) -> Path:
    """``out/concierto.db`` with any earlier copy (and its WAL files) removed."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{DB_NAME}*"):
        stale.unlink()
    return out / DB_NAME


def write_reports(
    results: CaseResults, out: Path, languages: tuple[str, ...] = LANGUAGES
) -> dict[str, Path]:
    """Write the report of ``results`` in each language into ``out``."""
    return {lang: write_report(make_report(results, lang), out) for lang in languages}


def run_demo(out: Path, progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Build the example into a fresh database in ``out``, run every measure and write both
    reports there."""
    say = progress or (lambda _step: None)
    started = time.perf_counter()
    database = fresh_database(out)
    say(f"loading {EXAMPLE}")
    load_case_folder(
        example_path(EXAMPLE),
        str(database),
        replace=True,
        progress=lambda key: say(f"importing {key}"),
    )
    store = open_store(database)
    try:
        results = compute_from_store(store, EXAMPLE, say)
    finally:
        store.close()
    say("writing the reports")
    reports = write_reports(results, out)
    return DemoSummary(
        case=results.snapshot.id,
        database=database,
        statuses={k: v.status for k, v in results.diagnosis.dimensions.items()},
        statements={k: v.holds for k, v in results.diagnosis.statements.items()},
        reports=reports,
        unavailable=results.unavailable,
        seconds=time.perf_counter() - started,
    )
