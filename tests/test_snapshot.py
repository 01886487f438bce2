"""The case snapshot: records with evidence ids and lookups, built from the store."""

from __future__ import annotations

from pathlib import Path

from concierto.casefile import read_case_folder, save_case
from concierto.snapshot import load_snapshot, snapshot_from_document
from concierto.store import open_store


def test_snapshot_of_the_mini_case(mini_case: Path) -> None:
    snapshot = snapshot_from_document(read_case_folder(mini_case))
    assert [a.id for a in snapshot.actors] == ["min-a", "ag-1", "unit-2"]
    assert snapshot.actor("ag-1").parent == "min-a"
    assert snapshot.actor("ag-1").evidence_id == "actor:ag-1"
    assert snapshot.actor("min-a").source_ref == "ley-1"
    assert [t.evidence_id for t in snapshot.ties] == ["tie:1", "tie:2"]
    assert snapshot.ties[1].evidence == ("seg:1", "seg:2")
    programme = snapshot.element("prog-1")
    assert programme.executors == (("ag-1", 600.0), ("unit-2", 400.0))
    assert programme.actors == ("ag-1", "unit-2")
    assert snapshot.element("ag1-oei1").actors == ("ag-1",)
    assert snapshot.metcalfe_levels == {"commission": 5}
    assert snapshot.events[1].related == {"new_parent": ("min-a",), "old_parent": ("unit-2",)}
    assert [(i.source, i.target, i.score) for i in snapshot.interactions] == [
        ("ag1-oei1", "p1", 2),
        ("ag1-oei1", "p1", -1),
        ("p1", "prog-1", 3),
    ]


def test_snapshot_from_the_store_equals_the_file(mini_case: Path, db_path: Path) -> None:
    document = read_case_folder(mini_case)
    store = open_store(db_path)
    with store.session() as session:
        save_case(session, document)
    assert load_snapshot(store) == snapshot_from_document(document)
    store.close()
