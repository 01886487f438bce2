"""Evidence commands: ``docs add|ls|show``, ``code add|ls``, ``codebook import|export|ls``,
``memo add`` and ``search``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.text import Text
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concierto.casefile.database import resolve_case
from concierto.cli.acting import CoderOverride, acting_coder
from concierto.cli.app import FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_rows, error_console
from concierto.codebook.dump import write_codebook
from concierto.codebook.parse import load_codebook
from concierto.compute.executors import Executor, ExecutorError, make_executor
from concierto.evidence.adjudication import visible_coder_id
from concierto.evidence.errors import EvidenceError
from concierto.evidence.fulltext import query_terms, search_units
from concierto.evidence.importer import ImportRequest, import_files
from concierto.evidence.kwic import kwic_line
from concierto.evidence.prepare import SENTENCE, FileJob
from concierto.evidence.store import (
    add_coding,
    add_memo,
    code_by_key,
    document_by_key,
    ensure_qual_case,
    install_codebook,
    link_qual_case,
    set_attribute,
    stored_codebook,
)
from concierto.i18n import _, ngettext
from concierto.ingest import IngestError, ReadLimits, SegmentationOptions
from concierto.model import Case, Code, Coder, Coding, Document, QualCase, QualCaseLink, Unit
from concierto.model.evidence import DOCUMENT_KINDS
from concierto.nlp.spans import Snap, cuts_word, phrase_spans, snap, snap_to_words
from concierto.nlp.terms import TermError
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


def _unit_counts(session: Session, document_ids: list[int]) -> dict[int, dict[str, int]]:
    """Units of each document by kind, a few grouped queries for any number of documents."""
    counts: dict[int, dict[str, int]] = {}
    for first in range(0, len(document_ids), 500):
        rows = session.execute(
            select(Unit.document_id, Unit.kind, func.count())
            .where(Unit.document_id.in_(document_ids[first : first + 500]))
            .group_by(Unit.document_id, Unit.kind)
        ).all()
        for document_id, kind, count in rows:
            counts.setdefault(document_id, {})[kind] = count
    return counts


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


def only_visible(query: Any, session: Session, case: Case) -> Any:
    """Restrict a query on codings to what the current coder may see (blind coding)."""
    coder_id = visible_coder_id(session, case, state.viewer)
    return query if coder_id is None else query.where(Coding.coder_id == coder_id)


def _parse_attrs(pairs: list[str]) -> list[tuple[str, str]]:
    parsed = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise fail(_("--attr expects key=value, got {pair!r}").format(pair=pair))
        parsed.append((name.strip(), value.strip()))
    return parsed


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
    if kind not in DOCUMENT_KINDS:
        raise fail(
            _("unknown document kind {kind!r}; choose one of {kinds}").format(
                kind=kind, kinds=", ".join(DOCUMENT_KINDS)
            )
        )
    if len(paths) > 1 and (key or title):
        raise fail(_("--key and --title need a single file"))
    attributes = _parse_attrs(attr or [])
    options = SegmentationOptions(speaker_patterns=tuple(speaker)) if speaker else None
    rows: list[dict[str, Any]] = []
    with case_session(policy_case) as (session, case):
        for path in paths:
            if not path.is_file():
                raise fail(_("{path}: no such file").format(path=path))
        requests = [
            ImportRequest(path, key or path.stem, kind, title, date, actor, citation, provenance)
            for path in paths
        ]
        with (
            running(executor if len(paths) > 1 else ExecutorName.serial) as runner,
            console.status(_("Importing…")) as status,
        ):
            stored = import_files(
                session,
                case,
                requests,
                executor=runner,
                job=lambda path: FileJob(str(path), options, ocr, ReadLimits()),
                progress=lambda done: status.update(
                    _("Imported {done} of {total}").format(done=done, total=len(paths))
                ),
            )
        counts = _unit_counts(session, [document.id for document in stored])
        for document in stored:
            if qual_case:
                target = ensure_qual_case(
                    session, case, qual_case, kind="interviewee" if kind == "interview" else "other"
                )
                link_qual_case(session, target, document)
                for name, value in attributes:
                    set_attribute(session, case, target, name, value)
            units = counts.get(document.id, {})
            rows.append(
                {
                    "id": document.key,
                    "title": document.title,
                    "kind": document.kind,
                    "format": document.format,
                    "language": document.language,
                    "characters": document.length,
                    "paragraphs": units.get("paragraph", 0),
                    "sentences": units.get("sentence", 0),
                    "turns": units.get("turn", 0),
                }
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
        counts = dict(
            session.execute(
                only_visible(
                    select(Coding.document_id, func.count())
                    .where(Coding.case_id == case.id, Coding.status == "accepted")
                    .group_by(Coding.document_id),
                    session,
                    case,
                )
            ).all()
        )
        rows = [
            {
                "id": d.key,
                "title": d.title,
                "kind": d.kind,
                "language": d.language,
                "characters": d.length,
                "codings": counts.get(d.id, 0),
                "provenance": d.provenance,
            }
            for d in session.scalars(
                select(Document).where(Document.case_id == case.id).order_by(Document.ordinal)
            )
        ]
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


def _sentences(session: Session, document_id: int) -> list[tuple[int, int]]:
    """The stored sentences of a document, in order, as (start, end)."""
    return [
        (start, end)
        for start, end in session.execute(
            select(Unit.start, Unit.end)
            .where(Unit.document_id == document_id, Unit.kind == SENTENCE)
            .order_by(Unit.start)
        )
    ]


def _note(message: str) -> None:
    """A remark on stderr, so that CSV and JSON output stays machine-readable."""
    error_console.print(escape(message), highlight=False, soft_wrap=True)


def _span_text(text: str, start: int, end: int, limit: int = 80) -> str:
    """The text of a span, shortened in the middle when long."""
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= limit else piece[: limit // 2 - 1] + " … " + piece[-limit // 2 :]


def _offset_span(
    text: str, start: int, end: int, how: Snap, sentences: list[tuple[int, int]]
) -> tuple[int, int]:
    """The span to code for offsets typed by hand: snapped as asked; a span that cuts a word
    is coded as given but with a warning that names the snapped alternative."""
    if how is not Snap.none:
        snapped = snap(text, start, end, how, sentences)
        if snapped != (start, end):
            _note(
                _("snapped {start}..{end} to {snapped_start}..{snapped_end} ({how})").format(
                    start=start,
                    end=end,
                    snapped_start=snapped[0],
                    snapped_end=snapped[1],
                    how=how.value,
                )
            )
        return snapped
    if 0 <= start < end <= len(text) and cuts_word(text, start, end):
        words = snap_to_words(text, start, end)
        _note(
            _(
                "warning: the span {start}..{end} cuts a word: «{text}»; --snap word would "
                "code {snapped_start}..{snapped_end}: «{snapped}» (or --snap sentence)"
            ).format(
                start=start,
                end=end,
                text=_span_text(text, start, end),
                snapped_start=words[0],
                snapped_end=words[1],
                snapped=_span_text(text, *words),
            )
        )
    return start, end


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
    spans: list[tuple[int | None, int | None]]
    with case_session(policy_case) as (session, case):
        doc = document_by_key(session, case, document)
        sentences = _sentences(session, doc.id) if snap_to is Snap.sentence else []
        if match is not None or whole:
            if len(args) != 1:
                raise fail(_("with --match or --whole give only the code"))
            code = args[0]
            if whole:
                spans = [(None, None)]
            else:
                try:
                    found = phrase_spans(doc.text, match or "")
                except TermError as exc:
                    raise fail(_("--match needs some text to find")) from exc
                if not found:
                    raise fail(
                        _("{text!r} does not occur in document {key!r}").format(
                            text=match, key=document
                        )
                    )
                snapped = [snap(doc.text, s, e, snap_to, sentences) for s, e in found]
                spans = list(dict.fromkeys(snapped))
                _note(
                    ngettext(
                        "{count} span matching {text!r} coded in {key}",
                        "{count} spans matching {text!r} coded in {key}",
                        len(spans),
                    ).format(count=len(spans), text=match, key=document)
                )
        else:
            if len(args) != 3:
                raise fail(_("give START END CODE (or --match TEXT CODE)"))
            try:
                start, end = int(args[0]), int(args[1])
            except ValueError as exc:
                raise fail(_("START and END must be whole numbers")) from exc
            code = args[2]
            spans = [_offset_span(doc.text, start, end, snap_to, sentences)]
        author = acting_coder(session, coder)
        created = [
            add_coding(
                session, case, document=document, code=code, coder=author, start=s, end=e, memo=memo
            )
            for s, e in spans
        ]
        rows = [
            {
                "id": f"seg:{c.id}",
                "document": document,
                "start": c.start,
                "end": c.end,
                "code": code,
                "coder": author,
                "text": doc.text[c.start : c.end] if c.start is not None else "",
            }
            for c in created
        ]
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
        query = (
            select(Coding, Document, Code.key, Coder.key)
            .join(Document, Document.id == Coding.document_id)
            .join(Code, Code.id == Coding.code_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.case_id == case.id)
        )
        if document:
            query = query.where(Coding.document_id == document_by_key(session, case, document).id)
        if code:
            query = query.where(Coding.code_id == code_by_key(session, case, code).id)
        if status != "all":
            query = query.where(Coding.status == status)
        query = only_visible(query, session, case)
        rows = []
        for coding, doc, code_key, coder_key in session.execute(
            query.order_by(Document.ordinal, Coding.start)
        ):
            snippet = doc.text[coding.start : coding.end] if coding.start is not None else ""
            rows.append(
                {
                    "id": f"seg:{coding.id}",
                    "document": doc.key,
                    "start": coding.start,
                    "end": coding.end,
                    "code": code_key,
                    "coder": coder_key,
                    "origin": coding.origin,
                    "status": coding.status,
                    "text": snippet if len(snippet) <= 160 else snippet[:157] + "…",
                }
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
        used = dict(
            session.execute(
                only_visible(
                    select(Coding.code_id, func.count())
                    .where(Coding.case_id == case.id, Coding.status == "accepted")
                    .group_by(Coding.code_id),
                    session,
                    case,
                )
            ).all()
        )
        codes = list(
            session.scalars(select(Code).where(Code.case_id == case.id).order_by(Code.ordinal))
        )
        keys = {c.id: c.key for c in codes}
        english = state.language == "en"
        rows = [
            {
                "id": c.key,
                "parent": keys.get(c.parent_id or -1),
                "label": (c.label_en if english and c.label_en else c.label_es),
                "codable": c.codable,
                "polarity": c.polarity,
                "mappings": [f"{k}={v}" for k, v in sorted(c.mappings.items())],
                "codings": used.get(c.id, 0),
            }
            for c in codes
        ]
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
    targets = [t for t in (document, code, coding, qual_case) if t]
    if len(targets) > 1:
        raise fail(_("a memo has one target"))
    with case_session(policy_case) as (session, case):
        target_type, target_id = "case", case.id
        if document:
            target_type, target_id = "document", document_by_key(session, case, document).id
        elif code:
            target_type, target_id = "code", code_by_key(session, case, code).id
        elif coding:
            number = coding.removeprefix("seg:")
            row = session.get(Coding, int(number)) if number.isdigit() else None
            if row is None or row.case_id != case.id:
                raise fail(_("unknown coding {key!r}").format(key=coding))
            target_type, target_id = "coding", row.id
        elif qual_case:
            found = session.scalar(
                select(QualCase).where(QualCase.case_id == case.id, QualCase.key == qual_case)
            )
            if found is None:
                raise fail(_("unknown case {key!r}").format(key=qual_case))
            target_type, target_id = "qual_case", found.id
        memo = add_memo(
            session,
            case,
            target_type=target_type,
            target_id=target_id,
            text_=text,
            coder=acting_coder(session, coder),
            title=title,
        )
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
