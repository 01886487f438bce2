"""Commands on the case itself: init, load, export, info, actors, objectives, ties, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from concierto.casefile import (
    CaseDocument,
    CaseFileError,
    fetch_case,
    write_case_folder,
)
from concierto.casefile.load import CaseExistsError, LoadResult, load_case_folder
from concierto.casefile.starter import write_starter, write_starter_workbook
from concierto.casefile.summary import summarise
from concierto.casefile.workbook import write_case_workbook
from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_json, emit_rows, error_console
from concierto.codebook.packs import PackError
from concierto.codebook.parse import CodebookError
from concierto.evidence.errors import EvidenceError
from concierto.i18n import _
from concierto.ingest import IngestError
from concierto.store import StoreError, open_store


def _open() -> Any:
    try:
        return open_store(state.db)
    except StoreError as exc:
        raise fail(str(exc)) from exc


def _document(case: str | None) -> CaseDocument:
    store = _open()
    try:
        with store.session() as session:
            return fetch_case(session, case)
    except LookupError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()


def load_folder(folder: Path, db: str, *, replace: bool) -> CaseDocument:
    """Validate ``folder`` and store it in ``db`` in one transaction (nothing stored on error)."""
    return load_case_folder(folder, db, replace=replace).document


def print_summary(document: CaseDocument, fmt: OutputFormat) -> None:
    """The record counts of a case with their provenance."""
    rows = [vars(row) for row in summarise(document)]
    head = document.data["case"]
    if fmt is OutputFormat.json:
        emit_json({"case": head["id"], "title": head["title"], "sections": rows})
        return
    if fmt is OutputFormat.table:
        console.print(f"[bold]{head['title']}[/] ({head['id']})", highlight=False)
    emit_rows(
        rows,
        [
            ("section", _("Section")),
            ("records", _("Records")),
            ("source", _("Cited source")),
            ("inferred", _("Inferred")),
            ("illustrative", _("Illustrative")),
        ],
        fmt,
    )


@app.command(
    "init",
    help=_("Create a commented starter case folder, the starter codebook and starter rules."),
)
def init_command(
    folder: Annotated[
        Path | None, typer.Argument(help=_("Folder to create the starter case in."))
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx", help=_("Write the starter case as a spreadsheet (.xlsx) instead of a folder.")
        ),
    ] = None,
    pack: Annotated[
        str,
        typer.Option(
            help=_(
                "Codebook packs to add to the starter, comma-separated: fragmentation, "
                "mechanisms, coherence, or all for the full default codebook."
            )
        ),
    ] = "",
) -> None:
    """Create a commented starter case folder, the starter codebook and starter rules."""
    if xlsx is not None:
        _init_workbook(xlsx, folder)
        return
    if folder is None:
        raise fail(_("name a folder to create, or a workbook with --xlsx FILE.xlsx"))
    if (folder / "case.yaml").exists():
        raise fail(
            _("{path} already exists; choose an empty folder").format(path=folder / "case.yaml")
        )
    try:
        written = write_starter(folder, pack.split(","))
    except PackError as exc:
        raise fail(str(exc)) from exc
    for path in written:
        console.print(_("wrote {path}").format(path=path), highlight=False)
    console.print(
        _("Edit case.yaml, then run: concierto load {folder}").format(folder=folder),
        highlight=False,
    )


def _init_workbook(path: Path, folder: Path | None) -> None:
    if folder is not None:
        raise fail(_("give either a folder or --xlsx, not both"))
    if path.suffix.lower() != ".xlsx":
        raise fail(_("{path}: a workbook name ends in .xlsx").format(path=path))
    if path.exists():
        raise fail(_("{path} already exists; choose a new file name").format(path=path))
    console.print(_("wrote {path}").format(path=write_starter_workbook(path)), highlight=False)
    console.print(
        _("Fill the sheets, then run: concierto load {path}").format(path=path), highlight=False
    )


@app.command("load", help=_("Validate a case folder or workbook and load it into the database."))
def load_command(
    folder: Annotated[
        Path,
        typer.Argument(help=_("Case folder (case.yaml and CSV files) or workbook (.xlsx).")),
    ],
    replace: Annotated[bool, typer.Option(help=_("Replace a case with the same id."))] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Validate a case folder and load it into the database."""
    result = _load(folder, state.db, replace=replace)
    if fmt is OutputFormat.table:
        _print_load(result, state.db)
    print_summary(result.document, fmt)


