"""Importing many files: prepared on an executor in batches, stored in request order, the same
whichever executor prepares them, and all or nothing."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.compute.executors import Executor, ProcessExecutor, SerialExecutor
from concierto.evidence.importer import ImportRequest, import_files
from concierto.ingest.errors import EmptyFileError
from concierto.model import Document, Unit
from concierto.store import Store, open_store

TEXTS = [
    "La rectoría es difusa. Nadie convoca a los sectores.",
    "Entrevistador: ¿Coordinan con el MEF?\n\nE02: Poco. Las reuniones son informales.",
    "El Sr. Pérez firmó el D.S. N.º 004-2013-PCM. Nadie lo leyó.",
    "Cada pliego defiende su presupuesto.\n\nNo hay información compartida.",
    "Los objetivos institucionales no se alinean con la política.",
]


def _files(folder: Path) -> list[Path]:
    paths = []
    for index, body in enumerate(TEXTS):
        path = folder / f"doc{index}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def _contents(store: Store) -> list[tuple[object, ...]]:
    """Documents, units and index entries, without ids: what must not depend on the executor."""
    with store.session() as session:
        documents = session.execute(
            select(Document.key, Document.ordinal, Document.text).order_by(Document.ordinal)
        ).all()
        units = session.execute(
            select(Document.key, Unit.kind, Unit.start, Unit.end, Unit.ordinal)
            .join(Document)
            .order_by(Document.ordinal, Unit.kind, Unit.start)
        ).all()
        indexed = session.execute(
            text(
                "SELECT document.key, unit.start, unit_fts.lemmas FROM unit_fts "
                "JOIN unit ON unit.id = unit_fts.rowid JOIN document ON document.id = "
                "unit.document_id ORDER BY document.ordinal, unit.start"
            )
        ).all()
    return [tuple(row) for row in [*documents, *units, *indexed]]


def _import(store: Store, paths: list[Path], executor: Executor) -> None:
    with store.session() as session:
        case = resolve_case(session, None)
        requests = [ImportRequest(path, path.stem, "interview") for path in paths]
        stored = import_files(session, case, requests, executor=executor, batch=2)
        assert [document.key for document in stored] == [path.stem for path in paths]


@pytest.mark.slow
def test_a_process_pool_stores_what_the_serial_executor_stores(
    mini_store: Store, tmp_path: Path, mini_case: Path
) -> None:
    paths = _files(tmp_path)
    _import(mini_store, paths, SerialExecutor())
    db = tmp_path / "pool.db"
    load_case_folder(mini_case, str(db))
    pooled = open_store(db)
    single_threaded = threading.active_count() == 1
    with ProcessExecutor(workers=2) as runner:
        _import(pooled, paths, runner)
        # Started from the calling thread, before the read-ahead thread: free to fork.
        if sys.platform.startswith("linux") and single_threaded:
            assert runner.started_with == "fork"
    try:
        assert _contents(pooled) == _contents(mini_store)
        assert len(_contents(mini_store)) > 5 * 3
    finally:
        pooled.close()


def test_a_bad_file_in_a_later_batch_stores_nothing(mini_store: Store, tmp_path: Path) -> None:
    paths = _files(tmp_path)
    empty = tmp_path / "vacio.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFileError, match=r"vacio\.txt"):
        _import(mini_store, [*paths, empty], SerialExecutor())
    with mini_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.scalar(select(func.count()).select_from(Unit)) == 0
