"""Commands that read a stored case refuse a database that does not exist, and create none."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [["measure", "structure"], ["query", "frequency"], ["coders", "ls"], ["report"]],
)
def test_a_missing_database_is_named_and_not_created(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "none.db"
    result = runner.invoke(load_app(), ["--db", str(db), "--lang", "en", *command])
    assert result.exit_code == 1
    assert f"No database at {db}" in result.output
    assert not db.exists()
