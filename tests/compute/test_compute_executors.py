"""Executors give identical, ordered results: serial, process pool and Dask."""

from __future__ import annotations

import importlib.util
import multiprocessing
import sys
import threading

import pytest

from concierto.compute.executors import (
    DaskExecutor,
    ExecutorError,
    ProcessExecutor,
    SerialExecutor,
    default_start_method,
    make_executor,
)
from concierto.nlp.rules import Rule, RuleSet, Suggestion

TEXTS = [
    "La articulación con el MEF es débil.",
    "No hay coordinación entre sectores.",
    "",
    "Coordinación y articulación: ninguna.",
] * 3
RULES = RuleSet([Rule("r1", "coord", keywords=("coordinación", "articulación"))])


def code_document(text: str) -> list[Suggestion]:
    """Module-level (picklable) unit of work: auto-code one sentence-per-text document."""
    return RULES.autocode(text, {"sentence": [(0, len(text))]})


def test_serial_is_the_plain_map() -> None:
    with SerialExecutor() as executor:
        assert executor.map(len, ["a", "bb"]) == [1, 2]
        assert executor.map(len, []) == []


@pytest.mark.slow
@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_process_pool_equals_serial(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available here")
    expected = SerialExecutor().map(code_document, TEXTS)
    assert sum(len(found) for found in expected) == 9
    with ProcessExecutor(workers=2, chunksize=2, start_method=method) as executor:
        executor.start()
        assert executor.started_with == method
        assert executor.map(code_document, TEXTS) == expected
        assert executor.map(code_document, []) == []


def test_workers_fork_only_from_a_single_threaded_linux_process() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert default_start_method() == "spawn"
    finally:
        release.set()
        other.join()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert default_start_method() == "fork"
    with pytest.raises(ExecutorError, match="unknown start method 'thread'"):
        ProcessExecutor(start_method="thread")


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_dask_equals_serial() -> None:
    expected = SerialExecutor().map(code_document, TEXTS)
    with DaskExecutor(workers=1, processes=False) as executor:
        assert executor.map(code_document, TEXTS) == expected


def test_make_executor_by_name_and_errors() -> None:
    assert make_executor("serial").name == "serial"
    assert make_executor("process", workers=1).name == "process"
    with pytest.raises(ExecutorError, match="unknown executor 'gpu'"):
        make_executor("gpu")
    with pytest.raises(ExecutorError, match="workers"):
        ProcessExecutor(workers=0)
