"""concierto → .qdpx → concierto keeps everything REFI can carry, with the same GUIDs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from refi_support import new_store
from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.casefile.database import resolve_case
from concierto.interop.refi.service import export_file, import_file
from concierto.model import (
    Attribute,
    AttributeValue,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    QualCase,
    QualCaseLink,
)
from concierto.store import Store


def snapshot(session: Session, case_key: str) -> dict[str, Any]:
    """What REFI carries of a case, keyed by GUID so two stores can be compared."""
    case = resolve_case(session, case_key)
    codes = {c.id: c for c in session.scalars(select(Code).where(Code.case_id == case.id))}
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.case_id == case.id))}
    coders = {c.id: c for c in session.scalars(select(Coder))}
    codings = {c.id: c for c in session.scalars(select(Coding).where(Coding.case_id == case.id))}
    qual = {q.id: q for q in session.scalars(select(QualCase).where(QualCase.case_id == case.id))}
    attributes = {a.id: a for a in session.scalars(select(Attribute))}

    def target(memo: Memo) -> str | None:
        tables: dict[str, dict[int, Any]] = {
            "code": codes, "document": docs, "coding": codings, "qual_case": qual,
        }
        if memo.target_type == "case" or memo.target_id is None:
            return "case"
        return str(tables[memo.target_type][memo.target_id].guid)

    return {
        "codes": {
            c.guid: (c.label_es, c.codable, c.color, c.definition.get("es"),
                     codes[c.parent_id].guid if c.parent_id else None)
            for c in codes.values()
        },
        "documents": {d.guid: (d.title, d.text) for d in docs.values()},
        "codings": {
            c.guid: (docs[c.document_id].guid, c.start, c.end, codes[c.code_id].guid,
                     coders[c.coder_id].guid, coders[c.coder_id].name, c.memo, c.created_at)
            for c in codings.values()
        },
        "memos": {
            m.guid: (target(m), m.title, m.text,
                     coders[m.coder_id].guid if m.coder_id else None)
            for m in session.scalars(select(Memo).where(Memo.case_id == case.id))
            if target(m) is not None
        },
        "cases": {q.guid: (q.name, q.description) for q in qual.values()},
        "links": sorted(
            (qual[link.qual_case_id].guid, docs[link.document_id].guid, link.start, link.end)
            for link in session.scalars(select(QualCaseLink))
            if link.qual_case_id in qual
        ),
        "values": sorted(
            (qual[v.qual_case_id].guid, attributes[v.attribute_id].guid,
             attributes[v.attribute_id].name, attributes[v.attribute_id].type,
             v.text_value, v.number_value, v.date_value, v.boolean_value)
            for v in session.scalars(select(AttributeValue))
            if v.qual_case_id in qual
        ),
        "sets": case.settings.get("refi_sets"),
    }


def test_round_trip_preserves_everything_refi_carries(rich_store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "rico.qdpx"
    export_file(rich_store, archive, "rico")
    target = new_store(tmp_path / "b.db")
    summary, _report = import_file(target, archive, "destino")
    assert summary.documents == 2 and summary.codings == 4 and summary.coders == 2
    with rich_store.session() as session:
        before = snapshot(session, "rico")
    with target.session() as session:
        after = snapshot(session, "destino")
    # The memo on a code that no longer exists (target_id None) moves to the project level.
    assert after["codes"] == before["codes"]
    assert after["documents"] == before["documents"]
    assert after["codings"] == before["codings"]
    assert after["cases"] == before["cases"]
    assert after["links"] == before["links"]
    assert after["values"] == before["values"]
    assert after["sets"] == before["sets"]
    assert after["memos"] == before["memos"]
    assert len(before["codings"]) == 4 and len(before["memos"]) == 6
    target.close()


def test_text_with_emoji_keeps_code_point_spans(rich_store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "rico.qdpx"
    export_file(rich_store, archive, "rico")
    target = new_store(tmp_path / "b.db")
    import_file(target, archive, "destino")
    with target.session() as session:
        spans = {
            d.text[c.start : c.end]
            for c, d in session.execute(
                select(Coding, Document).join(Document, Coding.document_id == Document.id)
            )
            if c.start is not None
        }
    assert "WhatsApp 📱" in spans
    assert any(s.startswith("Año tras año pedimos reuniones 🙂") for s in spans)
    target.close()


def test_guids_are_stable_across_exports(rich_store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "1.qdpx", tmp_path / "2.qdpx"
    export_file(rich_store, first, "rico")
    export_file(rich_store, second, "rico")
    import zipfile

    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("project.qde") == b.read("project.qde")
        assert sorted(a.namelist()) == sorted(b.namelist())


def test_second_export_after_import_keeps_guids(rich_store: Store, tmp_path: Path) -> None:
    import re
    import zipfile

    archive, again = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_file(rich_store, archive, "rico")
    target = new_store(tmp_path / "b.db")
    import_file(target, archive, "destino")
    export_file(target, again, "destino")
    pattern = re.compile(rb'guid="([0-9a-f-]{36})"')
    with zipfile.ZipFile(archive) as a, zipfile.ZipFile(again) as b:
        assert set(pattern.findall(a.read("project.qde"))) == set(
            pattern.findall(b.read("project.qde"))
        )
    target.close()


def test_reimport_of_an_export_loses_nothing(rich_store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "rico.qdpx"
    export_file(rich_store, archive, "rico")
    target = new_store(tmp_path / "b.db")
    _summary, report = import_file(target, archive, "destino")
    assert report.dropped == {} and report.altered == {}
    assert report.notes == [
        "written by concierto",
        "concierto's codebook in the archive gave 4 codes their ids, labels, polarity and "
        "mappings",
    ]
    target.close()
