"""``concierto refi``: exchange projects with other qualitative-analysis programs through
REFI-QDA (QDA-XML 1.0): import a .qdpx or .qdc, export a case, or check a file first. Every
transfer prints its data-loss report: what was dropped or carried only in part, by type."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_json, emit_rows
from concierto.i18n import _
from concierto.interop.refi.errors import RefiError
from concierto.interop.refi.labels import element_label
from concierto.interop.refi.loss import LossReport
from concierto.interop.refi.service import check_file, export_file, import_file
from concierto.interop.refi.validate import default_schema_dir
from concierto.model.evidence import DOCUMENT_KINDS
from concierto.store import StoreError, open_store

refi_app = typer.Typer(
    help=_("Exchange projects with other QDA programs (REFI-QDA .qdpx and .qdc)."),
    no_args_is_help=True,
)
app.add_typer(refi_app, name="refi")

SchemasOption = Annotated[
    Path | None,
    typer.Option(
        "--schemas",
        help=_(
            "Folder with other copies of Project.xsd and Codebook.xsd (env REFI_SCHEMA_DIR; "
            "default: the official ones shipped with concierto)."
        ),
    ),
]
FileArgument = Annotated[Path, typer.Argument(help=_("A .qdpx project or a .qdc codebook."))]


def _schemas(option: Path | None) -> Path:
    """The schemas every file is checked against: ``--schemas``, REFI_SCHEMA_DIR or the
    official ones shipped with concierto."""
    return option or default_schema_dir()


def _print_report(report: LossReport, fmt: OutputFormat, extra: dict[str, object]) -> None:
    """The loss report as a table (with notes and schema problems after it), CSV or JSON."""
    if fmt is OutputFormat.json:
        emit_json({**extra, "report": report.as_dict()})
        return
    table = fmt is OutputFormat.table
    rows = [
        {**row, "status": _(row["status"]), "element": element_label(row["element"])}
        if table else row
        for row in report.rows()
    ]
    title = (_("Data-loss report (import)") if report.direction == "import"
             else _("Data-loss report (export)"))
    emit_rows(rows, [("status", _("Status")), ("element", _("Element")), ("count", _("Count"))],
              fmt, title=title)
    if fmt is OutputFormat.csv:
        return
    if report.lossless:
        console.print(_("Nothing dropped or altered."), highlight=False)
    for note in report.notes:
        console.print(f"- {note}", highlight=False, soft_wrap=True)
    if report.schema_errors:
        console.print(
            _("{count} schema problem(s); the file was read anyway:").format(
                count=len(report.schema_errors)
            ),
            highlight=False,
        )
        for error in report.schema_errors[:20]:
            console.print(f"  {error}", highlight=False, soft_wrap=True)


@refi_app.command("import")
def import_command(
    file: FileArgument,
    case: CaseOption = None,
    kind: Annotated[
        str, typer.Option("--kind", help=_("Kind of the imported documents."))
    ] = "other",
    new_case: Annotated[
        str | None,
        typer.Option("--new-case", help=_("Create this case and import into it.")),
    ] = None,
    schemas: SchemasOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a REFI-QDA project or codebook into a case; on any error nothing is stored."""
    if kind not in DOCUMENT_KINDS:
        raise fail(_("unknown document kind {kind!r}; choose one of {kinds}").format(
            kind=kind, kinds=", ".join(DOCUMENT_KINDS)))
    try:
        store = open_store(state.db)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    try:
        summary, report = import_file(store, file, case, kind=kind, schema_dir=_schemas(schemas),
                                      new_case=new_case)
    except (RefiError, LookupError, ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    if fmt is OutputFormat.table:
        counts = summary.as_dict()
        console.print(
            (_("Created case {into_case!r} from the project.") if summary.case_created
             else _("Imported into case {into_case!r}.")).format(**counts),
            highlight=False,
        )
        console.print(
            _("Imported {documents} documents, {codes} codes, {codings} codings, {memos} memos, "
              "{cases} cases, {coders} new coders.").format(**counts),
            highlight=False,
        )
    _print_report(report, fmt, {"imported": summary.as_dict()})


@refi_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help=_("The .qdpx (or .qdc) file to write."))],
    case: CaseOption = None,
    codebook_only: Annotated[
        bool, typer.Option("--codebook-only", help=_("Write only the codebook, as a .qdc file."))
    ] = False,
    schemas: SchemasOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export a case as a REFI-QDA project (or its codebook); the output is validated against
    the official schemas and refused if it breaks them."""
    if file.suffix.lower() == ".qdc":
        codebook_only = True
    elif codebook_only:
        file = file.with_suffix(".qdc")
    try:
        store = open_store(state.db, create=False)
    except (StoreError, FileNotFoundError) as exc:
        raise fail(str(exc)) from exc
    try:
        report = export_file(store, file, case, codebook_only=codebook_only,
                             schema_dir=_schemas(schemas))
    except (RefiError, LookupError, ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    if fmt is OutputFormat.table:
        console.print(_("Wrote {file}").format(file=file), highlight=False)
    _print_report(report, fmt, {"file": str(file)})


@refi_app.command("check")
def check_command(
    file: FileArgument,
    schemas: SchemasOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Validate a file and list what an import would bring and lose, without importing."""
    schema_dir = _schemas(schemas)
    try:
        project, summary, report = check_file(file, schema_dir)
    except (RefiError, ValueError, OSError) as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.table:
        kind = _("codebook") if project.codebook_only else _("project")
        console.print(
            _("{file}: a REFI-QDA {kind} named {name!r}.").format(
                file=file, kind=kind, name=project.name
            ),
            highlight=False,
        )
        console.print(
            _("An import would bring {documents} documents, {codes} codes, {codings} codings, "
              "{memos} memos, {cases} cases, {coders} coders.").format(**summary.as_dict()),
            highlight=False,
        )
    _print_report(report, fmt, {"file": str(file), "name": project.name,
                                "would_import": summary.as_dict(),
                                "valid": not report.schema_errors})
