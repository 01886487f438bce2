"""Write evidence into the store: documents with their units, coders, the codebook, codings,
memos and qualitative cases. Every function works inside the caller's transaction, so a
failure leaves the store unchanged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import compress, repeat
from typing import Any

from sqlalchemy import bindparam, func, insert, or_, select
from sqlalchemy.orm import Session

from concierto.codebook.model import Code as CodebookCode
from concierto.codebook.model import Codebook, Examples, Mappings, Text
from concierto.evidence.errors import (
    DuplicateDocumentError,
    EvidenceError,
    OffsetError,
    UnknownReferenceError,
)
from concierto.evidence.fulltext import index_rows
from concierto.evidence.prepare import SENTENCE, PreparedDocument, prepare_text
from concierto.i18n import _
from concierto.ingest import CanonicalDocument, SegmentationOptions
from concierto.model import (
    Actor,
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Participant,
    QualCase,
    QualCaseLink,
)
from concierto.model.coding import CODING_STATUSES, MEMO_TARGETS
from concierto.model.evidence import ATTRIBUTE_TYPES, DOCUMENT_KINDS

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PARAM = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":1"}
INTERVIEWER_LABELS = frozenset({"e", "entrevistador", "entrevistadora", "interviewer", "i"})


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def ensure_coder(session: Session, key: str, name: str | None = None) -> Coder:
    """The coder ``key``, created if new (coders are people with stable ids across cases)."""
    coder = session.scalar(select(Coder).where(Coder.key == key))
    if coder is None:
        if not KEY_PATTERN.match(key):
            raise EvidenceError(_("invalid coder id {key!r}").format(key=key))
        coder = Coder(key=key, name=name)
        session.add(coder)
        session.flush()
    return coder


def actor_by_key(session: Session, case: Case, key: str | None) -> Actor | None:
    """The actor ``key`` of ``case`` (None for None); an unknown key is an error."""
    if key is None:
        return None
    actor = session.scalar(select(Actor).where(Actor.case_id == case.id, Actor.key == key))
    if actor is None:
        raise UnknownReferenceError(_("unknown actor {key!r}").format(key=key))
    return actor


_DOCUMENT_BY_KEY = select(Document).where(
    Document.case_id == bindparam("case_id"), Document.key == bindparam("key")
)


def document_by_key(session: Session, case: Case, key: str) -> Document:
    """The document ``key`` of ``case``."""
    document = session.scalar(_DOCUMENT_BY_KEY, {"case_id": case.id, "key": key})
    if document is None:
        raise UnknownReferenceError(_("unknown document {key!r}").format(key=key))
    return document


def code_by_key(session: Session, case: Case, key: str) -> Code:
    """The code ``key`` of the case's codebook."""
    code = session.scalar(select(Code).where(Code.case_id == case.id, Code.key == key))
    if code is None:
        raise UnknownReferenceError(_("unknown code {key!r}").format(key=key))
    return code


def participant(session: Session, case: Case, label: str) -> Participant:
    """The participant called ``label`` in transcripts, created if new."""
    found = session.scalar(
        select(Participant).where(Participant.case_id == case.id, Participant.key == label)
    )
    if found is None:
        found = Participant(
            case_id=case.id, key=label, interviewer=label.strip().lower() in INTERVIEWER_LABELS
        )
        session.add(found)
        session.flush()
    return found


@dataclass(frozen=True)
class DocumentRecord:
    """What is recorded about a document besides its text: its id in the case, kind and
    bibliographic details, and its provenance."""

    key: str
    kind: str
    title: str | None = None
    filename: str | None = None
    date: str | None = None
    issuing_actor: str | None = None
    citation: str | None = None
    provenance: str = "source"
    source_key: str | None = None
    basis: str | None = None


