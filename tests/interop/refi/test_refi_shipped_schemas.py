"""Every export is validated against the official schemas shipped in the package, without
REFI_SCHEMA_DIR; a writer that produced an invalid document would be refused."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from refi_support import migrated_store, populate_rich
from typer.testing import CliRunner

from concierto.cli import load_app
from concierto.interop.refi import write
from concierto.interop.refi.errors import RefiSchemaError
from concierto.interop.refi.service import export_file
from concierto.interop.refi.validate import (
    BUNDLED_SCHEMA_DIR,
    SCHEMA_DIR_VARIABLE,
    default_schema_dir,
    schema_errors,
)
from concierto.store import Store

app = load_app()
runner = CliRunner()
SHIPPED = {
    "Project.xsd": "7841112e27897debf996f76209b9c5a5d074d66c1297a2f19f5ef250d29303bd",
    "Codebook.xsd": "bc4706a6fdb736cc3248de1753366f2b1f5b13e6828d319cea2874deb7e61b52",
}


@pytest.fixture
def rich(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.delenv(SCHEMA_DIR_VARIABLE, raising=False)
    store = migrated_store(tmp_path / "rico.db")
    populate_rich(store)
    return store


def test_the_official_schemas_ship_unmodified_with_their_licence() -> None:
    for name, digest in SHIPPED.items():
        assert hashlib.sha256((BUNDLED_SCHEMA_DIR / name).read_bytes()).hexdigest() == digest
    licence = (BUNDLED_SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT" in licence and "Copyright 2019 REFI www.qdasoftware.org." in licence
    assert "licensed under the MIT license" in (BUNDLED_SCHEMA_DIR / "Project.xsd").read_text(
        encoding="utf-8"
    )


def test_without_the_variable_the_shipped_schemas_are_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SCHEMA_DIR_VARIABLE, raising=False)
    assert default_schema_dir() == BUNDLED_SCHEMA_DIR
    monkeypatch.setenv(SCHEMA_DIR_VARIABLE, str(tmp_path))
    assert default_schema_dir() == tmp_path


def test_an_export_is_validated_and_says_nothing_about_unchecked_output(
    rich: Store, tmp_path: Path
) -> None:
    path = tmp_path / "rico.qdpx"
    report = export_file(rich, path, "rico")
    assert not any("schema" in note for note in report.notes)
    with zipfile.ZipFile(path) as archive:
        assert schema_errors(archive.read("project.qde"), "project", BUNDLED_SCHEMA_DIR) == []


def test_a_corrupted_writer_output_is_refused_and_nothing_written(
    rich: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write.project_xml

    def corrupted(project):  # type: ignore[no-untyped-def]
        return good(project).replace(b"<CodeBook>", b"<CodeBook><Unexpected/>", 1)

    monkeypatch.setattr(write, "project_xml", corrupted)
    path = tmp_path / "rico.qdpx"
    with pytest.raises(RefiSchemaError, match=r"Project\.xsd"):
        export_file(rich, path, "rico")
    assert not any("qdpx" in p.name for p in tmp_path.iterdir())  # nor a temporary file


def test_the_cli_validates_without_options_and_refuses_a_corrupted_codebook(
    rich: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rich.close()
    db = tmp_path / "rico.db"
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "refi", "export",
                                 str(tmp_path / "ok.qdpx")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not checked" not in result.output
    good = write.codebook_xml
    monkeypatch.setattr(write, "codebook_xml", lambda p: good(p).replace(b'isCodable="', b'x="'))
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "refi", "export",
                                 str(tmp_path / "bad.qdc")])  # fmt: skip
    assert result.exit_code == 1
    assert "does not validate against Codebook.xsd" in result.output
    assert not (tmp_path / "bad.qdc").exists()
