"""Text intelligence in the store: actor mentions, rule and model suggestions (stored as
codings with origin ``rule:<id>`` / ``model:<id>`` and status ``suggested``), their review and
evaluation against human coding, cached vectors, and candidate functional overlaps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from concierto.compute.batch import Document as BatchDocument
from concierto.compute.batch import autocode_documents, find_mentions_in_documents
from concierto.compute.executors import Executor
from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.rulefile import load_rule_file
from concierto.evidence.store import add_coding, ensure_coder, now
from concierto.i18n import _
from concierto.model import (
    Actor,
    Case,
    Code,
    Coding,
    Document,
    Embedding,
    FunctionStatement,
    Mention,
    OverlapCandidate,
    Unit,
)
from concierto.model.coding import SYSTEM_CODER
from concierto.nlp.embed import Embedder
from concierto.nlp.evaluation import CodedSpan, CodeScore, evaluate
from concierto.nlp.mentions import ActorAlias
from concierto.nlp.overlap import BlockRunner, OverlapResult, TextEncoder, functional_overlap
from concierto.nlp.overlap import FunctionStatement as OverlapStatement
from concierto.nlp.rules import SCOPES, Rule
from concierto.nlp.semantic import code_prototypes, rank_and_margin
from concierto.nlp.vectors import CachedEmbedder


def actor_aliases(session: Session, case: Case) -> list[ActorAlias]:
    """How each actor of the case is written (acronyms match in capitals only)."""
    return [
        ActorAlias(actor_id=a.key, name=a.name, acronym=a.acronym, aliases=tuple(a.aliases))
        for a in session.scalars(
            select(Actor).where(Actor.case_id == case.id).order_by(Actor.ordinal)
        )
    ]


def batch_documents(session: Session, case: Case) -> tuple[list[Document], list[BatchDocument]]:
    """The case's documents and their batch form (text and units per scope)."""
    documents = list(
        session.scalars(
            select(Document).where(Document.case_id == case.id).order_by(Document.ordinal)
        )
    )
    units = document_units(session, [d.id for d in documents])
    return documents, [BatchDocument(d.key, d.text, units[d.id]) for d in documents]


def detect_mentions(session: Session, case: Case, executor: Executor | None = None) -> int:
    """Find every actor mention in the case's documents (replacing earlier ones)."""
    actor_ids = dict(
        session.execute(select(Actor.key, Actor.id).where(Actor.case_id == case.id)).all()
    )
    documents, batch = batch_documents(session, case)
    if documents:
        session.execute(delete(Mention).where(Mention.document_id.in_([d.id for d in documents])))
    found = find_mentions_in_documents(batch, actor_aliases(session, case), executor)
    rows = [
        {
            "document_id": document.id,
            "actor_id": actor_ids[mention.actor_id],
            "start": mention.start,
            "end": mention.end,
            "surface": mention.surface,
            "alias": mention.alias,
        }
        for document in documents
        for mention in found[document.key]
    ]
    if rows:
        session.execute(insert(Mention), rows)
    return len(rows)


def load_rules(path: Path) -> list[Rule]:
    """Read auto-coding rules: ``rules: [{id, code, keywords, regexes, scope}]`` (every field
    checked with its file and line, see :mod:`concierto.evidence.rulefile`)."""
    return load_rule_file(path)


def document_units(
    session: Session, document_ids: Sequence[int]
) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """Units of each document by kind, as sorted (start, end) spans."""
    units: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(
        lambda: {scope: [] for scope in SCOPES}
    )
    for document_id, kind, start, end in session.execute(
        select(Unit.document_id, Unit.kind, Unit.start, Unit.end)
        .where(Unit.document_id.in_(list(document_ids)))
        .order_by(Unit.start)
    ):
        units[document_id][kind].append((start, end))
    return units


def _existing(session: Session, case: Case, origin_prefix: str) -> set[tuple[int, int, int, int]]:
    return {
        (c.document_id, c.start or 0, c.end or 0, c.code_id)
        for c in session.scalars(
            select(Coding).where(Coding.case_id == case.id, Coding.origin.startswith(origin_prefix))
        )
    }