def add_document(
    session: Session,
    case: Case,
    document: CanonicalDocument | PreparedDocument,
    *,
    key: str,
    kind: str,
    title: str | None = None,
    filename: str | None = None,
    date: str | None = None,
    issuing_actor: str | None = None,
    citation: str | None = None,
    provenance: str = "source",
    source_key: str | None = None,
    basis: str | None = None,
    options: SegmentationOptions | None = None,
) -> Document:
    """Store a canonical document with its paragraphs, sentences and speaker turns, and index
    its sentences. The same original file twice in one case is refused.

    ``document`` may come prepared (units and index entries computed, e.g. in a worker
    process); otherwise it is prepared here with ``options``.
    """
    prepared = (
        document if isinstance(document, PreparedDocument) else prepare_text(document, options)
    )
    record = DocumentRecord(
        key, kind, title, filename, date, issuing_actor, citation, provenance, source_key, basis
    )
    return add_documents(session, case, [(prepared, record)])[0]


def add_documents(
    session: Session, case: Case, entries: Sequence[tuple[PreparedDocument, DocumentRecord]]
) -> list[Document]:
    """Store prepared documents in order, with their units and index entries, in a few
    statements per call rather than per document (bulk imports spend their time here).

    Checks every entry before writing: a bad kind or id, an unknown issuing actor, a key
    already used or an original file already imported (in the case or earlier in
    ``entries``) raises for the first offending entry, and nothing of the call is written.
    """
    if not entries:
        return []
    _check_new_documents(session, case, entries)
    actors: dict[str, int] = {}
    for _prepared, record in entries:
        actor = actor_by_key(session, case, record.issuing_actor)
        if actor is not None:
            actors[actor.key] = actor.id
    ordinal = (
        session.scalar(
            select(func.count()).select_from(Document).where(Document.case_id == case.id)
        )
        or 0
    )
    imported_at = now()
    rows = [
        Document(
            case_id=case.id,
            key=record.key,
            title=record.title or prepared.canonical.title or record.key,
            kind=record.kind,
            text=prepared.canonical.text,
            length=len(prepared.canonical.text),
            sha256=prepared.canonical.source_sha256,
            filename=record.filename,
            format=prepared.canonical.format,
            language=prepared.canonical.language,
            date=record.date,
            issuing_actor_id=actors[record.issuing_actor] if record.issuing_actor else None,
            citation=record.citation,
            imported_at=imported_at,
            ordinal=ordinal + position,
            provenance=record.provenance,
            source_key=record.source_key,
            basis=record.basis,
        )
        for position, (prepared, record) in enumerate(entries)
    ]
    session.add_all(rows)
    session.flush()
    stored = [(row.id, prepared) for row, (prepared, _record) in zip(rows, entries, strict=True)]
    _add_units(session, case, stored)
    return rows


def _check_new_documents(
    session: Session, case: Case, entries: Sequence[tuple[PreparedDocument, DocumentRecord]]
) -> None:
    """Raise for the first entry with a bad kind or id, or that repeats a stored or earlier
    document (same original file, or same id)."""
    hashes = [prepared.canonical.source_sha256 for prepared, _ in entries]
    keys = [record.key for _, record in entries]
    stored = session.execute(
        select(Document.key, Document.sha256).where(
            Document.case_id == case.id,
            or_(Document.sha256.in_(set(hashes)), Document.key.in_(set(keys))),
        )
    ).all()
    key_of_hash = {sha: key for key, sha in stored}
    used_keys = {key for key, _ in stored}
    for (_prepared, record), sha in zip(entries, hashes, strict=True):
        if record.kind not in DOCUMENT_KINDS:
            raise EvidenceError(
                _("unknown document kind {kind!r}; choose one of {kinds}").format(
                    kind=record.kind, kinds=", ".join(DOCUMENT_KINDS)
                )
            )
        if not KEY_PATTERN.match(record.key):
            raise EvidenceError(_("invalid document id {key!r}").format(key=record.key))
        if sha in key_of_hash:
            raise DuplicateDocumentError(
                _("{name} is already in the case as document {key!r}").format(
                    name=record.filename or record.key, key=key_of_hash[sha]
                )
            )
        if record.key in used_keys:
            raise EvidenceError(_("a document {key!r} already exists").format(key=record.key))
        key_of_hash[sha] = record.key
        used_keys.add(record.key)


