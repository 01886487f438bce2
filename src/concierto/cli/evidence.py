"""Evidence commands: ``docs add|ls|show``, ``code add|ls``, ``codebook import|export|ls``,
``memo add`` and ``search``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text
from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.api.errors import InputError
from concierto.api.evidence import (
    add_codings,
    check_import,
    code_rows,
    coding_rows,
    coding_spans,
    document_rows,
    import_documents,
    only_visible,
    parse_attributes,
    write_memo,
)
from concierto.casefile.database import resolve_case
from concierto.cli.acting import CoderOverride, acting_coder
from concierto.cli.app import FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_rows, error_console
from concierto.codebook.dump import write_codebook
from concierto.codebook.parse import load_codebook
from concierto.compute.executors import Executor, ExecutorError, make_executor
from concierto.evidence.errors import EvidenceError
from concierto.evidence.fulltext import query_terms, search_units
from concierto.evidence.kwic import kwic_line
from concierto.evidence.store import (
    document_by_key,
    install_codebook,
    stored_codebook,
)
from concierto.i18n import _
from concierto.ingest import IngestError
from concierto.model import Case, Code, Coder, Coding, Document, QualCase, QualCaseLink, Unit
from concierto.nlp.spans import Snap
from concierto.store import StoreError, open_store


class ExecutorName(StrEnum):
    """Executors for batch work (PRODUCT.md): one process, a process pool, or Dask."""

    serial = "serial"
    process = "process"
    dask = "dask"


ExecutorOption = Annotated[
    ExecutorName,
    typer.Option(help=_("Where batch work runs: serial, process or dask."), case_sensitive=False),
]
SchedulerOption = Annotated[
    str | None, typer.Option(help=_("Dask scheduler address (default: a local cluster)."))
]


@contextmanager
def running(name: ExecutorName, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor for the length of a command."""
    try:
        runner = make_executor(name.value, address=scheduler)
    except ExecutorError as exc:
        raise fail(str(exc)) from exc
    try:
        runner.start()  # before progress displays start their threads: workers may fork
        yield runner
    finally:
        runner.close()


docs_app = typer.Typer(help=_("Documents of the evidence corpus."), no_args_is_help=True)
code_app = typer.Typer(help=_("Codings of the evidence."), no_args_is_help=True)
codebook_app = typer.Typer(help=_("The case's codebook."), no_args_is_help=True)
memo_app = typer.Typer(help=_("Memos."), no_args_is_help=True)
app.add_typer(docs_app, name="docs")
app.add_typer(code_app, name="code")
app.add_typer(codebook_app, name="codebook")
app.add_typer(memo_app, name="memo")

PolicyCaseOption = Annotated[
    str | None,
    typer.Option("--policy-case", help=_("Policy case id (only when the database holds several).")),
]


@contextmanager
def case_session(policy_case: str | None) -> Iterator[tuple[Session, Case]]:
    """One transaction on the chosen case; errors become clear CLI messages, nothing stored."""
    try:
        store = open_store(state.db)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    try:
        with store.session() as session:
            yield session, resolve_case(session, policy_case)
    except (LookupError, EvidenceError, IngestError, ExecutorError, ValueError) as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()


@docs_app.command("add", help=_("Import documents (TXT, DOCX, PDF, ODT, Markdown, HTML)."))
def docs_add(
    # Plain strings: typer checks every path argument through pydantic, about a quarter of a
    # millisecond each, which a thousand-file import would feel.
    files: Annotated[list[str], typer.Argument(help=_("Files to import."))],
    kind: Annotated[str, typer.Option(help=_("interview, regulation, report, plan or other."))] = (
        "other"
    ),
    qual_case: Annotated[
        str | None, typer.Option("--case", help=_("Qualitative case the documents belong to."))
    ] = None,
    attr: Annotated[
        list[str] | None, typer.Option(help=_("Attribute of that case: key=value (repeatable)."))
    ] = None,
    key: Annotated[str | None, typer.Option(help=_("Document id (one file only)."))] = None,
    title: Annotated[str | None, typer.Option(help=_("Title (one file only)."))] = None,
    date: Annotated[str | None, typer.Option(help=_("Date of the document."))] = None,
    actor: Annotated[str | None, typer.Option(help=_("Issuing actor id."))] = None,
    citation: Annotated[str | None, typer.Option(help=_("Citation."))] = None,
    provenance: Annotated[
        str, typer.Option(help=_("source, inferred or illustrative."))
    ] = "source",
    ocr: Annotated[bool, typer.Option(help=_("Read scanned PDFs with tesseract."))] = False,
    speaker: Annotated[
        list[str] | None,
        typer.Option(help=_("Speaker pattern (regular expression with a group 'speaker').")),
    ] = None,
    executor: ExecutorOption = ExecutorName.process,
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import documents: the canonical text is stored once, with units and the search index."""
    paths = [Path(name) for name in files]
    try:
        check_import(paths, kind, key, title)
        attributes = parse_attributes(attr or [])
    except InputError as exc:
        raise fail(str(exc)) from exc
    with (
        case_session(policy_case) as (session, case),
        running(executor if len(paths) > 1 else ExecutorName.serial) as runner,
        console.status(_("Importing…")) as status,
    ):
        rows = import_documents(
            session,
            case,
            paths,
            kind=kind,
            qual_case=qual_case,
            attributes=attributes,
            key=key,
            title=title,
            date=date,
            actor=actor,
            citation=citation,
            provenance=provenance,
            ocr=ocr,
            speakers=speaker or (),
            executor=runner,
            progress=lambda done: status.update(
                _("Imported {done} of {total}").format(done=done, total=len(paths))
            ),
        )
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("title", _("Title")),
            ("kind", _("Kind")),
            ("format", _("Format")),
            ("language", _("Language")),
            ("characters", _("Characters")),
            ("paragraphs", _("Paragraphs")),
            ("sentences", _("Sentences")),
            ("turns", _("Turns")),
        ],
        fmt,
        title=_("Imported documents"),
    )


@docs_app.command("ls", help=_("List the documents."))
def docs_ls(policy_case: PolicyCaseOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List documents with their coding counts."""
    with case_session(policy_case) as (session, case):
        rows = document_rows(session, case, state.viewer)
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("title", _("Title")),
            ("kind", _("Kind")),
            ("language", _("Language")),
            ("characters", _("Characters")),
            ("codings", _("Codings")),
            ("provenance", _("Provenance")),
        ],
        fmt,
        title=_("Documents"),
    )


