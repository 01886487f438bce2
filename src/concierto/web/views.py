"""What the workbench's pages show, read from the store: the documents with their cases and
counts, a page window of a document with its codings, the code tree with counts, a code's
segments. Every query on codings goes through :func:`visible` (blind coding)."""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from concierto.codebook.model import COLOR_PATTERN
from concierto.evidence.adjudication import visible_coder_id
from concierto.model import (
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
    Unit,
)
from concierto.nlp.fold import fold
from concierto.web.offsets import to_utf16

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
"""Colours for codes that have none (Okabe–Ito, readable by colour-blind coders)."""
SHOWN = ("accepted", "suggested")


def visible(query: Any, session: Session, case: Case, viewer: str) -> Any:
    """Restrict a query on codings to what ``viewer`` may see: a blind coder sees only their
    own until the case's analysis is opened."""
    coder_id = visible_coder_id(session, case, viewer)
    return query if coder_id is None else query.where(Coding.coder_id == coder_id)


def code_color(key: str, color: str | None) -> str:
    """The code's colour if it is a valid ``#RRGGBB``, else a stable one from the palette."""
    if color and COLOR_PATTERN.fullmatch(color):
        return color
    return PALETTE[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(PALETTE)]


def code_label(code: Code, language: str) -> str:
    """The code's label in ``language`` (Spanish when there is no English one)."""
    return (code.label_en if language == "en" and code.label_en else code.label_es) or code.key


def attribute_text(value: AttributeValue) -> str:
    """An attribute value as shown."""
    for column in ("text_value", "date_value"):
        if getattr(value, column) is not None:
            return str(getattr(value, column))
    if value.number_value is not None:
        number = value.number_value
        return str(int(number)) if number == int(number) else str(number)
    if value.boolean_value is not None:
        return "true" if value.boolean_value else "false"
    return ""


# --- documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """A line of the documents list."""

    key: str
    title: str
    kind: str
    length: int
    codings: int
    suggestions: int
    cases: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]

    def matches(self, words: str) -> bool:
        """True when every folded word of ``words`` is in the folded id, title, cases or
        attributes."""
        haystack = fold(
            " ".join([self.key, self.title, *self.cases, *(f"{k} {v}" for k, v in self.attributes)])
        )
        return all(word in haystack for word in fold(words).split())