def _add_units(
    session: Session, case: Case, documents: Sequence[tuple[int, PreparedDocument]]
) -> None:
    """Insert the units of stored documents and index their sentences.

    Driver-level executemany, one statement for all the documents: a document has thousands
    of units, and ORM objects or Core parameter handling would cost several times more than
    SQLite itself. On SQLite the unit ids are assigned here (after the largest stored id, as
    SQLite itself would) so that sentences reach the index without being read back.
    """
    speakers = sorted(
        {speaker for _, prepared in documents for speaker in prepared.speakers if speaker}
    )
    people = {label: participant(session, case, label).id for label in speakers}

    def columns(document_id: int, prepared: PreparedDocument) -> list[Iterable[Any]]:
        """document_id, kind, start, end, ordinal and participant_id of each unit (the
        repeated columns are endless: zip them with strict=False)."""
        if any(prepared.speakers):
            speakers: Iterable[int | None] = [
                people[speaker] if speaker else None for speaker in prepared.speakers
            ]
        else:
            speakers = repeat(None)
        return [
            repeat(document_id),
            prepared.kinds,
            prepared.starts,
            prepared.ends,
            prepared.ordinals,
            speakers,
        ]

    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        marker = PARAM[dialect.paramstyle]
        rows = [row for unit in documents for row in zip(*columns(*unit), strict=False)]
        if rows:
            connection.exec_driver_sql(
                'INSERT INTO unit (document_id, kind, start, "end", ordinal, participant_id) '
                f"VALUES ({', '.join([marker] * 6)})",
                rows,
            )
        return
    first = (connection.exec_driver_sql("SELECT max(id) FROM unit").scalar() or 0) + 1
    unit_rows: list[tuple[Any, ...]] = []
    index_entries: list[tuple[int, str]] = []
    for document_id, prepared in documents:
        ids = range(first, first + len(prepared.kinds))
        unit_rows.extend(zip(ids, *columns(document_id, prepared), strict=False))
        sentence_ids = compress(ids, map(SENTENCE.__eq__, prepared.kinds))
        index_entries.extend(zip(sentence_ids, prepared.sentence_lemmas, strict=True))
        first += len(prepared.kinds)
    if unit_rows:
        connection.exec_driver_sql(
            'INSERT INTO unit (id, document_id, kind, start, "end", ordinal, participant_id) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            unit_rows,
        )
    index_rows(session, index_entries)


def _code_row(case: Case, code: CodebookCode, ordinal: int) -> Code:
    mappings = {k: v for k, v in asdict(code.mappings).items() if v not in (None, (), [], False)}
    if "metcalfe_levels" in mappings:
        mappings["metcalfe_levels"] = list(mappings["metcalfe_levels"])
    return Code(
        case_id=case.id,
        key=code.id,
        codable=code.codable,
        label_es=code.label.es or code.id,
        label_en=code.label.en,
        definition={k: v for k, v in asdict(code.definition).items() if v},
        inclusion={k: v for k, v in asdict(code.inclusion).items() if v},
        exclusion={k: v for k, v in asdict(code.exclusion).items() if v},
        examples={k: list(v) for k, v in asdict(code.examples).items() if v},
        color=code.color,
        polarity=code.polarity,
        mappings=mappings,
        ordinal=ordinal,
    )


def install_codebook(session: Session, case: Case, codebook: Codebook) -> int:
    """Add the codes of ``codebook`` that the case lacks (existing codes are kept); return how
    many were added."""
    existing = {c.key: c for c in session.scalars(select(Code).where(Code.case_id == case.id))}
    start = len(existing)
    added: list[tuple[CodebookCode, Code]] = []
    for position, code in enumerate(codebook.codes):
        if code.id in existing:
            continue
        row = _code_row(case, code, start + position)
        session.add(row)
        existing[code.id] = row
        added.append((code, row))
    session.flush()
    for code, row in added:
        if code.parent:
            row.parent_id = existing[code.parent].id
    session.flush()
    return len(added)


