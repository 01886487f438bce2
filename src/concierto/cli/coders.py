"""Coders, blind coding, disagreements and adjudication: ``coders ls|blind``, ``analysis open``,
``disagreements`` and ``adjudicate``.

Who is looking: ``--as`` or the environment variable ``CONCIERTO_CODER`` names the coder using
the command, who is also the default author of what it records (``--by`` overrides). When that
coder codes blind and the case's analysis is not open, every listing and query shows only
their own codings (``concierto coders blind CODER --on``; lifted for everyone by ``concierto
analysis open``). ``agree`` and ``disagreements`` compare the case's two coders by default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.markup import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concierto.api.coders import check_coders as api_check_coders
from concierto.api.coders import (
    compared_coders,
)
from concierto.api.errors import InputError
from concierto.casefile.database import resolve_case
from concierto.cli.acting import ByOverride, acting_coder
from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, emit_rows, error_console, say_why
from concierto.cli.stores import stored_session
from concierto.evidence.adjudication import adjudicate, open_analysis, sees_only_own, set_blind
from concierto.evidence.errors import EvidenceError
from concierto.evidence.snapshot import EvidenceSnapshot, load_evidence
from concierto.i18n import _
from concierto.measures.agreement.disagreements import disagreements, why_no_disagreements
from concierto.measures.agreement.results import AgreementInputError
from concierto.measures.agreement.units import UnitKind
from concierto.model import Case, Coder, Coding

VIEWER_ENV = "CONCIERTO_CODER"
"""Environment variable naming the coder who is looking (blind coding)."""


def current_viewer() -> str | None:
    """The coder named by ``--as`` (or ``CONCIERTO_CODER``), or None when nobody is named."""
    return state.viewer or os.environ.get(VIEWER_ENV, "").strip() or None


@contextmanager
def case_session(case: str | None) -> Iterator[tuple[Session, Case]]:
    """One transaction on the chosen case; store and input errors become CLI messages."""
    with stored_session((LookupError, EvidenceError, AgreementInputError, ValueError)) as session:
        yield session, resolve_case(session, case)


def split_list(text: str | None) -> list[str]:
    """``a,b, c`` as ``["a", "b", "c"]`` (empty items dropped)."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def visible_evidence(session: Session, case: Case) -> tuple[EvidenceSnapshot, bool]:
    """The case's evidence as the current viewer may see it, and whether it is restricted."""
    viewer = current_viewer()
    return load_evidence(session, case.id, viewer=viewer), sees_only_own(session, case, viewer)


def refuse_when_blind(session: Session, case: Case, what: str) -> None:
    """Stop a comparison of coders that a blind viewer may not see yet."""
    viewer = current_viewer()
    if sees_only_own(session, case, viewer):
        raise fail(
            escape(
                _(
                    "coder {coder!r} codes blind: {what} is available once the analysis is "
                    "opened (concierto analysis open)"
                ).format(coder=viewer, what=what)
            )
        )


def check_coders(evidence: EvidenceSnapshot, coders: list[str]) -> None:
    """Every coder named must have accepted codings in the case."""
    try:
        api_check_coders(evidence, coders)
    except InputError as exc:
        raise fail(escape(str(exc))) from exc


def coders_to_compare(evidence: EvidenceSnapshot, given: str | None) -> list[str]:
    """The coders named by ``--coders`` or, when exactly two people coded the case, those two
    (said on stderr); see :func:`concierto.api.coders.compared_coders`."""
    try:
        names, note = compared_coders(evidence, None if given is None else split_list(given))
    except InputError as exc:
        raise fail(escape(str(exc))) from exc
    if note is not None:
        error_console.print(escape(note), highlight=False)
    return names


def chosen_codes(evidence: EvidenceSnapshot, coders: list[str], codes: str | None) -> list[str]:
    """The codes given, or every code that one of ``coders`` applied (codebook order)."""
    if codes:
        return split_list(codes)
    used = {coding.code for coding in evidence.codings if coding.coder in coders}
    return [code.id for code in evidence.codes if code.id in used]


coders_app = typer.Typer(
    help=_("Coders and blind coding (env CONCIERTO_CODER names the coder who is looking)."),
    no_args_is_help=True,
)
analysis_app = typer.Typer(
    help=_("The case's analysis phase (blind coding)."), no_args_is_help=True
)
app.add_typer(coders_app, name="coders")
app.add_typer(analysis_app, name="analysis")


