"""``concierto report``: write the offline HTML report of a stored case (one file per language,
tables as CSV/JSON beside it); and the demo's progress and terminal summary."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from concierto.cli.app import CaseOption, app
from concierto.cli.output import console
from concierto.cli.stores import stored_case
from concierto.i18n import _
from concierto.measures.diagnosis import RuleTableError
from concierto.report.demo import DemoSummary, run_demo
from concierto.report.scale import ReportSettingsError
from concierto.store import StoreError

STATUS_STYLE = {"absent": "bold red", "weak": "red", "partial": "yellow", "present": "green"}
DIMENSIONS = {
    "shared_vision": "Shared vision",
    "information_exchange": "Information exchange",
    "interaction_rules": "Interaction rules",
    "objective_alignment": "Objective alignment",
}
STATEMENTS = {
    "weak_coordination": "Weak coordination",
    "limited_coherence": "Limited coherence",
    "centrifugal_logic": "Centrifugal logic",
    "centre_of_government_paradox": "The centre-of-government paradox",
}


class ReportLanguage(StrEnum):
    """Which report files to write."""

    es = "es"
    en = "en"
    both = "both"


@app.command("report", help=_("Write the case's offline HTML report and its tables."))
def report_command(
    out: Annotated[Path, typer.Option("--out", help=_("Output folder."))] = Path("report"),
    lang: Annotated[
        ReportLanguage, typer.Option("--lang", help=_("Report language: es, en or both."))
    ] = ReportLanguage.both,
    case: CaseOption = None,
) -> None:
    """Write the case's offline HTML report and its tables."""
    languages = ("es", "en") if lang is ReportLanguage.both else (lang.value,)

    def say(step: str) -> None:
        if step == "writing":
            status.update(_("Writing the report…"))
        else:
            status.update(_("Computing: {step}…").format(step=step))

    with (
        stored_case(case, (LookupError, StoreError, RuleTableError, ReportSettingsError)) as chosen,
        console.status(_("Computing the measures…")) as status,
    ):
        written = chosen.report(out, languages, progress=say)
    for path in written.values():
        console.print(_("wrote {path}").format(path=path), highlight=False)


def print_demo_summary(summary: DemoSummary) -> None:
    """The four dimensions' statuses, the statements, and where the reports are."""
    table = Table(title=_("Diagnosis of {case}").format(case=summary.case))
    table.add_column(_("Dimension"))
    table.add_column(_("Status"))
    for key, status in summary.statuses.items():
        style = STATUS_STYLE.get(status, "")
        table.add_row(_(DIMENSIONS.get(key, key)), f"[{style}]{_(status)}[/]")
    console.print(table)
    for key, holds in summary.statements.items():
        outcome = {True: _("holds"), False: _("does not hold"), None: _("not evaluable")}[holds]
        console.print(f"{_(STATEMENTS.get(key, key))}: {outcome}", highlight=False)
    for name, reason in summary.unavailable.items():
        console.print(
            _("not available: {name} ({reason})").format(name=name, reason=reason),
            style="dim",
            highlight=False,
        )
    for path in summary.reports.values():
        console.print(_("Report: {path}").format(path=path), highlight=False)
    console.print(_("Done in {seconds:.1f} s").format(seconds=summary.seconds), highlight=False)


def demo(out: Path) -> DemoSummary:
    """Run the demo with a progress line and print its summary (for ``concierto demo``)."""
    with console.status(_("Preparing the demo…")) as status:
        summary = run_demo(out, lambda step: status.update(escape(step) + "…"))
    print_demo_summary(summary)
    return summary