def stored_codebook(session: Session, case: Case, name: str | None = None) -> Codebook:
    """The case's codebook as a :class:`Codebook` (to export as YAML)."""
    rows = list(
        session.scalars(select(Code).where(Code.case_id == case.id).order_by(Code.ordinal, Code.id))
    )
    keys = {row.id: row.key for row in rows}
    codes = []
    for row in rows:
        mappings = dict(row.mappings)
        if "metcalfe_levels" in mappings:
            mappings["metcalfe_levels"] = tuple(mappings["metcalfe_levels"])
        codes.append(
            CodebookCode(
                id=row.key,
                label=Text(es=row.label_es, en=row.label_en),
                parent=keys.get(row.parent_id or -1),
                codable=row.codable,
                definition=Text(**row.definition),
                inclusion=Text(**row.inclusion),
                exclusion=Text(**row.exclusion),
                examples=Examples(**{k: tuple(v) for k, v in row.examples.items()}),
                color=row.color,
                polarity=row.polarity,
                mappings=Mappings(**mappings),
            )
        )
    return Codebook(codes=tuple(codes), name=name or case.title)


_IN_DOCUMENT = (Document.case_id == bindparam("case_id")) & (Document.key == bindparam("document"))
_IN_CODE = (Code.case_id == bindparam("case_id")) & (Code.key == bindparam("code"))
CODING_REFERENCES = select(
    select(Document.id).where(_IN_DOCUMENT).scalar_subquery(),
    select(Document.length).where(_IN_DOCUMENT).scalar_subquery(),
    select(Code.id).where(_IN_CODE).scalar_subquery(),
    select(Code.codable).where(_IN_CODE).scalar_subquery(),
    select(Coder.id).where(Coder.key == bindparam("coder")).scalar_subquery(),
)
"""One statement for what a coding refers to, by key: the document's id and length, the
code's id and whether it is codable, the coder's id (each None when unknown). Columns, not ORM
objects (the codebook's JSON columns need not be decoded to store a coding), and built once
(building a statement costs more than SQLite running it)."""