def document_cases(
    session: Session, document_ids: list[int]
) -> dict[int, list[tuple[QualCase, list[tuple[str, str]]]]]:
    """The qualitative cases linked to each document, with their attributes."""
    links = session.execute(
        select(QualCaseLink.document_id, QualCase)
        .join(QualCase, QualCase.id == QualCaseLink.qual_case_id)
        .where(QualCaseLink.document_id.in_(document_ids))
        .order_by(QualCase.key)
    ).all()
    case_ids = {qual.id for _doc, qual in links}
    values: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for qual_id, name, value in session.execute(
        select(AttributeValue.qual_case_id, Attribute.name, AttributeValue)
        .join(Attribute, Attribute.id == AttributeValue.attribute_id)
        .where(AttributeValue.qual_case_id.in_(case_ids))
        .order_by(Attribute.name)
    ):
        values[qual_id].append((name, attribute_text(value)))
    found: dict[int, list[tuple[QualCase, list[tuple[str, str]]]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for document_id, qual in links:
        if (document_id, qual.id) not in seen:
            seen.add((document_id, qual.id))
            found[document_id].append((qual, values[qual.id]))
    return found


def document_rows(
    session: Session, case: Case, viewer: str, *, kind: str | None = None, words: str = ""
) -> list[DocumentRow]:
    """The case's documents in import order with their cases, attributes and coding counts,
    filtered by kind and by words."""
    counts: dict[tuple[int, str], int] = {
        (document_id, status): count
        for document_id, status, count in session.execute(
            visible(
                select(Coding.document_id, Coding.status, func.count())
                .where(Coding.case_id == case.id, Coding.status.in_(SHOWN))
                .group_by(Coding.document_id, Coding.status),
                session,
                case,
                viewer,
            )
        )
    }
    query = select(Document.id, Document.key, Document.title, Document.kind, Document.length).where(
        Document.case_id == case.id
    )
    if kind:
        query = query.where(Document.kind == kind)
    documents = session.execute(query.order_by(Document.ordinal, Document.id)).all()
    cases = document_cases(session, [d.id for d in documents])
    rows = []
    for d in documents:
        linked = cases.get(d.id, [])
        row = DocumentRow(
            key=d.key,
            title=d.title,
            kind=d.kind,
            length=d.length,
            codings=counts.get((d.id, "accepted"), 0),
            suggestions=counts.get((d.id, "suggested"), 0),
            cases=tuple(q.key for q, _values in linked),
            attributes=tuple(pair for _q, values in linked for pair in values),
        )
        if not words or row.matches(words):
            rows.append(row)
    return rows


# --- the reader ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A coding as the reader shows it."""

    id: int
    start: int | None
    end: int | None
    code: str
    label: str
    color: str
    coder: str
    memo: str | None
    origin: str
    status: str
    memos: tuple[str, ...] = ()

    @property
    def suggested(self) -> bool:
        """A rule or model suggestion not yet accepted or rejected."""
        return self.status == "suggested"

    @property
    def tooltip(self) -> str:
        """What hovering shows: code, coder (or origin), memo."""
        who = self.coder if self.origin == "human" else f"{self.origin} ({self.coder})"
        parts = [self.label, who, *([self.memo] if self.memo else []), *self.memos]
        return " — ".join(parts)


@dataclass(frozen=True)
class Piece:
    """A run of text covered by the same codings."""

    text: str
    start: int
    marks: tuple[Mark, ...]

    @property
    def style(self) -> str:
        """Highlight: the code's colour, stripes when codings overlap, dashed for
        suggestions (colours come from :func:`code_color`, never raw input)."""
        accepted = [m.color for m in self.marks if not m.suggested]
        suggested = [m.color for m in self.marks if m.suggested]
        rules = []
        if len(accepted) == 1:
            rules.append(f"background-color:{accepted[0]}80")
        elif accepted:
            width = 6
            stops = ",".join(
                f"{c}99 {i * width}px,{c}99 {(i + 1) * width}px" for i, c in enumerate(accepted)
            )
            rules.append(f"background:repeating-linear-gradient(135deg,{stops})")
        if suggested:
            rules.append(f"border-bottom:2px dashed {suggested[0]}")
        return ";".join(rules)

    @property
    def tooltip(self) -> str:
        """Every coding of the run, one per line."""
        return "\n".join(m.tooltip for m in self.marks)


@dataclass(frozen=True)
class Block:
    """A paragraph (maybe the start of a speaker's turn) or the text between paragraphs."""

    kind: str
    start: int
    pieces: tuple[Piece, ...]
    speaker: str | None = None
    interviewer: bool = False


@dataclass(frozen=True)
class PageWindow:
    """``document.text[start:end]`` ready to render, with where the neighbours start."""

    start: int
    end: int
    utf16_start: int
    previous: int | None
    next: int | None
    blocks: tuple[Block, ...]
    marks: tuple[Mark, ...] = field(default=())


def page_end(session: Session, document: Document, start: int, size: int) -> int:
    """Where the page starting at ``start`` ends: at the end of the first paragraph past
    ``size`` characters (or the text's end when little is left)."""
    if document.length - start <= size + size // 2:
        return document.length
    end = session.scalar(
        select(func.min(Unit.end)).where(
            Unit.document_id == document.id,
            Unit.kind == "paragraph",
            Unit.end >= start + size,
            Unit.end <= start + 2 * size,
        )
    )
    return int(end) if end is not None else start + size


def page_start_before(session: Session, document: Document, start: int, size: int) -> int | None:
    """Where the page before the one starting at ``start`` starts (None at the top)."""
    if start <= 0:
        return None
    begin = session.scalar(
        select(func.max(Unit.start)).where(
            Unit.document_id == document.id,
            Unit.kind == "paragraph",
            Unit.start <= start - size,
        )
    )
    return int(begin) if begin is not None else 0


def page_containing(session: Session, document: Document, offset: int) -> int:
    """The start of the paragraph holding ``offset``: a reader opened at a coding starts there."""
    offset = max(0, min(offset, document.length))
    begin = session.scalar(
        select(func.max(Unit.start)).where(
            Unit.document_id == document.id, Unit.kind == "paragraph", Unit.start <= offset
        )
    )
    return int(begin) if begin is not None else 0


def marks_in(
    session: Session,
    case: Case,
    document: Document,
    viewer: str,
    language: str,
    start: int | None = None,
    end: int | None = None,
) -> list[Mark]:
    """The shown codings of ``document`` that overlap ``[start, end)``; whole-document codings
    when both are None."""
    query = (
        select(
            Coding.id,
            Coding.start,
            Coding.end,
            Coding.memo,
            Coding.origin,
            Coding.status,
            Code.key,
            Code.label_es,
            Code.label_en,
            Code.color,
            Coder.key,
        )
        .join(Code, Code.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.document_id == document.id, Coding.status.in_(SHOWN))
    )
    if start is None or end is None:
        query = query.where(Coding.start.is_(None))
    else:
        query = query.where(Coding.start < end, Coding.end > start)
    rows = session.execute(
        visible(query, session, case, viewer).order_by(Coding.start, Coding.id)
    ).all()
    memos: dict[int, list[str]] = defaultdict(list)
    ids = [row[0] for row in rows]
    for first in range(0, len(ids), 500):
        for target, text in session.execute(
            select(Memo.target_id, Memo.text)
            .where(Memo.target_type == "coding", Memo.target_id.in_(ids[first : first + 500]))
            .order_by(Memo.id)
        ):
            memos[int(target or 0)].append(text)
    english = language == "en"
    return [
        Mark(
            id=coding_id,
            start=mark_start,
            end=mark_end,
            code=key,
            label=(label_en if english and label_en else label_es) or key,
            color=code_color(key, color),
            coder=coder,
            memo=memo,
            origin=origin,
            status=status,
            memos=tuple(memos.get(coding_id, ())),
        )
        for (
            coding_id, mark_start, mark_end, memo, origin, status, key, label_es, label_en,
            color, coder,
        ) in rows
    ]


def _pieces(text: str, start: int, end: int, marks: list[Mark]) -> tuple[Piece, ...]:
    inside = [m for m in marks if (m.start or 0) < end and (m.end or 0) > start]
    cuts = sorted(
        {start, end}
        | {m.start for m in inside if m.start is not None and start < m.start < end}
        | {m.end for m in inside if m.end is not None and start < m.end < end}
    )
    return tuple(
        Piece(
            text[a:b],
            a,
            tuple(m for m in inside if (m.start or 0) <= a and (m.end or 0) >= b),
        )
        for a, b in itertools.pairwise(cuts)
    )


def page_window(
    session: Session,
    case: Case,
    document: Document,
    viewer: str,
    language: str,
    start: int,
    size: int,
) -> PageWindow:
    """The page of ``document`` from ``start``: paragraphs and speaker turns, each split where
    codings begin and end."""
    start = max(0, min(start, document.length))
    end = page_end(session, document, start, size)
    text = document.text
    marks = marks_in(session, case, document, viewer, language, start, end)
    paragraphs = session.execute(
        select(Unit.start, Unit.end).where(
            Unit.document_id == document.id,
            Unit.kind == "paragraph",
            Unit.end > start,
            Unit.start < end,
        ).order_by(Unit.start)
    ).all()
    speakers = {
        turn_start: (key, interviewer)
        for turn_start, key, interviewer in session.execute(
            select(Unit.start, Participant.key, Participant.interviewer)
            .join(Participant, Participant.id == Unit.participant_id)
            .where(
                Unit.document_id == document.id,
                Unit.kind == "turn",
                Unit.start >= start,
                Unit.start < end,
            )
        )
    }
    blocks: list[Block] = []
    position = start
    spans = [(int(a), int(b)) for a, b in paragraphs] or [(start, end)]
    for p_start, p_end in spans:
        a, b = max(p_start, position), min(p_end, end)
        if a >= b:
            continue
        if a > position:
            blocks.append(Block("gap", position, _pieces(text, position, a, marks)))
        speaker, interviewer = speakers.get(a, (None, False))
        blocks.append(Block("para", a, _pieces(text, a, b, marks), speaker, interviewer))
        position = b
    if position < end:
        blocks.append(Block("gap", position, _pieces(text, position, end, marks)))
    return PageWindow(
        start=start,
        end=end,
        utf16_start=to_utf16(text, start),
        previous=page_start_before(session, document, start, size),
        next=end if end < document.length else None,
        blocks=tuple(blocks),
        marks=tuple(marks),
    )


# --- codes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeNode:
    """A code of the tree with its depth and counts (codings and documents)."""

    key: str
    label: str
    color: str
    depth: int
    codable: bool
    codings: int
    sources: int
    parent: str | None
    folded: str
    path: str = ""


def code_tree(session: Session, case: Case, viewer: str, language: str) -> list[CodeNode]:
    """The codebook depth first in codebook order, with accepted codings and sources each."""
    counts = {
        code_id: (codings, sources)
        for code_id, codings, sources in session.execute(
            visible(
                select(Coding.code_id, func.count(), func.count(distinct(Coding.document_id)))
                .where(
                    # by the case's codes rather than Coding.case_id: SQLite then counts from
                    # the (code, status, document) index alone (100,000 codings: 180 -> 40 ms)
                    Coding.code_id.in_(select(Code.id).where(Code.case_id == case.id)),
                    Coding.status == "accepted",
                )
                .group_by(Coding.code_id),
                session,
                case,
                viewer,
            )
        )
    }
    codes = list(
        session.scalars(select(Code).where(Code.case_id == case.id).order_by(Code.ordinal, Code.id))
    )
    children: dict[int | None, list[Code]] = defaultdict(list)
    known = {c.id for c in codes}
    for code in codes:
        children[code.parent_id if code.parent_id in known else None].append(code)
    keys = {c.id: c.key for c in codes}
    nodes: list[CodeNode] = []

    def walk(parent: int | None, depth: int, above: tuple[str, ...], searched: str) -> None:
        for code in children.get(parent, []):
            label = code_label(code, language)
            folded = fold(f"{searched} {code.key} {code.label_es} {code.label_en or ''}")
            codings, sources = counts.get(code.id, (0, 0))
            nodes.append(
                CodeNode(
                    code.key,
                    label,
                    code_color(code.key, code.color),
                    depth,
                    code.codable,
                    codings,
                    sources,
                    keys.get(code.parent_id or -1),
                    folded,
                    " › ".join((*above, label)),
                )
            )
            walk(code.id, depth + 1, (*above, label), folded)

    walk(None, 0, (), "")
    return nodes


def find_codes(nodes: list[CodeNode], words: str, limit: int = 12) -> list[CodeNode]:
    """Codable codes whose id or labels, or those of the folders above them, hold every word
    of ``words``, accents and case folded (``vision`` finds the codes of ``Visión
    compartida``); codes whose label starts with the query first."""
    wanted = fold(words).split()
    found = [n for n in nodes if n.codable and all(w in n.folded for w in wanted)]
    first = fold(words).strip()
    found.sort(key=lambda n: (not fold(n.label).startswith(first), 0))
    return found[:limit]


@dataclass(frozen=True)
class Segment:
    """A coded passage of a code, with a link target in the reader."""

    coding: int
    document: str
    title: str
    start: int | None
    end: int | None
    coder: str
    text: str


def code_segments(
    session: Session, case: Case, code: Code, viewer: str, limit: int = 500
) -> list[Segment]:
    """The accepted codings of ``code`` with their text (up to ``limit``)."""
    rows = session.execute(
        visible(
            select(Coding.id, Coding.start, Coding.end, Document.key, Document.title, Coder.key)
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.code_id == code.id, Coding.status == "accepted")
            .order_by(Document.ordinal, Coding.start)
            .limit(limit),
            session,
            case,
            viewer,
        )
    ).all()
    texts: dict[str, str] = {}
    segments = []
    for coding_id, start, end, doc_key, title, coder in rows:
        if start is not None and doc_key not in texts:
            texts[doc_key] = session.scalar(
                select(Document.text).where(Document.case_id == case.id, Document.key == doc_key)
            ) or ""
        snippet = texts[doc_key][start:end] if start is not None else ""
        segments.append(
            Segment(
                coding_id,
                doc_key,
                title,
                start,
                end,
                coder,
                snippet if len(snippet) <= 400 else snippet[:397] + "…",
            )
        )
    return segments


def document_memos(
    session: Session, case: Case, document: Document, viewer: str
) -> list[tuple[str, str, str | None]]:
    """Memos on the document (coder, text, title); a blind coder sees only their own."""
    query = (
        select(Coder.key, Memo.text, Memo.title)
        .outerjoin(Coder, Coder.id == Memo.coder_id)
        .where(
            Memo.case_id == case.id,
            Memo.target_type == "document",
            Memo.target_id == document.id,
        )
        .order_by(Memo.id)
    )
    coder_id = visible_coder_id(session, case, viewer)
    if coder_id is not None:
        query = query.where(Memo.coder_id == coder_id)
    return [(coder or "", text, title) for coder, text, title in session.execute(query)]
