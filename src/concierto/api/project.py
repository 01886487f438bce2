"""``concierto.open(path_or_url)``: a project is one open store (SQLite file or database URL),
opened, created or upgraded by the same rules as the CLI's ``--db``, and closed when the
``with`` block ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from concierto.api.case import N_, Case, table
from concierto.api.results import Result, Table
from concierto.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from concierto.store import Store

CODER_COLUMNS = (("id", N_("Id")), ("name", N_("Name")), ("blind", N_("Blind")))


def database_exists(path_or_url: str | Path) -> bool:
    """True when ``path_or_url`` names a database that already exists (any non-SQLite URL
    counts: the server says)."""
    url = str(path_or_url)
    if "://" in url and not url.startswith("sqlite"):
        return True
    return Path(url.removeprefix("sqlite:///")).exists()


class Project:
    """An open concierto database and the policy cases it holds."""

    def __init__(self, store: Store, location: str, viewer: str | None = None) -> None:
        self.store = store
        self.location = location
        """The path or URL the project was opened from."""
        self.viewer = viewer
        """The coder who is looking: a blind coder sees only their own codings."""

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<concierto.Project {self.location!r}>"

    def close(self) -> None:
        """Release the database's connections."""
        self.store.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self.store.session() as session:
            yield session

    def cases(self) -> list[str]:
        """The ids of the policy cases, in load order."""
        from concierto.casefile.database import case_keys

        with self.session() as session:
            return case_keys(session)

    def case(self, key: str | None = None) -> Case:
        """The case ``key`` (None: the only case); a missing case raises
        :class:`~concierto.api.errors.CaseNotFoundError`."""
        from concierto.casefile.database import resolve_case

        with self.session() as session:
            return Case(self, resolve_case(session, key).key)

    def load(self, folder: str | Path, *, replace: bool = False) -> Case:
        """Validate a case folder and store it (with its codebook and, for a new case, its
        ``interviews/`` and ``codings/``); every problem is reported with its file, line and
        field, and nothing is stored. ``replace`` overwrites a case with the same id."""
        from concierto.casefile.load import load_case_folder

        result = load_case_folder(Path(folder), self.location, replace=replace)
        return Case(self, result.document.key)

    def refi_import(
        self,
        path: str | Path,
        case: str | None = None,
        *,
        new_case: str | None = None,
        kind: str = "other",
    ) -> Result:
        """Import a REFI-QDA project (``.qdpx``) or codebook (``.qdc``) into ``case`` or into a
        new case ``new_case``; the rows list what could not be carried over."""
        from concierto.api.refi import loss_table
        from concierto.interop.refi.service import import_file

        _summary, report = import_file(self.store, Path(path), case, kind=kind, new_case=new_case)
        return loss_table(report)

    def coders(self) -> Table:
        """Every coder of the database, and whether they code blind."""
        from sqlalchemy import select

        from concierto.model import Coder

        with self.session() as session:
            rows = [
                {"id": c.key, "name": c.name, "blind": c.blind}
                for c in session.scalars(select(Coder).order_by(Coder.id))
            ]
        return table(_("Coders"), CODER_COLUMNS, rows)


def open(path_or_url: str | Path, *, create: bool = True, viewer: str | None = None) -> Project:
    """Open the concierto database at ``path_or_url`` (a SQLite file or a database URL).

    An older database is upgraded, one written by a newer concierto is refused
    (:class:`~concierto.api.errors.NewerDatabaseError`); with ``create=False`` a missing file
    is an error instead of a new database. ``viewer`` names the coder who is looking (blind
    coding, as ``--as`` in the CLI). Use it as a context manager to close it."""
    from concierto.store import StoreError, open_store

    location = str(path_or_url)
    if not create and not database_exists(location):
        raise StoreError(_("No database at {path}").format(path=location))
    return Project(open_store(location), location, viewer)
