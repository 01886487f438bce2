"""Evidence work on one stored case, inside a session the caller opened: import documents,
add codings (by offsets, by matching text, or the whole document) and memos, list documents,
codings, memos and suggestions. The CLI's ``docs``, ``code``, ``memo`` and ``suggest``
commands and :class:`concierto.api.case.Case` call these; each raises the project's typed
errors with the CLI's messages, and the caller's transaction keeps nothing of a failed call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concierto.api.choices import choose
from concierto.api.errors import InputError
from concierto.compute.executors import Executor
from concierto.evidence.adjudication import visible_coder_id
from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.importer import ImportRequest, import_files
from concierto.evidence.prepare import SENTENCE, FileJob
from concierto.evidence.store import (
    add_coding,
    add_memo,
    code_by_key,
    document_by_key,
    ensure_qual_case,
    link_qual_case,
    set_attribute,
)
from concierto.i18n import _, ngettext
from concierto.ingest import ReadLimits, SegmentationOptions
from concierto.model import Case, Code, Coder, Coding, Document, Memo, QualCase, Unit
from concierto.model.evidence import DOCUMENT_KINDS
from concierto.nlp.spans import Snap, cuts_word, phrase_spans, snap, snap_to_words
from concierto.nlp.terms import TermError

Row = dict[str, Any]


def N_(message: str) -> str:
    """Mark a column label for translation; it is translated when a table is built."""
    return message


CODING_LIST_STATUSES = ("accepted", "suggested", "rejected", "all")


def only_visible(query: Any, session: Session, case: Case, viewer: str | None) -> Any:
    """Restrict a query on codings to what ``viewer`` may see (blind coding)."""
    coder_id = visible_coder_id(session, case, viewer)
    return query if coder_id is None else query.where(Coding.coder_id == coder_id)


def parse_attributes(pairs: Sequence[str]) -> list[tuple[str, str]]:
    """``key=value`` strings as (key, value) pairs."""
    parsed = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(_("--attr expects key=value, got {pair!r}").format(pair=pair))
        parsed.append((name.strip(), value.strip()))
    return parsed


def unit_counts(session: Session, document_ids: list[int]) -> dict[int, dict[str, int]]:
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


def check_import(paths: Sequence[Path], kind: str, key: str | None, title: str | None) -> None:
    """Refuse an unknown kind, ``key``/``title`` for several files, or a missing file."""
    if kind not in DOCUMENT_KINDS:
        raise InputError(
            _("unknown document kind {kind!r}; choose one of {kinds}").format(
                kind=kind, kinds=", ".join(DOCUMENT_KINDS)
            )
        )
    if len(paths) > 1 and (key or title):
        raise InputError(_("--key and --title need a single file"))
    for path in paths:
        if not path.is_file():
            raise InputError(_("{path}: no such file").format(path=path))


IMPORT_COLUMNS = (
    ("id", N_("Id")),
    ("title", N_("Title")),
    ("kind", N_("Kind")),
    ("format", N_("Format")),
    ("language", N_("Language")),
    ("characters", N_("Characters")),
    ("paragraphs", N_("Paragraphs")),
    ("sentences", N_("Sentences")),
    ("turns", N_("Turns")),
)


def import_documents(
    session: Session,
    case: Case,
    paths: Sequence[Path],
    *,
    kind: str = "other",
    qual_case: str | None = None,
    attributes: Sequence[tuple[str, str]] = (),
    key: str | None = None,
    title: str | None = None,
    date: str | None = None,
    actor: str | None = None,
    citation: str | None = None,
    provenance: str = "source",
    ocr: bool = False,
    speakers: Sequence[str] = (),
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Row]:
    """Import files (canonical text, units, search index), link them to a qualitative case
    with its attributes; one row per stored document with its unit counts."""
    check_import(paths, kind, key, title)
    options = SegmentationOptions(speaker_patterns=tuple(speakers)) if speakers else None
    requests = [
        ImportRequest(path, key or path.stem, kind, title, date, actor, citation, provenance)
        for path in paths
    ]
    stored = import_files(
        session,
        case,
        requests,
        executor=executor,
        job=lambda path: FileJob(str(path), options, ocr, ReadLimits()),
        progress=progress,
    )
    counts = unit_counts(session, [document.id for document in stored])
    rows = []
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
    return rows


def accepted_counts(
    session: Session, case: Case, viewer: str | None, column: Any
) -> dict[int, int]:
    """Accepted codings per value of ``column`` (a document or code id), as ``viewer`` sees."""
    query = (
        select(column, func.count())
        .where(Coding.case_id == case.id, Coding.status == "accepted")
        .group_by(column)
    )
    rows = session.execute(only_visible(query, session, case, viewer)).all()
    return {key: count for key, count in rows}


def document_rows(
    session: Session, case: Case, viewer: str | None, kind: str | None = None
) -> list[Row]:
    """The case's documents with their accepted codings (as ``viewer`` may see them)."""
    counts = accepted_counts(session, case, viewer, Coding.document_id)
    query = select(Document).where(Document.case_id == case.id)
    if kind is not None:
        query = query.where(Document.kind == kind)
    return [
        {
            "id": d.key,
            "title": d.title,
            "kind": d.kind,
            "language": d.language,
            "characters": d.length,
            "codings": counts.get(d.id, 0),
            "provenance": d.provenance,
        }
        for d in session.scalars(query.order_by(Document.ordinal))
    ]