def run_rules(
    session: Session, case: Case, rules: Sequence[Rule], executor: Executor | None = None
) -> int:
    """Apply ``rules`` to every document (one pass per document, on ``executor``); store the
    new suggestions."""
    codes = set(session.scalars(select(Code.key).where(Code.case_id == case.id)))
    missing = sorted({rule.code for rule in rules} - codes)
    if missing:
        raise UnknownReferenceError(_("unknown code {key!r}").format(key=missing[0]))
    documents, batch = batch_documents(session, case)
    found = autocode_documents(batch, rules, executor)
    code_ids = dict(session.execute(select(Code.key, Code.id).where(Code.case_id == case.id)).all())
    seen = _existing(session, case, "rule:")
    ensure_coder(session, SYSTEM_CODER)
    added = 0
    for document in documents:
        for suggestion in found[document.key]:
            key = (document.id, suggestion.start, suggestion.end, code_ids[suggestion.code])
            if key in seen:
                continue
            seen.add(key)
            add_coding(
                session,
                case,
                document=document.key,
                code=suggestion.code,
                coder=SYSTEM_CODER,
                start=suggestion.start,
                end=suggestion.end,
                origin=suggestion.origin,
                memo=", ".join(suggestion.matched_terms) or None,
            )
            added += 1
    return added


def review(
    session: Session, case: Case, ids: Sequence[int], *, accept: bool, decided_by: str
) -> int:
    """Accept or reject suggestions; returns how many changed."""
    person = ensure_coder(session, decided_by)
    changed = 0
    for coding_id in ids:
        coding = session.get(Coding, coding_id)
        if coding is None or coding.case_id != case.id or coding.origin == "human":
            raise UnknownReferenceError(_("no suggestion seg:{id}").format(id=coding_id))
        coding.status = "accepted" if accept else "rejected"
        coding.decided_by_id = person.id
        coding.decided_at = now()
        changed += 1
    session.flush()
    return changed


def evaluate_suggestions(
    session: Session, case: Case, origin_prefix: str, unit: str = "sentence"
) -> dict[str, CodeScore]:
    """Precision, recall and F1 per code of the suggestions whose origin starts with
    ``origin_prefix`` against the accepted human codings, matched by unit."""
    if unit not in SCOPES:
        raise EvidenceError(_("unit must be one of {units}").format(units=", ".join(SCOPES)))
    rows = session.execute(
        select(Coding, Code.key, Document.key)
        .join(Code, Code.id == Coding.code_id)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.case_id == case.id, Coding.start.is_not(None))
    ).all()
    suggested, human = [], []
    for coding, code, document in rows:
        span = CodedSpan(document, code, coding.start or 0, coding.end or 0)
        if coding.origin.startswith(origin_prefix):
            suggested.append(span)
        elif coding.origin == "human" and coding.status == "accepted":
            human.append(span)
    documents = dict(
        session.execute(select(Document.id, Document.key).where(Document.case_id == case.id)).all()
    )
    units = document_units(session, list(documents))
    by_key = {documents[doc_id]: spans[unit] for doc_id, spans in units.items()}
    return evaluate(suggested, human, by_key)


@dataclass
class StoreVectorCache:
    """The store's embedding table as a vector cache (model id, version, text key)."""

    session: Session

    def get_many(self, model_id: str, version: str, keys: Sequence[str]) -> dict[str, bytes]:
        """Stored blobs among ``keys``."""
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            for key, blob in self.session.execute(
                select(Embedding.text_sha256, Embedding.vector).where(
                    Embedding.model_id == model_id,
                    Embedding.model_version == version,
                    Embedding.text_sha256.in_(list(keys[start : start + 500])),
                )
            ):
                found[key] = blob
        return found

    def put_many(self, model_id: str, version: str, blobs: Mapping[str, bytes]) -> None:
        """Store new blobs (four bytes per dimension)."""
        self.session.add_all(
            Embedding(
                model_id=model_id,
                model_version=version,
                text_sha256=key,
                dim=len(blob) // 4,
                vector=blob,
            )
            for key, blob in blobs.items()
        )
        self.session.flush()


def cached(session: Session, embedder: Embedder) -> CachedEmbedder:
    """``embedder`` with its vectors kept in the store."""
    return CachedEmbedder(embedder, StoreVectorCache(session))