@docs_app.command("show", help=_("Show a document with its codings highlighted."))
def docs_show(
    document: Annotated[str, typer.Argument(help=_("Document id."))],
    policy_case: PolicyCaseOption = None,
) -> None:
    """Print the text of a document; coded spans are highlighted and listed after it."""
    with case_session(policy_case) as (session, case):
        doc = document_by_key(session, case, document)
        codings = session.execute(
            only_visible(
                select(Coding.start, Coding.end, Code.key, Code.color, Coder.key)
                .join(Code, Code.id == Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
                .where(Coding.document_id == doc.id, Coding.status == "accepted")
                .order_by(Coding.start),
                session,
                case,
                state.viewer,
            )
        ).all()
        text = Text(doc.text)
        for start, end, _code, color, _coder in codings:
            if start is not None and end is not None:
                text.stylize(f"on {color or '#444444'}", start, end)
        console.print(f"[bold]{doc.title}[/] ({doc.key}, {doc.kind})", highlight=False)
        console.print(text, highlight=False)
        for start, end, code, _color, coder in codings:
            where = f"{start}-{end}" if start is not None else _("whole document")
            console.print(f"  [{where}] {code} ({coder})", highlight=False, markup=False)


def _note(message: str) -> None:
    """A remark on stderr, so that CSV and JSON output stays machine-readable."""
    error_console.print(escape(message), highlight=False, soft_wrap=True)


@code_app.command("add", help=_("Code a span: DOC START END CODE, or DOC CODE with --match TEXT."))
def code_add(
    document: Annotated[str, typer.Argument(help=_("Document id."))],
    args: Annotated[list[str], typer.Argument(help=_("START END CODE, or CODE with --match."))],
    match: Annotated[
        str | None,
        typer.Option(
            help=_(
                "Code every occurrence of this text (accents and case folded, as search does; "
                "whole words)."
            )
        ),
    ] = None,
    snap_to: Annotated[
        Snap,
        typer.Option(
            "--snap",
            case_sensitive=False,
            help=_("Widen the span to whole words or to the sentences it touches."),
        ),
    ] = Snap.none,
    coder: CoderOverride = None,
    memo: Annotated[str | None, typer.Option(help=_("Memo on the coding."))] = None,
    whole: Annotated[bool, typer.Option(help=_("Code the whole document."))] = False,
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add codings by offsets (code points, end exclusive), by matching text, or whole."""
    start: int | None = None
    end: int | None = None
    if match is not None or whole:
        if len(args) != 1:
            raise fail(_("with --match or --whole give only the code"))
        code = args[0]
    else:
        if len(args) != 3:
            raise fail(_("give START END CODE (or --match TEXT CODE)"))
        try:
            start, end = int(args[0]), int(args[1])
        except ValueError as exc:
            raise fail(_("START and END must be whole numbers")) from exc
        code = args[2]
    with case_session(policy_case) as (session, case):
        doc = document_by_key(session, case, document)
        spans, notes = coding_spans(
            session, doc, start=start, end=end, match=match, whole=whole, how=snap_to
        )
        for note in notes:
            _note(note)
        author = acting_coder(session, coder)
        rows = add_codings(session, case, document, code, spans, coder=author, memo=memo)
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("document", _("Document")),
            ("start", _("Start")),
            ("end", _("End")),
            ("code", _("Code")),
            ("coder", _("Coder")),
            ("text", _("Text")),
        ],
        fmt,
        title=_("Codings added"),
    )


@code_app.command("ls", help=_("List codings."))
def code_ls(
    document: Annotated[str | None, typer.Option(help=_("Only this document."))] = None,
    code: Annotated[str | None, typer.Option(help=_("Only this code."))] = None,
    status: Annotated[str, typer.Option(help=_("accepted, suggested, rejected or all."))] = (
        "accepted"
    ),
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List codings with their text."""
    with case_session(policy_case) as (session, case):
        rows = coding_rows(
            session, case, state.viewer, document=document, code=code, status=status
        )
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("document", _("Document")),
            ("start", _("Start")),
            ("end", _("End")),
            ("code", _("Code")),
            ("coder", _("Coder")),
            ("origin", _("Origin")),
            ("status", _("Status")),
            ("text", _("Text")),
        ],
        fmt,
        title=_("Codings"),
    )


