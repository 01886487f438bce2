"""Commands on the case itself: init, load, export, info, actors, objectives, ties, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from concierto.casefile import (
    CaseDocument,
    CaseFileError,
    fetch_case,
    read_case_folder,
    save_case,
    write_case_folder,
)
from concierto.casefile.database import case_keys
from concierto.casefile.starter import write_starter
from concierto.casefile.summary import summarise
from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_json, emit_rows, error_console
from concierto.examples import example_path
from concierto.i18n import _
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
    document = read_case_folder(folder)
    store = open_store(db)
    try:
        with store.session() as session:
            if document.key in case_keys(session) and not replace:
                raise FileExistsError(
                    _("the case {key!r} is already in {db}; use --replace to overwrite it").format(
                        key=document.key, db=db
                    )
                )
            save_case(session, document)
    finally:
        store.close()
    return document


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


@app.command("init", help=_("Create a commented starter case folder and the default codebook."))
def init_command(
    folder: Annotated[Path, typer.Argument(help=_("Folder to create the starter case in."))],
) -> None:
    """Create a commented starter case folder and the default codebook."""
    if (folder / "case.yaml").exists():
        raise fail(
            _("{path} already exists; choose an empty folder").format(path=folder / "case.yaml")
        )
    written = write_starter(folder)
    for path in written:
        console.print(_("wrote {path}").format(path=path), highlight=False)
    console.print(
        _("Edit case.yaml, then run: concierto load {folder}").format(folder=folder),
        highlight=False,
    )


@app.command("load", help=_("Validate a case folder and load it into the database."))
def load_command(
    folder: Annotated[Path, typer.Argument(help=_("Case folder (case.yaml and CSV files)."))],
    replace: Annotated[bool, typer.Option(help=_("Replace a case with the same id."))] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Validate a case folder and load it into the database."""
    try:
        document = load_folder(folder, state.db, replace=replace)
    except CaseFileError as exc:
        error_console.print(str(exc), highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    except (FileExistsError, StoreError) as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.table:
        console.print(
            _("Loaded {key} into {db}").format(key=document.key, db=state.db), highlight=False
        )
    print_summary(document, fmt)


@app.command("export", help=_("Write a stored case as a case folder (case.yaml and CSV files)."))
def export_command(
    folder: Annotated[Path, typer.Argument(help=_("Folder to write the case into."))],
    case: CaseOption = None,
) -> None:
    """Write a stored case as a case folder (case.yaml and CSV files)."""
    document = _document(case)
    for path in write_case_folder(document, folder):
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
    """Run the main job on the bundled Peru example, offline."""
    db_path = out / "concierto.db"
    if out.exists():
        for stale in out.glob("concierto.db*"):
            stale.unlink()
    out.mkdir(parents=True, exist_ok=True)
    with console.status(_("Loading the Peru example…")):
        document = load_folder(example_path("peru-pnmgp"), str(db_path), replace=True)
    console.print(_("Example case loaded into {db}").format(db=db_path), highlight=False)
    print_summary(document, OutputFormat.table)