def add_coding(
    session: Session,
    case: Case,
    *,
    document: str,
    code: str,
    coder: str,
    start: int | None = None,
    end: int | None = None,
    memo: str | None = None,
    origin: str = "human",
    status: str | None = None,
    score: float | None = None,
) -> Coding:
    """Code ``document[start:end]`` (or the whole document when both are None) with ``code``.

    Human codings are accepted; rule and model codings start as suggestions.
    """
    found = session.execute(
        CODING_REFERENCES,
        {"case_id": case.id, "document": document, "code": code, "coder": coder},
    ).one()
    document_id, length, code_id, codable, coder_id = found
    if document_id is None:
        raise UnknownReferenceError(_("unknown document {key!r}").format(key=document))
    if code_id is None:
        raise UnknownReferenceError(_("unknown code {key!r}").format(key=code))
    if not codable:
        raise EvidenceError(_("code {key!r} is a folder and cannot be applied").format(key=code))
    if (start is None) != (end is None):
        raise OffsetError(_("give both start and end, or neither for the whole document"))
    if start is not None and end is not None and not 0 <= start < end <= length:
        raise OffsetError(
            _(
                "offsets {start}..{end} are outside document {key!r} (length {length}); "
                "the end must be greater than the start"
            ).format(start=start, end=end, key=document, length=length)
        )
    chosen = status or ("accepted" if origin == "human" else "suggested")
    if chosen not in CODING_STATUSES:
        raise EvidenceError(_("unknown status {status!r}").format(status=chosen))
    if not (origin == "human" or origin.startswith(("rule:", "model:"))):
        raise EvidenceError(_("origin must be human, rule:<id> or model:<id>"))
    values = dict(
        case_id=case.id,
        document_id=document_id,
        start=start,
        end=end,
        code_id=code_id,
        coder_id=coder_id if coder_id is not None else ensure_coder(session, coder).id,
        created_at=now(),
        memo=memo,
        origin=origin,
        status=chosen,
        score=score,
    )
    # An ORM INSERT .. RETURNING: the same row and the same object in the session as
    # add + flush, without the unit of work's bookkeeping for one object.
    return session.scalars(insert(Coding).returning(Coding), [values]).one()


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``text`` as (start, end) code-point spans."""
    if not needle:
        return []
    spans, position = [], text.find(needle)
    while position >= 0:
        spans.append((position, position + len(needle)))
        position = text.find(needle, position + 1)
    return spans


def add_memo(
    session: Session,
    case: Case,
    *,
    target_type: str,
    target_id: int | None,
    text_: str,
    coder: str | None = None,
    title: str | None = None,
) -> Memo:
    """Attach a memo to the case, a document, a code, a coding or a qualitative case."""
    if target_type not in MEMO_TARGETS:
        raise EvidenceError(_("memos attach to: {targets}").format(targets=", ".join(MEMO_TARGETS)))
    memo = Memo(
        case_id=case.id,
        target_type=target_type,
        target_id=target_id,
        title=title,
        text=text_,
        created_at=now(),
        coder_id=ensure_coder(session, coder).id if coder else None,
    )
    session.add(memo)
    session.flush()
    return memo


def ensure_qual_case(
    session: Session,
    case: Case,
    key: str,
    *,
    name: str | None = None,
    kind: str = "other",
    actor: str | None = None,
) -> QualCase:
    """The qualitative case ``key``, created if new."""
    found = session.scalar(select(QualCase).where(QualCase.case_id == case.id, QualCase.key == key))
    if found is None:
        if not KEY_PATTERN.match(key):
            raise EvidenceError(_("invalid case id {key!r}").format(key=key))
        actor_row = actor_by_key(session, case, actor)
        found = QualCase(
            case_id=case.id,
            key=key,
            name=name,
            kind=kind,
            actor_id=actor_row.id if actor_row else None,
        )
        session.add(found)
        session.flush()
    return found


def link_qual_case(
    session: Session,
    qual_case: QualCase,
    document: Document,
    start: int | None = None,
    end: int | None = None,
) -> QualCaseLink:
    """Attach a qualitative case to a document, or to a range of it."""
    if start is not None and end is not None and not 0 <= start < end <= document.length:
        raise OffsetError(
            _("offsets {start}..{end} are outside document {key!r}").format(
                start=start, end=end, key=document.key
            )
        )
    link = QualCaseLink(qual_case_id=qual_case.id, document_id=document.id, start=start, end=end)
    session.add(link)
    session.flush()
    return link


def parse_attribute(kind: str, raw: str) -> dict[str, Any]:
    """The typed column and value of an attribute given as text (``key=value`` on the CLI)."""
    if kind == "number":
        try:
            return {"number_value": float(raw)}
        except ValueError as exc:
            raise EvidenceError(_("{value!r} is not a number").format(value=raw)) from exc
    if kind == "boolean":
        word = raw.strip().lower()
        if word in {"true", "yes", "sí", "si", "1"}:
            return {"boolean_value": True}
        if word in {"false", "no", "0"}:
            return {"boolean_value": False}
        raise EvidenceError(_("{value!r} is not true or false").format(value=raw))
    if kind == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
            raise EvidenceError(
                _("{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)").format(value=raw)
            )
        return {"date_value": raw}
    return {"text_value": raw}


def infer_attribute_type(raw: str) -> str:
    """The type a new attribute takes from its first value."""
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", raw):
        return "date"
    if raw.strip().lower() in {"true", "false", "sí", "si", "yes", "no"}:
        return "boolean"
    try:
        float(raw)
    except ValueError:
        return "text"
    return "number"


def set_attribute(
    session: Session, case: Case, qual_case: QualCase, name: str, raw: str, kind: str | None = None
) -> AttributeValue:
    """Set attribute ``name`` of ``qual_case`` (the attribute is created, typed, if new)."""
    attribute = session.scalar(
        select(Attribute).where(Attribute.case_id == case.id, Attribute.name == name)
    )
    if attribute is None:
        chosen = kind or infer_attribute_type(raw)
        if chosen not in ATTRIBUTE_TYPES:
            raise EvidenceError(_("unknown attribute type {kind!r}").format(kind=chosen))
        attribute = Attribute(case_id=case.id, name=name, type=chosen)
        session.add(attribute)
        session.flush()
    typed = parse_attribute(attribute.type, raw)
    value = session.scalar(
        select(AttributeValue).where(
            AttributeValue.qual_case_id == qual_case.id, AttributeValue.attribute_id == attribute.id
        )
    )
    if value is None:
        value = AttributeValue(qual_case_id=qual_case.id, attribute_id=attribute.id)
        session.add(value)
    for column in ("text_value", "number_value", "date_value", "boolean_value"):
        setattr(value, column, typed.get(column))
    session.flush()
    return value
