"""Bad and hostile input is refused with a clear message, and nothing is stored."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from refi_support import make_qdpx
from sqlalchemy import func, select

from concierto.interop.refi.errors import RefiError, RefiFormatError, UnsafeArchiveError
from concierto.interop.refi.safezip import ArchiveLimits
from concierto.interop.refi.service import import_file
from concierto.model import Code, Document
from concierto.store import Store

S1 = "50000000-0000-4000-8000-000000000001"
VALID = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    '<CodeBook><Codes><Code guid="c0de0000-0000-4000-8000-000000000001" name="c" '
    'isCodable="true"/></Codes></CodeBook>'
    f'<Sources><TextSource guid="{S1}" name="s" plainTextPath="internal://{S1}.txt"/>'
    "</Sources></Project>"
)


def stored(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(Document)) or 0,
                session.scalar(select(func.count()).select_from(Code)) or 0)


def refused(store: Store, path: Path, error: type[Exception], match: str,
            limits: ArchiveLimits | None = None) -> None:
    with pytest.raises(error, match=match) as caught:
        import_file(store, path, "destino", limits=limits)
    assert isinstance(caught.value, RefiError)
    assert str(path) in str(caught.value)
    assert stored(store) == (0, 0)


@pytest.mark.parametrize("name", ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt",
                                  "C:/evil.txt", "..\\evil.txt"])
def test_paths_outside_the_archive(name: str, tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": b"t", name: b"x"})
    refused(empty_store, path, UnsafeArchiveError, "outside the archive")


def test_symbolic_link(tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID)
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo(f"sources/{S1}.txt")
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    refused(empty_store, path, UnsafeArchiveError, "symbolic link")


def test_zip_bomb_by_ratio(tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": bytes(20 << 20)})
    refused(empty_store, path, UnsafeArchiveError, "compression ratio")


def test_total_uncompressed_size(tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": b"palabra " * 500})
    refused(empty_store, path, UnsafeArchiveError, "limit of 2000",
            ArchiveLimits(max_total_bytes=2000))


def test_too_many_entries(tmp_path: Path, empty_store: Store) -> None:
    files = {f"sources/{i}.txt": b"x" for i in range(5)}
    path = make_qdpx(tmp_path / "p.qdpx", VALID, files)
    refused(empty_store, path, UnsafeArchiveError, "6 entries", ArchiveLimits(max_entries=5))


def test_truncated_zip(tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": b"texto " * 200})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    refused(empty_store, path, UnsafeArchiveError, "damaged or truncated")


def test_truncated_xml(tmp_path: Path, empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID[: len(VALID) // 2],
                     {f"sources/{S1}.txt": b"t"})
    refused(empty_store, path, RefiFormatError, "not well-formed XML")


def test_entity_expansion_is_refused(tmp_path: Path, empty_store: Store) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "jajajajaja">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
              '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>')
    path = make_qdpx(tmp_path / "p.qdpx", laughs)
    refused(empty_store, path, RefiFormatError, "DTD or entities")


def test_external_entity_is_refused(tmp_path: Path, empty_store: Store) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("clave")
    xxe = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file://'
           f'{secret}">]><Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    path = tmp_path / "p.qde"
    path.write_text(xxe)
    refused(empty_store, path, RefiFormatError, "DTD or entities")


def test_undeclared_entity_is_not_expanded(tmp_path: Path, empty_store: Store) -> None:
    path = tmp_path / "p.qde"
    path.write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    refused(empty_store, path, RefiFormatError, "line 1")


def test_not_a_project(tmp_path: Path, empty_store: Store) -> None:
    path = tmp_path / "p.qde"
    path.write_text("<Proyecto/>")
    refused(empty_store, path, RefiFormatError, "not Project")


def test_archive_without_project(tmp_path: Path, empty_store: Store) -> None:
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("otro.xml", "<x/>")
    refused(empty_store, path, RefiFormatError, "no project.qde")


def test_second_import_of_the_same_project_is_refused(tmp_path: Path,
                                                       empty_store: Store) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": b"texto"})
    import_file(empty_store, path, "destino")
    before = stored(empty_store)
    with pytest.raises(RefiError, match="already in the database"):
        import_file(empty_store, path, "destino")
    assert stored(empty_store) == before == (1, 1)


def test_entities_hidden_by_utf16_are_still_refused(tmp_path: Path, empty_store: Store) -> None:
    laughs = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Project [<!ENTITY a "jaja">'
              '<!ENTITY b "&a;&a;&a;">]><Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')
    path = tmp_path / "p.qde"
    path.write_bytes(laughs.encode("utf-16"))
    refused(empty_store, path, RefiFormatError, "DTD or entities")


def test_oversized_bare_xml(tmp_path: Path, empty_store: Store) -> None:
    path = tmp_path / "p.qde"
    path.write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>' + " " * 3000)
    refused(empty_store, path, RefiFormatError, "limit of 2000",
            ArchiveLimits(max_total_bytes=2000))


def test_duplicate_member_names(tmp_path: Path, empty_store: Store) -> None:
    """Found by the fuzz corpus: with two project.qde the last one won, silently."""
    path = make_qdpx(tmp_path / "p.qdpx", VALID, {f"sources/{S1}.txt": b"t"})
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("project.qde", b"<Project/>")
    refused(empty_store, path, UnsafeArchiveError, "'project.qde' appears twice")
