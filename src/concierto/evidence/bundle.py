"""An evidence bundle: interview transcripts listed in ``interviews/index*.yaml`` and codings
anchored by exact quotes in ``codings/*.yaml`` (robust to re-segmentation, easy to review).

Index items: ``{id, file, pseudonym, role, actor, date, language, provenance, note}``.
Codings files: ``{document, provenance, codings: [{coder, code, quote, occurrence?, memo?}]}``;
``occurrence`` (from 1) picks among repeated quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.evidence.errors import EvidenceError
from concierto.evidence.store import (
    actor_by_key,
    add_coding,
    add_document,
    ensure_qual_case,
    find_spans,
    link_qual_case,
    participant,
    set_attribute,
)
from concierto.i18n import _
from concierto.ingest import load_document
from concierto.model import Case, Document


@dataclass(frozen=True)
class BundleSummary:
    """What a bundle brought into the store."""

    documents: int
    codings: int


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EvidenceError(f"{path}: {exc}") from exc


def load_bundle(
    session: Session,
    case: Case,
    folder: Path,
    progress: Callable[[str], None] | None = None,
) -> BundleSummary:
    """Import the interviews and quote-anchored codings of ``folder`` into ``case``."""
    documents = 0
    for index_path in sorted((folder / "interviews").glob("index*.yaml")):
        items = _read_yaml(index_path) or []
        if not isinstance(items, list):
            raise EvidenceError(_("{path}: expected a list of interviews").format(path=index_path))
        for position, item in enumerate(items):
            where = f"{index_path}[{position}]"
            try:
                key, filename = str(item["id"]), str(item["file"])
            except (KeyError, TypeError) as exc:
                raise EvidenceError(
                    _("{where}: needs `id` and `file`").format(where=where)
                ) from exc
            if progress:
                progress(key)
            canonical = load_document(index_path.parent / filename)
            note = item.get("note")
            document = add_document(
                session,
                case,
                canonical,
                key=key,
                kind="interview",
                title=f"{key} — {item.get('role') or item.get('pseudonym') or key}",
                filename=filename,
                date=item.get("date"),
                provenance=item.get("provenance", "illustrative"),
                basis=note,
            )
            actor = actor_by_key(session, case, item.get("actor"))
            speaker = participant(session, case, key)
            speaker.name = item.get("pseudonym")
            speaker.role = item.get("role")
            speaker.actor_id = actor.id if actor else None
            interviewee = ensure_qual_case(
                session,
                case,
                key,
                name=item.get("pseudonym"),
                kind="interviewee",
                actor=item.get("actor"),
            )
            interviewee.participant_id = speaker.id
            link_qual_case(session, interviewee, document)
            if actor is not None:
                set_attribute(session, case, interviewee, "actor", actor.key, "text")
                if actor.sector:
                    set_attribute(session, case, interviewee, "sector", actor.sector, "text")
            if item.get("role"):
                set_attribute(session, case, interviewee, "role", str(item["role"]), "text")
            documents += 1
    codings = sum(
        load_codings(session, case, path) for path in sorted((folder / "codings").glob("*.yaml"))
    )
    return BundleSummary(documents=documents, codings=codings)


def load_codings(session: Session, case: Case, path: Path) -> int:
    """Import one quote-anchored codings file; every quote must occur in its document."""
    data = _read_yaml(path) or {}
    key = str(data.get("document", path.stem))
    document = session.scalar(
        select(Document).where(Document.case_id == case.id, Document.key == key)
    )
    if document is None:
        raise EvidenceError(_("{path}: unknown document {key!r}").format(path=path, key=key))
    count = 0
    for position, entry in enumerate(data.get("codings") or []):
        where = f"{path}: codings[{position}]"
        quote = str(entry.get("quote", ""))
        spans = find_spans(document.text, quote)
        occurrence = int(entry.get("occurrence", 1))
        if not quote or not 1 <= occurrence <= len(spans):
            raise EvidenceError(
                _("{where}: quote not found in {key}: {quote!r}").format(
                    where=where, key=key, quote=quote[:60]
                )
            )
        start, end = spans[occurrence - 1]
        try:
            add_coding(
                session,
                case,
                document=key,
                code=str(entry["code"]),
                coder=str(entry["coder"]),
                start=start,
                end=end,
                memo=entry.get("memo"),
            )
        except (KeyError, EvidenceError, LookupError) as exc:
            raise EvidenceError(f"{where}: {exc}") from exc
        count += 1
    return count
