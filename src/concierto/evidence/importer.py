"""Import many files: prepare them on an executor (serial, processes or Dask) in batches, and
write each batch while the next one is being prepared. One transaction for the whole import:
a bad file aborts it and the store keeps nothing of it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from concierto.compute.executors import Executor, SerialExecutor
from concierto.evidence.prepare import FileJob, PreparedDocument, prepare_file
from concierto.evidence.store import DocumentRecord, add_documents
from concierto.model import Case, Document


@dataclass(frozen=True)
class ImportRequest:
    """A file and what to record about it."""

    path: Path
    key: str
    kind: str = "other"
    title: str | None = None
    date: str | None = None
    issuing_actor: str | None = None
    citation: str | None = None
    provenance: str = "source"

    def record(self) -> DocumentRecord:
        """What the store records about the file besides its text."""
        return DocumentRecord(
            key=self.key,
            kind=self.kind,
            title=self.title,
            filename=self.path.name,
            date=self.date,
            issuing_actor=self.issuing_actor,
            citation=self.citation,
            provenance=self.provenance,
        )


def import_files(
    session: Session,
    case: Case,
    requests: Sequence[ImportRequest],
    *,
    job: Callable[[Path], FileJob] = lambda path: FileJob(str(path)),
    executor: Executor | None = None,
    batch: int = 32,
    progress: Callable[[int], None] | None = None,
) -> list[Document]:
    """Prepare ``requests`` on ``executor`` and store them in ``session`` in request order."""
    runner = executor or SerialExecutor()
    runner.start()  # from this thread, before the one that reads ahead: workers may fork
    batches = [requests[i : i + batch] for i in range(0, len(requests), batch)]
    documents: list[Document] = []
    with ThreadPoolExecutor(max_workers=1) as ahead:

        def submit(index: int) -> Future[list[PreparedDocument]] | None:
            if index >= len(batches):
                return None
            jobs = [job(request.path) for request in batches[index]]
            return ahead.submit(runner.map, prepare_file, jobs)

        # Two batches ahead: the workers keep preparing while the store writes, and memory
        # stays bounded to three batches of prepared documents.
        pending = deque(filter(None, (submit(0), submit(1))))
        for index, chunk in enumerate(batches):
            prepared = pending.popleft().result()
            following = submit(index + 2)
            if following is not None:
                pending.append(following)
            records = [request.record() for request in chunk]
            entries = list(zip(prepared, records, strict=True))
            documents.extend(add_documents(session, case, entries))
            if progress:
                progress(len(documents))
    return documents
