"""The strict writer: schema-valid output plus the rules the schemas cannot express."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from refi_support import ENTREVISTA, new_store, schema_dir
from sqlalchemy import select

from concierto.interop.refi import model as m
from concierto.interop.refi.errors import RefiSchemaError
from concierto.interop.refi.service import export_file
from concierto.interop.refi.validate import schema_errors
from concierto.interop.refi.write import codebook_xml, project_xml, write_qdc
from concierto.model import Coding, Document
from concierto.store import Store


def _export(store: Store, tmp_path: Path) -> zipfile.ZipFile:
    path = tmp_path / "rico.qdpx"
    export_file(store, path, "rico", schema_dir=schema_dir())
    return zipfile.ZipFile(path)


def test_project_validates_against_official_schema(rich_store: Store, tmp_path: Path) -> None:
    with _export(rich_store, tmp_path) as archive:
        assert schema_errors(archive.read("project.qde"), "project", schema_dir()) == []


def test_codebook_validates_and_keeps_the_tree(rich_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "rico.qdc"
    report = export_file(rich_store, path, "rico", codebook_only=True, schema_dir=schema_dir())
    data = path.read_bytes()
    assert schema_errors(data, "codebook", schema_dir()) == []
    text = data.decode("utf-8")
    folder = text.index('name="Coordinación" isCodable="false"')
    child = text.index('name="Visión compartida" isCodable="true" color="#1F77B4"')
    grandchild = text.index('name="Visión débil 🙁"')
    assert folder < child < grandchild
    assert report.kept["Code"] == 4


def test_sources_are_internal_guid_txt_in_lowercase_folder(
    rich_store: Store, tmp_path: Path
) -> None:
    with rich_store.session() as session:
        guids = set(session.scalars(select(Document.guid)))
    with _export(rich_store, tmp_path) as archive:
        names = set(archive.namelist())
        xml = archive.read("project.qde").decode("utf-8")
        assert names == {"project.qde", "concierto/codebook.yaml", "concierto/code-guids.csv"} | {
            f"sources/{g}.txt" for g in guids}
        paths = set(re.findall(r'plainTextPath="([^"]+)"', xml))
        assert paths == {f"internal://{g}.txt" for g in guids}
        assert "richTextPath" not in xml
        for guid in guids:
            data = archive.read(f"sources/{guid}.txt")
            assert not data.startswith(b"\xef\xbb\xbf")
            data.decode("utf-8")
        assert not archive.read("project.qde").startswith(b"\xef\xbb\xbf")


def test_positions_are_code_points_with_exclusive_end(rich_store: Store, tmp_path: Path) -> None:
    with _export(rich_store, tmp_path) as archive:
        xml = archive.read("project.qde").decode("utf-8")
        names = [n for n in archive.namelist() if n.startswith("sources/")]
        texts = {n[8:-4]: archive.read(n).decode("utf-8") for n in names}
    source = next(g for g, t in texts.items() if t == ENTREVISTA)
    block = xml[xml.index(f'guid="{source}"') :]
    spans = [(int(a), int(b)) for a, b in
             re.findall(r'startPosition="(\d+)" endPosition="(\d+)"', block)]
    assert texts[source][spans[2][0] : spans[2][1]] == "WhatsApp 📱"  # 📱 is one code point
    assert spans[0] == (ENTREVISTA.index("Año"),
                        ENTREVISTA.index("reglas claras.") + len("reglas claras."))


def test_guids_are_lower_case_without_braces(rich_store: Store, tmp_path: Path) -> None:
    with _export(rich_store, tmp_path) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    values = re.findall(r'(?:guid|GUID|creatingUser)="([^"]+)"', xml)
    assert values and all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", v)
                          for v in values)


def test_no_empty_sets_element() -> None:
    project = m.Project(name="p", codes=[m.Code(guid="8c8e0f4e-8f3e-4d3c-9c2a-1b2c3d4e5f60",
                                                name="c")])
    assert b"Sets" not in codebook_xml(project)
    assert b"Sets" not in project_xml(project)


def test_invalid_output_is_refused_and_not_written(tmp_path: Path) -> None:
    project = m.Project(name="p", codes=[m.Code(guid="not-a-guid", name="c")])
    target = tmp_path / "bad.qdc"
    with pytest.raises(RefiSchemaError, match=r"Codebook\.xsd"):
        write_qdc(project, target, schema_dir())
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_suggested_codings_are_listed_as_not_exported(rich_store: Store, tmp_path: Path) -> None:
    with rich_store.session() as session:
        coding = session.scalars(select(Coding)).first()
        assert coding is not None
        coding.status = "suggested"
    report = export_file(rich_store, tmp_path / "x.qdpx", "rico")
    assert report.dropped["Coding (suggested, not exported)"] == 1
    assert report.kept["Coding"] == 3


def test_export_lists_what_refi_cannot_carry(tmp_path: Path) -> None:
    store = new_store(tmp_path / "a.db", "vacio")
    from concierto.casefile.database import resolve_case
    from concierto.codebook.model import Code, Codebook, Mappings, Text
    from concierto.evidence.store import install_codebook

    with store.session() as session:
        case = resolve_case(session, "vacio")
        install_codebook(session, case, Codebook(name="x", codes=(
            Code(id="vision", label=Text(es="Visión", en="Vision"), polarity="present",
                 inclusion=Text(es="cuando…"), mappings=Mappings(dimension="shared_vision")),
        )))
    report = export_file(store, tmp_path / "x.qdc", "vacio")
    assert report.dropped["Code label (en)"] == 1
    assert report.dropped["Code polarity"] == 1
    assert report.dropped["Code inclusion"] == 1
    assert report.dropped["Code mappings"] == 1
    carried = export_file(store, tmp_path / "x.qdpx", "vacio")  # for concierto readers only
    assert carried.dropped == {} and carried.altered == report.dropped
    store.close()