def code_rows(session: Session, case: Case, viewer: str | None, english: bool) -> list[Row]:
    """The codebook: each code with its parent, label (English when asked and there is one),
    polarity, mappings and accepted codings (as ``viewer`` may see them)."""
    used = accepted_counts(session, case, viewer, Coding.code_id)
    codes = list(
        session.scalars(select(Code).where(Code.case_id == case.id).order_by(Code.ordinal))
    )
    keys = {c.id: c.key for c in codes}
    return [
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


def sentence_spans(session: Session, document_id: int) -> list[tuple[int, int]]:
    """The stored sentences of a document, in order, as (start, end)."""
    return [
        (start, end)
        for start, end in session.execute(
            select(Unit.start, Unit.end)
            .where(Unit.document_id == document_id, Unit.kind == SENTENCE)
            .order_by(Unit.start)
        )
    ]


def _span_text(text: str, start: int, end: int, limit: int = 80) -> str:
    """The text of a span, shortened in the middle when long."""
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= limit else piece[: limit // 2 - 1] + " … " + piece[-limit // 2 :]


def _offset_span(
    text: str, start: int, end: int, how: Snap, sentences: list[tuple[int, int]], notes: list[str]
) -> tuple[int, int]:
    """The span to code for offsets typed by hand: snapped as asked; a span that cuts a word
    is coded as given but with a note that names the snapped alternative."""
    if how is not Snap.none:
        snapped = snap(text, start, end, how, sentences)
        if snapped != (start, end):
            notes.append(
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
        notes.append(
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


def coding_spans(
    session: Session,
    document: Document,
    *,
    start: int | None,
    end: int | None,
    match: str | None,
    whole: bool,
    how: Snap = Snap.none,
) -> tuple[list[tuple[int | None, int | None]], list[str]]:
    """The spans one ``code add`` codes, and remarks for the person coding: given offsets
    (snapped to words or sentences when asked; a span cutting a word is noted), every
    occurrence of ``match`` (accents and case folded, whole words), or the whole document."""
    notes: list[str] = []
    sentences = sentence_spans(session, document.id) if how is Snap.sentence else []
    text = document.text
    if whole:
        return [(None, None)], notes
    if match is not None:
        try:
            found = phrase_spans(text, match)
        except TermError as exc:
            raise InputError(_("--match needs some text to find")) from exc
        if not found:
            raise EvidenceError(
                _("{text!r} does not occur in document {key!r}").format(
                    text=match, key=document.key
                )
            )
        spans: list[tuple[int | None, int | None]] = list(
            dict.fromkeys(snap(text, s, e, how, sentences) for s, e in found)
        )
        notes.append(
            ngettext(
                "{count} span matching {text!r} coded in {key}",
                "{count} spans matching {text!r} coded in {key}",
                len(spans),
            ).format(count=len(spans), text=match, key=document.key)
        )
        return spans, notes
    if start is None or end is None:
        raise InputError(_("give START END CODE (or --match TEXT CODE)"))
    return [_offset_span(text, start, end, how, sentences, notes)], notes


def add_codings(
    session: Session,
    case: Case,
    document: str,
    code: str,
    spans: Sequence[tuple[int | None, int | None]],
    *,
    coder: str,
    memo: str | None = None,
) -> list[Row]:
    """Store one accepted human coding per span by ``coder`` (the acting person's id, see
    :func:`concierto.evidence.acting.acting_person`); a row per coding with its text."""
    doc = document_by_key(session, case, document)
    created = [
        add_coding(
            session, case, document=document, code=code, coder=coder, start=s, end=e, memo=memo
        )
        for s, e in spans
    ]
    return [
        {
            "id": f"seg:{c.id}",
            "document": document,
            "start": c.start,
            "end": c.end,
            "code": code,
            "coder": coder,
            "text": doc.text[c.start : c.end] if c.start is not None else "",
        }
        for c in created
    ]


def coding_rows(
    session: Session,
    case: Case,
    viewer: str | None,
    *,
    document: str | None = None,
    code: str | None = None,
    coder: str | None = None,
    status: str = "accepted",
    snippet: int | None = 160,
) -> list[Row]:
    """The case's codings (filtered), each with its text (cut to ``snippet`` characters)."""
    choose("status", status, CODING_LIST_STATUSES)
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
    if coder:
        query = query.where(Coder.key == coder)
    if status != "all":
        query = query.where(Coding.status == status)
    query = only_visible(query, session, case, viewer)
    rows = []
    for coding, doc, code_key, coder_key in session.execute(
        query.order_by(Document.ordinal, Coding.start)
    ):
        text = doc.text[coding.start : coding.end] if coding.start is not None else ""
        if snippet is not None and len(text) > snippet:
            text = text[: snippet - 3] + "…"
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
                "score": coding.score,
                "text": text,
            }
        )
    return rows


def memo_target(
    session: Session,
    case: Case,
    *,
    document: str | None = None,
    code: str | None = None,
    coding: str | None = None,
    qual_case: str | None = None,
) -> tuple[str, int]:
    """The (target type, row id) a memo attaches to; the case itself without a target."""
    targets = [t for t in (document, code, coding, qual_case) if t]
    if len(targets) > 1:
        raise InputError(_("a memo has one target"))
    if document:
        return "document", document_by_key(session, case, document).id
    if code:
        return "code", code_by_key(session, case, code).id
    if coding:
        number = coding.removeprefix("seg:")
        row = session.get(Coding, int(number)) if number.isdigit() else None
        if row is None or row.case_id != case.id:
            raise UnknownReferenceError(_("unknown coding {key!r}").format(key=coding))
        return "coding", row.id
    if qual_case:
        found = session.scalar(
            select(QualCase).where(QualCase.case_id == case.id, QualCase.key == qual_case)
        )
        if found is None:
            raise UnknownReferenceError(_("unknown case {key!r}").format(key=qual_case))
        return "qual_case", found.id
    return "case", case.id


def write_memo(
    session: Session,
    case: Case,
    text: str,
    *,
    coder: str,
    title: str | None = None,
    document: str | None = None,
    code: str | None = None,
    coding: str | None = None,
    qual_case: str | None = None,
) -> Memo:
    """Attach a memo to the case, a document, a code, a coding (``seg:N``) or a qualitative
    case."""
    target_type, target_id = memo_target(
        session, case, document=document, code=code, coding=coding, qual_case=qual_case
    )
    return add_memo(
        session,
        case,
        target_type=target_type,
        target_id=target_id,
        text_=text,
        coder=coder,
        title=title,
    )


def memo_rows(session: Session, case: Case, target_type: str | None = None) -> list[Row]:
    """The case's memos, oldest first, with what they are attached to."""
    keys: dict[str, Callable[[int], str | None]] = {
        "case": lambda _id: case.key,
        "document": lambda i: session.scalar(select(Document.key).where(Document.id == i)),
        "code": lambda i: session.scalar(select(Code.key).where(Code.id == i)),
        "coding": lambda i: f"seg:{i}",
        "qual_case": lambda i: session.scalar(select(QualCase.key).where(QualCase.id == i)),
    }
    query = select(Memo, Coder.key).outerjoin(Coder, Coder.id == Memo.coder_id)
    query = query.where(Memo.case_id == case.id)
    if target_type is not None:
        query = query.where(Memo.target_type == target_type)
    rows = []
    for memo, coder in session.execute(query.order_by(Memo.id)):
        find = keys.get(memo.target_type)
        rows.append(
            {
                "id": memo.id,
                "target_type": memo.target_type,
                "target": find(memo.target_id) if find and memo.target_id is not None else None,
                "title": memo.title,
                "text": memo.text,
                "coder": coder,
                "created_at": memo.created_at,
            }
        )
    return rows