@codebook_app.command("import", help=_("Add the codes of a codebook YAML file to the case."))
def codebook_import(
    path: Annotated[Path, typer.Argument(help=_("Codebook YAML file."))],
    policy_case: PolicyCaseOption = None,
) -> None:
    """Install a codebook file (codes already in the case are kept)."""
    codebook = load_codebook(path)
    with case_session(policy_case) as (session, case):
        added = install_codebook(session, case, codebook)
    console.print(
        _("{count} codes added from {path}").format(count=added, path=path), highlight=False
    )


@codebook_app.command("export", help=_("Write the case's codebook as YAML."))
def codebook_export(
    path: Annotated[Path, typer.Argument(help=_("File to write."))],
    policy_case: PolicyCaseOption = None,
) -> None:
    """Export the codebook of the case."""
    with case_session(policy_case) as (session, case):
        codebook = stored_codebook(session, case)
    write_codebook(codebook, path)
    console.print(_("wrote {path}").format(path=path), highlight=False)


@codebook_app.command("ls", help=_("List the codes with their mappings and use."))
def codebook_ls(
    policy_case: PolicyCaseOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """List the codes of the case."""
    with case_session(policy_case) as (session, case):
        rows = code_rows(session, case, state.viewer, english=state.language == "en")
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("parent", _("Parent")),
            ("label", _("Label")),
            ("codable", _("Codable")),
            ("polarity", _("Polarity")),
            ("mappings", _("Mappings")),
            ("codings", _("Codings")),
        ],
        fmt,
        title=_("Codebook"),
    )


@memo_app.command("add", help=_("Write a memo on the case, a document, a code or a coding."))
def memo_add(
    text: Annotated[str, typer.Argument(help=_("The memo."))],
    document: Annotated[str | None, typer.Option(help=_("On this document."))] = None,
    code: Annotated[str | None, typer.Option(help=_("On this code."))] = None,
    coding: Annotated[str | None, typer.Option(help=_("On this coding (seg:N)."))] = None,
    qual_case: Annotated[
        str | None, typer.Option("--case", help=_("On this qualitative case."))
    ] = (None),
    title: Annotated[str | None, typer.Option(help=_("Title."))] = None,
    coder: CoderOverride = None,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Attach a memo; without a target it is a memo on the whole case."""
    if len([t for t in (document, code, coding, qual_case) if t]) > 1:
        raise fail(_("a memo has one target"))
    with case_session(policy_case) as (session, case):
        memo = write_memo(
            session,
            case,
            text,
            coder=acting_coder(session, coder),
            title=title,
            document=document,
            code=code,
            coding=coding,
            qual_case=qual_case,
        )
        target_type = memo.target_type
        console.print(
            _("memo {id} on {target}").format(id=memo.id, target=target_type), highlight=False
        )


@app.command("search", help=_("Full-text search of sentences (accents and inflections folded)."))
def search_command(
    query: Annotated[str, typer.Argument(help=_("Words to find."))],
    limit: Annotated[int, typer.Option(help=_("Most results."))] = 50,
    width: Annotated[int, typer.Option(help=_("Characters of context on each side."))] = 40,
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """KWIC lines of the sentences that contain every word of the query."""
    with case_session(policy_case) as (session, case):
        if session.get_bind().dialect.name != "sqlite":
            raise fail(_("full-text search needs SQLite"))
        hits = search_units(session, query, case.language, limit=limit * 4)
        terms = query_terms(query, case.language)
        rows = []
        for hit in hits:
            unit = session.get(Unit, hit.unit_id)
            if unit is None:
                continue
            doc = session.get(Document, unit.document_id)
            if doc is None or doc.case_id != case.id:
                continue
            cases = session.scalars(
                select(QualCase.key)
                .join(QualCaseLink, QualCaseLink.qual_case_id == QualCase.id)
                .where(QualCaseLink.document_id == doc.id)
            ).all()
            line = kwic_line(doc.text, unit.start, unit.end, terms, width)
            rows.append(
                {
                    "document": doc.key,
                    "case": list(cases),
                    "start": line.start,
                    "end": line.end,
                    "left": line.left,
                    "match": line.match,
                    "right": line.right,
                }
            )
            if len(rows) >= limit:
                break
    emit_rows(
        rows,
        [
            ("document", _("Document")),
            ("case", _("Case")),
            ("start", _("Start")),
            ("end", _("End")),
            ("left", _("Left")),
            ("match", _("Match")),
            ("right", _("Right")),
        ],
        fmt,
        title=_("Search: {query}").format(query=query),
    )
