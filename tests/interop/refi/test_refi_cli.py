"""`concierto refi import|export|check` through the CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from refi_support import make_qdpx, migrated_store, new_store, populate_rich
from sqlalchemy import func, select
from typer.testing import CliRunner

import concierto.cli.refi  # noqa: F401  (registers the refi commands)
from concierto.cli.app import app
from concierto.model import Coding, Document
from concierto.store import open_store

runner = CliRunner()


def _rich_db(tmp_path: Path) -> Path:
    db = tmp_path / "rico.db"
    store = migrated_store(db)
    populate_rich(store)
    store.close()
    return db


def _schemas_option() -> list[str]:
    from refi_support import schema_dir

    return ["--schemas", str(schema_dir())]


def test_export_then_import_through_the_cli(tmp_path: Path) -> None:
    db = _rich_db(tmp_path)
    out = tmp_path / "rico.qdpx"
    result = runner.invoke(app, ["--db", str(db), "refi", "export", str(out), "--case", "rico",
                                 *_schemas_option(), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["report"]["kept"]["Coding"] == 4
    assert zipfile.is_zipfile(out)
    target = tmp_path / "b.db"
    new_store(target).close()
    result = runner.invoke(app, ["--db", str(target), "refi", "import", str(out), "--case",
                                 "destino", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"]["codings"] == 4
    store = open_store(target)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == 4
    store.close()


def test_codebook_only_writes_a_qdc(tmp_path: Path) -> None:
    db = _rich_db(tmp_path)
    result = runner.invoke(app, ["--db", str(db), "refi", "export", str(tmp_path / "x.qdpx"),
                                 "--codebook-only", *_schemas_option()])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.qdc").read_text(encoding="utf-8").count("<Code ") == 4
    assert not (tmp_path / "x.qdpx").exists()


def test_check_lists_losses_and_stores_nothing(tmp_path: Path) -> None:
    xml = ('<Project xmlns="urn:QDA-XML:project:1.0" name="Proyecto ñ"><Sources>'
           '<TextSource guid="50000000-0000-4000-8000-000000000001" name="t">'
           "<PlainTextContent>hola</PlainTextContent></TextSource>"
           '<VideoSource guid="50000000-0000-4000-8000-000000000002" name="v"/>'
           "</Sources></Project>")
    path = make_qdpx(tmp_path / "p.qdpx", xml)
    result = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "refi", "check", str(path),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["name"] == "Proyecto ñ"
    assert payload["report"]["dropped"] == {"VideoSource": 1}
    assert payload["report"]["kept"] == {"Source": 1}
    assert payload["would_import"]["documents"] == 1
    assert not (tmp_path / "none.db").exists()


def test_check_reports_schema_problems(tmp_path: Path) -> None:
    path = tmp_path / "libro.qdc"
    path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    '<Code guid="c0de0000-0000-4000-8000-000000000001" name="a" isCodable="true"/>'
                    "</Codes><Sets/></CodeBook>", encoding="utf-8")
    result = runner.invoke(app, ["refi", "check", str(path), *_schemas_option(), "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert any("Sets" in e for e in payload["report"]["schema_errors"])


def test_hostile_file_fails_cleanly_and_stores_nothing(tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    new_store(target).close()
    path = make_qdpx(tmp_path / "p.qdpx", "<Project/>", {"../fuera.txt": b"x"})
    result = runner.invoke(app, ["--lang", "en", "--db", str(target), "refi", "import", str(path)])
    assert result.exit_code == 1
    assert "outside the archive" in result.output
    assert "Traceback" not in result.output
    store = open_store(target)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
    store.close()


def test_spanish_messages(tmp_path: Path) -> None:
    path = tmp_path / "p.qde"
    path.write_text("<Proyecto/>")
    result = runner.invoke(app, ["--lang", "es", "refi", "check", str(path)])
    assert result.exit_code == 1
    assert "el elemento raíz es Proyecto, no Project" in result.output


def test_check_rehearses_the_mapping(tmp_path: Path) -> None:
    xml = ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
           '<Code guid="c0de0000-0000-4000-8000-000000000001" name="carpeta" isCodable="false"/>'
           '</Codes></CodeBook><Sources><TextSource guid="50000000-0000-4000-8000-000000000001" '
           'name="t"><PlainTextContent>hola</PlainTextContent>'
           '<Coding guid="c0d10000-0000-4000-8000-000000000001">'
           '<CodeRef targetGUID="c0de0000-0000-4000-8000-000000000001"/></Coding>'
           "</TextSource></Sources></Project>")
    path = make_qdpx(tmp_path / "p.qdpx", xml)
    result = runner.invoke(app, ["--lang", "en", "refi", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "An import would bring 1 documents, 1 codes, 0 codings" in result.output
    assert "Coding (of a folder, isCodable=false)" in result.output


def test_import_into_a_new_case(tmp_path: Path) -> None:
    xml = ('<Project xmlns="urn:QDA-XML:project:1.0" name="Estudio ñ"><Sources>'
           '<TextSource guid="50000000-0000-4000-8000-000000000001" name="t">'
           "<PlainTextContent>hola</PlainTextContent></TextSource></Sources></Project>")
    path = make_qdpx(tmp_path / "p.qdpx", xml)
    db = tmp_path / "fresh.db"
    result = runner.invoke(app, ["--lang", "en", "--db", str(db), "refi", "import", str(path),
                                 "--new-case", "estudio"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    with store.session() as session:
        from concierto.model import Case

        case = session.scalar(select(Case))
        assert case is not None and (case.key, case.title) == ("estudio", "Estudio ñ")
    store.close()
    again = runner.invoke(app, ["--lang", "en", "--db", str(db), "refi", "import", str(path),
                                "--new-case", "estudio"])
    assert again.exit_code == 1 and "already exists" in again.output
