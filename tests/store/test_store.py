"""The store: migrations from empty, schema agreement, upgrade on open, newer databases refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from concierto.model import Base
from concierto.store import NewerDatabaseError, head_revision, open_store
from concierto.store.engine import HEAD_REVISION, database_url, include_name


def test_migrations_from_empty_create_every_table(db_path: Path) -> None:
    store = open_store(db_path)
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    store.close()


def test_migrated_schema_matches_the_models(db_path: Path) -> None:
    store = open_store(db_path)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_reopening_keeps_the_revision(db_path: Path) -> None:
    open_store(db_path).close()
    store = open_store(db_path)
    with store.engine.connect() as connection:
        revision = connection.execute(text("select version_num from alembic_version")).scalar()
    assert revision == head_revision()
    store.close()


def test_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("update alembic_version set version_num = '9999_future'")
    with pytest.raises(NewerDatabaseError, match="9999_future"):
        open_store(db_path)


def test_full_text_index_is_created_and_follows_deletions(db_path: Path) -> None:
    store = open_store(db_path)
    with store.engine.begin() as connection:
        connection.execute(text("insert into unit_fts(rowid, lemmas) values (7, 'b')"))
        triggers = connection.execute(
            text("select name from sqlite_master where type = 'trigger'")
        ).scalars()
        assert "unit_fts_delete" in set(triggers)
    store.close()


def test_sqlite_pragmas(db_path: Path) -> None:
    store = open_store(db_path)
    with store.engine.connect() as connection:
        assert connection.execute(text("pragma foreign_keys")).scalar() == 1
        assert connection.execute(text("pragma journal_mode")).scalar() == "wal"
    store.close()


def test_database_url() -> None:
    assert database_url("a/b.db") == "sqlite:///a/b.db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_open_without_create_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "missing.db", create=False)


def test_upgrade_keeps_existing_data(db_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from concierto.store.engine import alembic_config

    engine = create_engine(f"sqlite:///{db_path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                'insert into "case" (key, title, language, settings, provenance) '
                "values ('old', 'Old case', 'es', '{}', 'illustrative')"
            )
        )
    engine.dispose()
    store = open_store(db_path)
    with store.engine.connect() as connection:
        row = connection.execute(text('select key, analysis_open from "case"')).one()
    assert tuple(row) == ("old", 0)
    store.close()


def test_the_known_head_is_alembics_head() -> None:
    assert head_revision() == HEAD_REVISION


def test_an_up_to_date_database_opens_without_alembic(db_path: Path) -> None:
    open_store(db_path).close()
    probe = (
        "import sys; from concierto.store import open_store; "
        f"open_store({str(db_path)!r}).close(); print('alembic' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    assert output.strip() == "False"


def test_no_two_constraints_or_indexes_of_a_table_share_a_name() -> None:
    """PostgreSQL refuses a repeated name, and schema comparisons pair constraints by name."""
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.constraints if c.name] + [i.name for i in table.indexes]
        assert len(names) == len(set(names)), table.name
