"""Open a store: create the engine, upgrade the schema, refuse databases from the future."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from concierto.i18n import _
from concierto.store.errors import DatabaseOpenError, NewerDatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0004"
"""The newest migration, known without Alembic so that opening an up-to-date database does not
import it (a tenth of a second at every command); a test keeps it equal to Alembic's head."""


FTS_TABLE = "unit_fts"


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Leave the full-text index and its shadow tables out of schema comparisons."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def database_url(path_or_url: str | Path) -> str:
    """Turn a file path into a SQLite URL; leave URLs as they are."""
    text = str(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: bulk imports touch many index pages
    cursor.close()


def alembic_config() -> Config:
    """The Alembic configuration of the packaged migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest schema revision this version of concierto knows (from Alembic's scripts)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None for a new one)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse one written by a newer concierto."""
    if stored_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None:
            try:
                script.get_revision(current)
            except Exception as exc:
                raise NewerDatabaseError(
                    _(
                        "The database {url} was written by a newer version of concierto "
                        "(schema revision {revision}); upgrade concierto to open it."
                    ).format(url=engine.url.render_as_string(hide_password=True), revision=current)
                ) from exc
        if current == script.get_current_head():
            return
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class Store:
    """An open database: the engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def open_store(path_or_url: str | Path, *, create: bool = True) -> Store:
    """Open (and create or upgrade) the database at ``path_or_url``."""
    url = database_url(path_or_url)
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise FileNotFoundError(_("No database at {path}").format(path=path))
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        upgrade(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseOpenError(
            _("cannot open the database {url}: {reason}").format(
                url=engine.url.render_as_string(hide_password=True),
                reason=getattr(exc.orig, "args", [exc])[0],
            )
        ) from exc
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
