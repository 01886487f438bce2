"""Opening the database named by ``--db`` for commands that read a case already stored: a
missing or unreadable database, and the errors a command names, become messages, not
tracebacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.markup import escape
from sqlalchemy.orm import Session

from concierto.cli.app import db_path_exists, fail, state
from concierto.i18n import _
from concierto.store import Store, StoreError, open_store

if TYPE_CHECKING:
    from concierto.api.case import Case

READ_ERRORS: tuple[type[Exception], ...] = (LookupError, StoreError, ValueError)
"""What reading a stored case may raise that the user can act on (no case, bad data)."""


def open_existing_store() -> Store:
    """The store at ``--db``, which must exist already."""
    if not db_path_exists(state.db):
        raise fail(escape(_("No database at {path}").format(path=state.db)))
    try:
        return open_store(state.db)
    except StoreError as exc:
        raise fail(escape(str(exc))) from exc


@contextmanager
def stored_session(errors: tuple[type[Exception], ...] = READ_ERRORS) -> Iterator[Session]:
    """One transaction on the existing store; ``errors`` raised inside become messages."""
    store = open_existing_store()
    try:
        with store.session() as session:
            yield session
    except errors as exc:
        raise fail(escape(str(exc))) from exc
    finally:
        store.close()


@contextmanager
def stored_case(
    case: str | None, errors: tuple[type[Exception], ...] = READ_ERRORS
) -> Iterator[Case]:
    """The case ``case`` (the only one when None) of the project at ``--db``, through the
    public API, as the ``--as`` coder sees it; ``errors`` raised inside become messages."""
    from concierto.api.project import open as open_project

    if not db_path_exists(state.db):
        raise fail(escape(_("No database at {path}").format(path=state.db)))
    try:
        project = open_project(state.db, viewer=state.viewer)
    except StoreError as exc:
        raise fail(escape(str(exc))) from exc
    try:
        yield project.case(case)
    except errors as exc:
        raise fail(escape(str(exc))) from exc
    finally:
        project.close()
