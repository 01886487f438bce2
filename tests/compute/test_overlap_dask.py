"""Functional overlap of a whole generated government on a Dask cluster of worker processes
over loopback (issue 19): the same neighbours, pairs and actor overlap as one process."""

from __future__ import annotations

import csv
import importlib.util

import pytest

from concierto.compute.executors import ProcessExecutor
from concierto.nlp.embed import HashingEmbedder
from concierto.nlp.overlap import FunctionStatement, _parts, functional_overlap
from generated_government import generate_government

needs_dask = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask not installed"
)


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> list[FunctionStatement]:
    """The 3 x 120 functions of a generated 120-body government (a fifth repeated)."""
    folder = generate_government(tmp_path_factory.mktemp("gov") / "case", 120)
    with (folder / "functions.csv").open(encoding="utf-8") as handle:
        return [FunctionStatement(r["id"], r["actor"], r["text"]) for r in csv.DictReader(handle)]


def _run(statements: list[FunctionStatement], executor: object = None) -> object:
    return functional_overlap(
        statements,
        HashingEmbedder(96),
        prefilter=HashingEmbedder(32),
        k=5,
        threshold=0.9,
        candidates=40,
        block=32,
        executor=executor,  # type: ignore[arg-type]
        parts=5,
    )


def test_parts_cut_on_block_edges() -> None:
    assert _parts(1000, 256, 3) == [(0, 512), (512, 1000)]
    assert _parts(10, 4, 10) == [(0, 4), (4, 8), (8, 10)]
    assert _parts(5, 512, 4) == [(0, 5)]


def test_process_pool_equals_serial(statements: list[FunctionStatement]) -> None:
    expected = _run(statements)
    assert expected.pairs  # type: ignore[attr-defined]
    with ProcessExecutor(workers=2) as pool:
        assert _run(statements, pool) == expected


@pytest.mark.slow
@needs_dask
def test_dask_local_cluster_of_processes_equals_serial(
    statements: list[FunctionStatement],
) -> None:
    from distributed import Client, LocalCluster

    from concierto.compute.executors import DaskExecutor

    expected = _run(statements)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        DaskExecutor(address=cluster.scheduler_address) as executor,
    ):
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert _run(statements, executor) == expected
        with Client(cluster.scheduler_address) as client:
            assert len(client.scheduler_info()["workers"]) == 2
