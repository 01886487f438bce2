"""Alembic environment: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from concierto.model import Base
from concierto.store.engine import include_name

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run pending migrations on ``connection`` (batch mode, so SQLite can alter tables)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through the store
    raise RuntimeError("concierto migrations run through concierto.store.open_store()")
run_migrations(connection)