def suggest_semantic(
    session: Session,
    case: Case,
    embedder: Embedder,
    *,
    unit: str = "sentence",
    per_code: int = 5,
    margin: float = 0.05,
    language: str = "es",
) -> int:
    """Store rank-and-margin proposals (:mod:`concierto.nlp.semantic`) as suggestions with
    origin ``model:<model id>``.

    A code's prototype texts are its definition, its examples and the passages people have
    accepted for it; codes without any are left out.
    """
    if unit not in SCOPES:
        raise EvidenceError(_("unit must be one of {units}").format(units=", ".join(SCOPES)))
    encoder = cached(session, embedder)
    texts_per_code, kept = [], []
    for code in session.scalars(
        select(Code).where(Code.case_id == case.id, Code.codable.is_(True)).order_by(Code.ordinal)
    ):
        texts = [code.definition.get(language) or code.definition.get("es") or ""]
        texts += list(code.examples.get(language) or code.examples.get("es") or [])
        accepted = session.execute(
            select(Document.text, Coding.start, Coding.end)
            .join(Document, Document.id == Coding.document_id)
            .where(
                Coding.code_id == code.id,
                Coding.origin == "human",
                Coding.status == "accepted",
                Coding.start.is_not(None),
            )
        ).all()
        texts += [text[start:end] for text, start, end in accepted]
        texts = [text for text in texts if text.strip()]
        if texts:
            texts_per_code.append(texts)
            kept.append(code)
    documents = list(session.scalars(select(Document).where(Document.case_id == case.id)))
    spans = document_units(session, [d.id for d in documents])
    items = [(d, start, end) for d in documents for start, end in spans[d.id][unit]]
    if len(kept) < 2 or not items:
        return 0
    prototypes = code_prototypes(texts_per_code, encoder)
    vectors = encoder.encode([d.text[s:e] for d, s, e in items])
    proposals = rank_and_margin(vectors, prototypes, per_code=per_code, margin=margin)
    seen = _existing(session, case, "model:")
    ensure_coder(session, SYSTEM_CODER)
    added = 0
    for proposal in proposals:
        document, start, end = items[proposal.unit]
        code = kept[proposal.code]
        if (document.id, start, end, code.id) in seen:
            continue
        add_coding(
            session,
            case,
            document=document.key,
            code=code.key,
            coder=SYSTEM_CODER,
            start=start,
            end=end,
            origin=f"model:{embedder.model_id}",
            score=proposal.similarity,
        )
        added += 1
    return added


def find_overlaps(
    session: Session,
    case: Case,
    encoder: TextEncoder,
    *,
    model_id: str,
    k: int = 10,
    threshold: float = 0.8,
    executor: BlockRunner | None = None,
) -> OverlapResult:
    """Candidate duplicated functions between different actors, stored for review; with an
    ``executor`` the embedding and the search run as its tasks (same result)."""
    rows = session.execute(
        select(FunctionStatement, Actor.key)
        .join(Actor, Actor.id == FunctionStatement.actor_id)
        .where(FunctionStatement.case_id == case.id)
        .order_by(FunctionStatement.ordinal)
    ).all()
    statements = [OverlapStatement(f.key, actor, f.text) for f, actor in rows]
    ids = {f.key: f.id for f, _ in rows}
    result = functional_overlap(statements, encoder, k=k, threshold=threshold, executor=executor)
    existing = {
        (c.function_a_id, c.function_b_id)
        for c in session.scalars(
            select(OverlapCandidate).where(OverlapCandidate.case_id == case.id)
        )
    }
    for pair in result.pairs:
        key = (ids[pair.statement_a], ids[pair.statement_b])
        if key in existing or key[::-1] in existing:
            continue
        session.add(
            OverlapCandidate(
                case_id=case.id,
                function_a_id=key[0],
                function_b_id=key[1],
                similarity=pair.similarity,
                threshold=threshold,
                model_id=model_id,
            )
        )
        existing.add(key)
    session.flush()
    return result


def decide_overlap(
    session: Session, case: Case, candidate_id: int, *, confirm: bool, decided_by: str
) -> OverlapCandidate:
    """Confirm or reject a candidate overlap."""
    candidate = session.get(OverlapCandidate, candidate_id)
    if candidate is None or candidate.case_id != case.id:
        raise UnknownReferenceError(_("no overlap candidate {id}").format(id=candidate_id))
    candidate.status = "confirmed" if confirm else "rejected"
    candidate.decided_by_id = ensure_coder(session, decided_by).id
    candidate.decided_at = now()
    session.flush()
    return candidate


__all__ = [
    "SYSTEM_CODER",
    "StoreVectorCache",
    "cached",
    "decide_overlap",
    "detect_mentions",
    "evaluate_suggestions",
    "find_overlaps",
    "load_rules",
    "review",
    "run_rules",
    "suggest_semantic",
]
