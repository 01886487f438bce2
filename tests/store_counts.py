"""Counts of what a database holds (documents, codes, codings, memos, codings per coder and
the case ids): to compare a project before and after a REFI-QDA round trip."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from concierto.model import Case, Code, Coder, Coding, Document, Memo
from concierto.store import open_store


def record_counts(db: Path) -> dict[str, object]:
    """The counts of the store at ``db`` (the ``cases`` entry lists the case ids)."""
    store = open_store(db)
    with store.session() as session:
        found: dict[str, object] = {
            model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Document, Code, Coding, Memo)
        }
        found["by coder"] = sorted(
            session.execute(
                select(Coder.key, func.count())
                .join(Coding, Coding.coder_id == Coder.id)
                .group_by(Coder.key)
            ).all()
        )
        found["cases"] = list(session.scalars(select(Case.key)))
    store.close()
    return found
