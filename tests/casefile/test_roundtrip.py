"""Load → export → load gives identical data, for the hand-made case and the Peru example."""

from __future__ import annotations

from pathlib import Path

import pytest

from concierto.casefile import fetch_case, read_case_folder, save_case, write_case_folder
from concierto.examples import example_path
from concierto.store import open_store

CASES = [pytest.param("mini", id="mini"), pytest.param("peru-pnmgp", id="peru-pnmgp")]


def _folder(name: str, mini_case: Path) -> Path:
    return mini_case if name == "mini" else example_path(name)


@pytest.mark.parametrize("name", CASES)
def test_store_keeps_every_field(name: str, mini_case: Path, db_path: Path) -> None:
    document = read_case_folder(_folder(name, mini_case))
    store = open_store(db_path)
    with store.session() as session:
        save_case(session, document)
    with store.session() as session:
        assert fetch_case(session, document.key).data == document.data
    store.close()


@pytest.mark.parametrize("name", CASES)
def test_load_export_load_is_identical(name: str, mini_case: Path, tmp_path: Path) -> None:
    first = open_store(tmp_path / "first.db")
    with first.session() as session:
        save_case(session, read_case_folder(_folder(name, mini_case)))
    with first.session() as session:
        exported = fetch_case(session)
    write_case_folder(exported, tmp_path / "exported")
    second = open_store(tmp_path / "second.db")
    with second.session() as session:
        save_case(session, read_case_folder(tmp_path / "exported"))
    with second.session() as session:
        assert fetch_case(session).data == exported.data
    first.close()
    second.close()


def test_mini_values_survive(mini_case: Path, db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        save_case(session, read_case_folder(mini_case))
    with store.session() as session:
        data = fetch_case(session, "mini").data
    agency = next(a for a in data["actors"] if a["id"] == "ag-1")
    assert agency["aliases"] == ["La Agencia", "Agencia 1"]
    assert agency["parent"] == "min-a"
    assert agency["parent_relation"] == "attached_to"  # the default, made explicit
    assert agency["created"] == "2008"  # a bare year written as a number
    assert data["case"]["description"].endswith("🙂, para probar la carga.\n")
    programme = data["programmes"][0]
    assert programme["executors"] == [
        {"actor": "ag-1", "budget": 600.0},
        {"actor": "unit-2", "budget": 400.0},
    ]
    tie = data["ties"][1]
    assert tie["evidence"] == ["seg:1", "seg:2"]
    assert tie["weight"] == 2.0
    assert tie["note"] == "informe, por oficio"
    event = data["events"][1]
    assert event["new_parent"] == ["min-a"] and event["old_parent"] == ["unit-2"]
    assert [i["score"] for i in data["interactions"]] == [2, -1, 3]


def test_replacing_a_case_keeps_one_copy(mini_case: Path, db_path: Path) -> None:
    store = open_store(db_path)
    document = read_case_folder(mini_case)
    for _ in range(2):
        with store.session() as session:
            save_case(session, document)
    with store.session() as session:
        from concierto.casefile.database import case_keys

        assert case_keys(session) == ["mini"]
        assert fetch_case(session).data == document.data
    store.close()


def test_exported_csv_tables(mini_case: Path, tmp_path: Path) -> None:
    written = write_case_folder(read_case_folder(mini_case), tmp_path / "out")
    names = sorted(path.name for path in written)
    assert names == ["actors.csv", "case.yaml", "functions.csv", "interactions.csv", "ties.csv"]
    header = (tmp_path / "out" / "ties.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("from,to,layer,weight,origin,evidence")