@coders_app.command("ls", help=_("List the coders of the case with their codings."))
def coders_ls(case: CaseOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Coders with accepted codings in the case (or blind), as the current viewer may see them."""
    with case_session(case) as (session, policy_case):
        viewer = current_viewer()
        restricted = sees_only_own(session, policy_case, viewer)
        counts = dict(
            session.execute(
                select(Coding.coder_id, func.count())
                .where(Coding.case_id == policy_case.id, Coding.status == "accepted")
                .group_by(Coding.coder_id)
            ).all()
        )
        rows: list[dict[str, Any]] = []
        for coder in session.scalars(select(Coder).order_by(Coder.key)):
            if coder.id not in counts and not coder.blind:
                continue
            if restricted and coder.key != viewer:
                continue
            rows.append(
                {
                    "coder": coder.key,
                    "name": coder.name,
                    "blind": coder.blind,
                    "codings": counts.get(coder.id, 0),
                }
            )
        analysis = policy_case.analysis_open
    title = _("Coders (analysis open)") if analysis else _("Coders (analysis not open)")
    if restricted:
        title += " — " + _("blind: only your own codings")
    emit_rows(
        rows,
        [
            ("coder", _("Coder")),
            ("name", _("Name")),
            ("blind", _("Blind")),
            ("codings", _("Accepted codings")),
        ],
        fmt,
        title=title,
    )


@coders_app.command("blind", help=_("Make a coder code blind (or not)."))
def coders_blind(
    coder: Annotated[str, typer.Argument(help=_("Coder id."))],
    on: Annotated[
        bool, typer.Option("--on/--off", help=_("Blind (only own codings visible) or not."))
    ] = True,
    case: CaseOption = None,
) -> None:
    """Set the coder's blind flag."""
    with case_session(case) as (session, _case):
        row = set_blind(session, coder, on)
        message = (
            _("coder {coder!r} now codes blind") if row.blind else _("coder {coder!r} sees all")
        )
    typer.echo(message.format(coder=coder))


@analysis_app.command("open", help=_("Open the analysis: blind coders see every coding."))
def analysis_open(case: CaseOption = None) -> None:
    """Lift blind coding for the case."""
    with case_session(case) as (session, policy_case):
        changed = open_analysis(session, policy_case)
        key = policy_case.key
    typer.echo(
        (
            _("analysis of case {case!r} opened")
            if changed
            else _("analysis of case {case!r} was already open")
        ).format(case=key)
    )


@app.command("disagreements", help=_("Units where coders differ, side by side with the text."))
def disagreements_command(
    coders: Annotated[
        str | None,
        typer.Option(
            "--coders",
            help=_("Coders to compare: A,B[,C] (default: the case's two, when there are two)."),
        ),
    ] = None,
    unit: Annotated[
        UnitKind, typer.Option("--unit", case_sensitive=False, help=_("Unit of comparison."))
    ] = UnitKind.sentence,
    codes: Annotated[
        str | None,
        typer.Option("--codes", help=_("Codes c1,c2 (default: every code the coders applied).")),
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help=_("Only this document."))
    ] = None,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the units where the coders' codes differ."""
    with case_session(case) as (session, policy_case):
        refuse_when_blind(session, policy_case, _("the disagreements listing"))
        evidence, _restricted = visible_evidence(session, policy_case)
        names = coders_to_compare(evidence, coders)
        compared = chosen_codes(evidence, names, codes)
        listing = disagreements(evidence, names, compared, unit, document=document)
        reason = (
            None if listing else why_no_disagreements(evidence, names, compared, unit.value)
        )
    rows: list[dict[str, Any]] = []
    for item in listing:
        row: dict[str, Any] = {
            "unit": item.unit_id,
            "document": item.document,
            "start": item.start,
            "end": item.end,
            "text": escape(item.text) if fmt is OutputFormat.table else item.text,
            "evidence": list(item.evidence_ids),
        }
        for coder, applied in item.codes_by_coder.items():
            row[f"coder:{coder}"] = (
                _("(did not code the document)") if applied is None else (list(applied) or "-")
            )
        rows.append(row)
    columns = [("document", _("Document")), ("start", _("Start")), ("end", _("End"))]
    columns += [("text", _("Text"))]
    columns += [(f"coder:{coder}", coder) for coder in names]
    columns += [("evidence", _("Evidence"))]
    emit_rows(rows, columns, fmt, title=_("Disagreements ({count})").format(count=len(rows)))
    say_why(reason, fmt)


@app.command("adjudicate", help=_("Record the consensus coding of a span, with who decided."))
def adjudicate_command(
    document: Annotated[str, typer.Argument(help=_("Document id."))],
    start: Annotated[int, typer.Argument(help=_("Start offset (code points)."))],
    end: Annotated[int, typer.Argument(help=_("End offset (exclusive)."))],
    code: Annotated[str, typer.Argument(help=_("Code id."))],
    by: ByOverride = None,
    memo: Annotated[str | None, typer.Option("--memo", help=_("Why."))] = None,
    case: CaseOption = None,
) -> None:
    """Store a coding by the coder ``consensus`` with decided_by and decided_at."""
    with case_session(case) as (session, policy_case):
        person = acting_coder(session, by)
        coding = adjudicate(session, policy_case, document, start, end, code, person, memo)
        ident, when = coding.id, coding.decided_at
    typer.echo(
        _(
            "consensus coding seg:{id} recorded "
            "({code} on {document} {start}..{end}, by {by}, {when})"
        ).format(id=ident, code=code, document=document, start=start, end=end, by=person, when=when)
    )