def _load(folder: Path, db: str, *, replace: bool) -> LoadResult:
    """Load with a progress line per document; every error becomes a clear message."""
    try:
        with console.status(_("Loading {folder}…").format(folder=folder)) as status:
            return load_case_folder(
                folder,
                db,
                replace=replace,
                progress=lambda key: status.update(_("Importing {key}…").format(key=key)),
            )
    except CaseFileError as exc:
        error_console.print(str(exc), highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    except (CaseExistsError, StoreError, EvidenceError, IngestError, CodebookError) as exc:
        raise fail(str(exc)) from exc


def _print_load(result: LoadResult, db: str) -> None:
    console.print(
        _("Loaded {key} into {db}").format(key=result.document.key, db=db), highlight=False
    )
    if result.codes_added:
        console.print(
            _("{count} codes added to the codebook").format(count=result.codes_added),
            highlight=False,
        )
    if result.bundle:
        console.print(
            _("{documents} documents and {codings} codings imported").format(
                documents=result.bundle.documents, codings=result.bundle.codings
            ),
            highlight=False,
        )


@app.command(
    "export",
    help=_("Write a stored case as a case folder (case.yaml and CSV files) or a workbook."),
)
def export_command(
    folder: Annotated[Path | None, typer.Argument(help=_("Folder to write the case into."))] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help=_("Write a spreadsheet (.xlsx) instead."))
    ] = None,
    case: CaseOption = None,
) -> None:
    """Write a stored case as a case folder (case.yaml and CSV files) or a workbook."""
    if (folder is None) == (xlsx is None):
        raise fail(_("give either a folder or --xlsx FILE.xlsx"))
    document = _document(case)
    if xlsx is not None:
        if xlsx.suffix.lower() != ".xlsx":
            raise fail(_("{path}: a workbook name ends in .xlsx").format(path=xlsx))
        written = [write_case_workbook(document, xlsx)]
    else:
        assert folder is not None
        written = write_case_folder(document, folder)
    for path in written:
        console.print(_("wrote {path}").format(path=path), highlight=False)


@app.command("info", help=_("Counts of the case's records and of their provenance."))
def info_command(case: CaseOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Counts of the case's records and of their provenance."""
    print_summary(_document(case), fmt)


@app.command("actors", help=_("List the actors of the case."))
def actors_command(case: CaseOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the actors of the case."""
    rows = _document(case).data["actors"]
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("name", _("Name")),
            ("acronym", _("Acronym")),
            ("kind", _("Kind")),
            ("parent", _("Parent")),
            ("sector", _("Sector")),
            ("centre_of_government", _("Centre of government")),
            ("created", _("Created")),
            ("provenance", _("Provenance")),
            ("source", _("Source")),
        ],
        fmt,
        title=_("Actors"),
    )


@app.command(
    "objectives", help=_("List policy objectives, institutional objectives and programmes.")
)
def objectives_command(case: CaseOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List policy objectives, institutional objectives and programmes."""
    data = _document(case).data
    rows: list[dict[str, Any]] = []
    for section, label in (
        ("objectives", "policy_objective"),
        ("institutional_objectives", "institutional_objective"),
        ("programmes", "programme"),
    ):
        for record in data[section]:
            owners = record.get("lead", []) + record.get("responsible", [])
            if record.get("owner"):
                owners = [record["owner"]]
            rows.append(
                {
                    "id": record["id"],
                    "type": label,
                    "level": record.get("level"),
                    "parent": record.get("parent"),
                    "name": record["name"],
                    "actors": owners,
                    "provenance": record["provenance"],
                }
            )
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("type", _("Type")),
            ("level", _("Level")),
            ("parent", _("Parent")),
            ("name", _("Name")),
            ("actors", _("Actors")),
            ("provenance", _("Provenance")),
        ],
        fmt,
        title=_("Objectives and programmes"),
    )


@app.command("ties", help=_("List the ties between actors."))
def ties_command(
    case: CaseOption = None,
    layer: Annotated[str | None, typer.Option(help=_("Only this layer."))] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the ties between actors."""
    rows = [t for t in _document(case).data["ties"] if layer is None or t["layer"] == layer]
    emit_rows(
        rows,
        [
            ("from", _("From")),
            ("to", _("To")),
            ("layer", _("Layer")),
            ("weight", _("Weight")),
            ("origin", _("Origin")),
            ("evidence", _("Evidence")),
            ("provenance", _("Provenance")),
        ],
        fmt,
        title=_("Ties"),
    )


@app.command("demo", help=_("Run the main job on the bundled Peru example, offline."))
def demo_command(
    out: Annotated[Path, typer.Option(help=_("Output folder."))] = Path("out/peru-pnmgp"),
) -> None:
    """Run the main job on the bundled Peru example, offline: load it into a fresh database,
    run every measure, write the reports in Spanish and English, and print the diagnosis."""
    from concierto.cli.report import demo

    demo(out)
