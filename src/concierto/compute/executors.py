"""Batch work behind one interface: serial, a process pool, or Dask distributed.

Every executor maps a function over items and returns the results in the order of the items,
so a computation gives identical results whichever executor runs it (the function must be
deterministic and, for the process pool and Dask, importable at module level so it can be
pickled). Dask is optional (``pip install concierto[dist]``) and imported only when used.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ExecutorError(ValueError):
    """An executor that cannot be created (unknown name, missing optional dependency)."""


class Executor(Protocol):
    """Maps a function over items, returning results in item order."""

    name: str

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]``, possibly computed elsewhere."""
        ...

    def start(self) -> None:
        """Start the workers now, from the calling thread (otherwise on first use)."""
        ...

    def close(self) -> None:
        """Release workers (no-op for the serial executor)."""
        ...


class SerialExecutor:
    """Runs everything in this process, one item after another (the reference)."""

    name = "serial"

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Plain list comprehension."""
        return [fn(item) for item in items]

    def start(self) -> None:
        """Nothing to start."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


START_METHODS: tuple[str, ...] = ("fork", "spawn")


def default_start_method() -> str:
    """``fork`` on Linux when this process runs a single thread, ``spawn`` otherwise.

    A forked worker starts in milliseconds with every module its parent imported, where a
    spawned one starts a new interpreter and imports them again (about a second). Forking is
    only safe while no other thread runs (the child would inherit locks held by threads that do
    not exist in it), and on macOS system libraries refuse it; there, spawn.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


class ProcessExecutor:
    """A local process pool; see :func:`default_start_method` for how its workers start."""

    name = "process"

    def __init__(
        self, workers: int | None = None, chunksize: int = 1, start_method: str | None = None
    ) -> None:
        if workers is not None and workers < 1:
            raise ExecutorError(f"workers must be at least 1, got {workers}")
        if chunksize < 1:
            raise ExecutorError(f"chunksize must be at least 1, got {chunksize}")
        if start_method is not None and start_method not in START_METHODS:
            raise ExecutorError(
                f"unknown start method {start_method!r}; choose one of {START_METHODS}"
            )
        self.workers = workers or max(1, (os.cpu_count() or 1))
        self.chunksize = chunksize
        self.start_method = start_method
        self.started_with: str | None = None
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = self.start_method or default_start_method()
            context = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            self.started_with = method
        return self._pool

    def start(self) -> None:
        """Create the pool and launch its processes now (a forking pool forks them all here)."""
        self._get_pool().submit(int)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Results in item order; the pool starts on first use and is reused."""
        if not items:
            return []
        return list(self._get_pool().map(fn, items, chunksize=self.chunksize))

    def close(self) -> None:
        """Shut the pool down and wait for its processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class DaskExecutor:
    """Dask distributed: a scheduler at ``address``, or a LocalCluster started on demand."""

    name = "dask"

    def __init__(
        self, address: str | None = None, workers: int = 2, processes: bool = True
    ) -> None:
        try:
            import distributed
        except ImportError:
            raise ExecutorError(
                "the Dask executor needs the optional packages dask and distributed "
                "(pip install 'concierto[dist]')"
            ) from None
        self._distributed: Any = distributed
        self.address = address
        self.workers = workers
        self.processes = processes
        self._cluster: Any = None
        self._client: Any = None

    def _get_client(self) -> Any:
        if self._client is None:
            distributed = self._distributed
            if self.address is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=self.processes,
                    dashboard_address=None,
                )
                self._client = distributed.Client(self._cluster)
            else:
                self._client = distributed.Client(self.address)
        return self._client

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """Submit one task per item and gather the results in item order."""
        if not items:
            return []
        client = self._get_client()
        futures = client.map(fn, list(items), pure=False)
        results: list[R] = client.gather(futures)
        return results

    def start(self) -> None:
        """Connect to the scheduler, or start the local cluster, now."""
        self._get_client()

    def close(self) -> None:
        """Close the client and, when we started it, the local cluster."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


EXECUTOR_NAMES: tuple[str, ...] = ("serial", "process", "dask")


def make_executor(name: str, workers: int | None = None, address: str | None = None) -> Executor:
    """An executor by name: ``serial``, ``process`` (``workers``) or ``dask`` (``address``)."""
    if name == "serial":
        return SerialExecutor()
    if name == "process":
        return ProcessExecutor(workers=workers)
    if name == "dask":
        return DaskExecutor(address=address, workers=workers or 2)
    raise ExecutorError(f"unknown executor {name!r}; choose one of {EXECUTOR_NAMES}")
