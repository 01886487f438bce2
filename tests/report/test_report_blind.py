"""A report computed for a blind coder rests only on that coder's codings."""

from __future__ import annotations

from pathlib import Path

from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.evidence.adjudication import set_blind
from concierto.evidence.prepare import prepare_text
from concierto.evidence.store import add_coding, add_document
from concierto.report.build import compute_from_store
from concierto.store import open_store
from text_documents import text_document

TEXT = "E01: No hay visión compartida. La coordinación con el MEF es débil.\n"


def test_blind_viewer_report(tmp_path: Path, mini_case: Path) -> None:
    load_case_folder(mini_case, str(tmp_path / "r.db"))
    store = open_store(tmp_path / "r.db")
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, prepare_text(text_document(TEXT)), key="E01", kind="interview")
        add_coding(
            session, case, document="E01", code="vision.ausente", coder="ana", start=5, end=30
        )
        add_coding(
            session,
            case,
            document="E01",
            code="informacion.ausencia",
            coder="bea",
            start=31,
            end=67,
        )
        set_blind(session, "ana", True)
    seen = {c.coder for c in compute_from_store(store, viewer="ana").evidence.codings}
    everyone = {c.coder for c in compute_from_store(store).evidence.codings}
    store.close()
    assert seen == {"ana"}
    assert everyone == {"ana", "bea"}
