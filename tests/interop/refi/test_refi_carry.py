"""concierto's own codebook inside a .qdpx: a concierto → REFI → concierto round trip keeps
what the measures read (code ids, polarity, mappings), the archive stays schema-valid, and a
damaged or hostile concierto member is reported and ignored, never a crash."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from refi_support import schema_dir
from sqlalchemy import select
from typer.testing import CliRunner

from concierto.cli import load_app
from concierto.codebook.parse import parse_codebook
from concierto.interop.refi import carry
from concierto.interop.refi.carry import CODEBOOK_MEMBER, GUIDS_MEMBER, IGNORED
from concierto.interop.refi.read import read_refi
from concierto.interop.refi.service import export_file, import_file
from concierto.interop.refi.validate import schema_errors
from concierto.model import Code
from concierto.store import open_store
from store_counts import record_counts

app = load_app()
runner = CliRunner()
QUIET = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "quiet"
INTERVIEW = (
    "E: ¿Hay una visión común?\n"
    "P1: Existe una visión común entre los ministerios.\n"
    "E: ¿Y usted?\n"
    "P2: No hay visión común, cada uno mira lo suyo.\n"
)


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", *args])
    assert result.exit_code == 0, result.output
    return result


def as_json(db: Path, *args: str) -> object:
    return json.loads(run(db, *args, "-f", "json").stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The quiet case with one interview coded by two coders, exported as x.qdpx (shared by
    the tests of this module, which only read it)."""
    tmp_path = tmp_path_factory.mktemp("carry")
    db = tmp_path / "a.db"
    run(db, "load", str(QUIET))
    (tmp_path / "D1.txt").write_text(INTERVIEW, encoding="utf-8")
    run(db, "docs", "add", str(tmp_path / "D1.txt"), "--kind", "interview")
    for coder in ("ana", "bea"):
        run(db, "--as", coder, "code", "add", "D1", "vision.presente", "--match", "Existe")
        run(db, "--as", coder, "code", "add", "D1", "vision.ausente", "--match", "No hay")
    run(db, "refi", "export", str(tmp_path / "x.qdpx"))
    return db, tmp_path / "x.qdpx"


def codebook_rows(db: Path) -> list[dict[str, object]]:
    rows = as_json(db, "codebook", "ls")
    assert isinstance(rows, list)
    return rows


def test_round_trip_keeps_code_ids_polarity_mappings_and_consensus(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    source, archive = exported
    target = tmp_path / "new.db"
    run(target, "refi", "import", str(archive), "--kind", "interview")
    before, after = codebook_rows(source), codebook_rows(target)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    assert after == before  # labels, parents, polarity, mappings and coding counts alike
    assert {"id": "vision.presente", "polarity": "present"}.items() <= after[1].items()
    consensus = as_json(source, "query", "consensus")
    assert isinstance(consensus, dict) and consensus["basis"] == "participants"
    first = consensus["pairs"][0]
    assert (first["positive"], first["negative"], first["n"]) == (
        "vision.presente", "vision.ausente", 2)
    assert (first["positive_only"], first["negative_only"]) == (1, 1)
    rows = run(source, "query", "consensus", "-f", "csv").stdout
    assert rows.count("\n") == len(consensus["pairs"]) + 1
    assert run(target, "query", "consensus", "-f", "csv").stdout == rows


def test_exported_archive_validates_and_carries_a_loadable_codebook(
    exported: tuple[Path, Path],
) -> None:
    _db, archive = exported
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        assert {"project.qde", CODEBOOK_MEMBER, GUIDS_MEMBER} <= names
        assert all(n.startswith(("sources/", "concierto/")) or n == "project.qde" for n in names)
        assert schema_errors(opened.read("project.qde"), "project", schema_dir()) == []
        codebook = parse_codebook(opened.read(CODEBOOK_MEMBER).decode("utf-8"))
        lines = opened.read(GUIDS_MEMBER).decode("utf-8").splitlines()
        assert "concierto" not in opened.read("project.qde").decode("utf-8").replace(
            'origin="concierto"', "")
    assert codebook["vision.presente"].polarity == "present"
    assert codebook["vision.presente"].mappings.dimension == "shared_vision"
    assert lines[0] == "guid,code" and len(lines) == len(codebook) + 1


def test_export_report_says_what_only_concierto_reads(exported: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    db, _archive = exported
    store = open_store(db)
    report = export_file(store, tmp_path / "y.qdpx")
    qdc = export_file(store, tmp_path / "y.qdc")
    store.close()
    for kind in ("Code polarity", "Code mappings", "Code label (en)", "Code inclusion"):
        assert kind not in report.dropped and report.altered[kind] > 0
        assert qdc.dropped[kind] == report.altered[kind]  # a bare .qdc cannot carry it
    assert any(CODEBOOK_MEMBER in note and "other programs" in note for note in report.notes)


def test_import_into_a_case_with_the_same_codebook_joins_its_codes(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    _source, archive = exported
    target = tmp_path / "same.db"
    run(target, "load", str(QUIET))
    before = codebook_rows(target)
    payload = as_json(target, "refi", "import", str(archive), "--case", "quiet")
    assert isinstance(payload, dict) and payload["imported"]["codes"] == 0
    assert f"{len(before)} codes of the project were already in the case (same ids); their " \
        "codings go to them" in payload["report"]["notes"]
    after = codebook_rows(target)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    counts = {r["id"]: r["codings"] for r in after}
    assert (counts["vision.presente"], counts["vision.ausente"]) == (2, 2)


def rewrite(archive: Path, target: Path, members: dict[str, bytes | None]) -> Path:
    """A copy of ``archive`` with ``members`` replaced (None: left out)."""
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(target, "w",
                                                          zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            if name in members:
                continue
            new.writestr(name, old.read(name))
        for name, data in members.items():
            if data is not None:
                new.writestr(name, data)
    return target


def _swap_parent_and_child(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        lines = opened.read(GUIDS_MEMBER).decode("utf-8").splitlines()
    rows = dict(line.split(",")[::-1] for line in lines[1:])
    lines = [line.replace(rows["vision"], "X").replace(rows["vision.presente"], rows["vision"])
             .replace("X", rows["vision.presente"]) for line in lines]
    return ("\n".join(lines) + "\n").encode()


def _first_guid(archive: Path) -> str:
    with zipfile.ZipFile(archive) as opened:
        return opened.read(GUIDS_MEMBER).decode().splitlines()[1].split(",")[0]


HOSTILE: dict[str, Callable[[Path], dict[str, bytes | None]]] = {
    "yaml syntax": lambda _a: {CODEBOOK_MEMBER: b"format: [unclosed\n"},
    "not utf-8": lambda _a: {CODEBOOK_MEMBER: b"format: \xff\xfe\n"},
    "not a codebook": lambda _a: {CODEBOOK_MEMBER: b"- just\n- a list\n"},
    "alias bomb": lambda _a: {CODEBOOK_MEMBER: (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"format: concierto-codebook/1\nname: n\ncodes: [*d, *d, *d, *d, *d, *d, *d, *d]\n")},
    "deep nesting": lambda _a: {CODEBOOK_MEMBER: b"codes: " + b"[" * 100_000 + b"]" * 100_000},
    "no guid table": lambda _a: {GUIDS_MEMBER: None},
    "no codebook": lambda _a: {CODEBOOK_MEMBER: None},
    "bad header": lambda _a: {GUIDS_MEMBER: b"code,guid\n"},
    "bad guid": lambda _a: {GUIDS_MEMBER: b"guid,code\nnot-a-guid,vision\n"},
    "unknown code": lambda a: {GUIDS_MEMBER: f"guid,code\n{_first_guid(a)},nada\n".encode()},
    "guid twice": lambda a: {GUIDS_MEMBER: (
        f"guid,code\n{_first_guid(a)},vision\n{_first_guid(a)},vision.presente\n".encode())},
    "nul bytes": lambda _a: {GUIDS_MEMBER: b"guid,code\n\x00\x00,\x00\n"},
    "tree mismatch": lambda a: {GUIDS_MEMBER: _swap_parent_and_child(a)},
}


@pytest.mark.parametrize("damage", sorted(HOSTILE))
def test_a_damaged_concierto_member_is_reported_and_ignored(
    exported: tuple[Path, Path], tmp_path: Path, damage: str
) -> None:
    _source, archive = exported
    plain = rewrite(archive, tmp_path / "plain.qdpx", {CODEBOOK_MEMBER: None, GUIDS_MEMBER: None})
    hostile = rewrite(archive, tmp_path / "hostile.qdpx", HOSTILE[damage](archive))
    expected, got = tmp_path / "plain.db", tmp_path / "hostile.db"
    for db, path in ((expected, plain), (got, hostile)):
        store = open_store(db)
        _summary, report = import_file(store, path, schema_dir=schema_dir())
        store.close()
    assert report.dropped[IGNORED] == 1
    ignored = [n for n in report.notes if n.startswith("concierto's codebook in the archive "
                                                        "was ignored")]
    assert len(ignored) == 1 and ignored[0].count("\n") <= carry.SHOWN_LINES
    assert codebook_rows(got) == codebook_rows(expected)
    assert record_counts(got) == record_counts(expected)
    assert "vision_compartida" in {str(r["id"]) for r in codebook_rows(got)}


def test_a_member_beyond_its_limit_or_damaged_is_ignored(
    exported: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _source, archive = exported
    monkeypatch.setattr(carry, "MAX_MEMBER_BYTES", 1000)
    project, report = read_refi(archive)
    assert project.concierto is None and report.dropped[IGNORED] == 1
    assert any("more than 1000 bytes" in note for note in report.notes)
    monkeypatch.undo()
    stored = tmp_path / "stored.qdpx"
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(stored, "w") as new:
        for name in old.namelist():
            new.writestr(name, old.read(name))
    with zipfile.ZipFile(archive) as old:
        marker = old.read(CODEBOOK_MEMBER)[200:240]
    data = bytearray(stored.read_bytes())
    at = data.index(marker)
    data[at : at + 4] = b"@@@@"  # the CRC no longer matches
    stored.write_bytes(bytes(data))
    project, report = read_refi(stored)
    assert project.concierto is None and report.dropped[IGNORED] == 1
    assert len(project.sources) == 1


def test_a_project_from_another_program_imports_as_before(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    _source, archive = exported
    plain = rewrite(archive, tmp_path / "plain.qdpx", {CODEBOOK_MEMBER: None, GUIDS_MEMBER: None})
    project, report = read_refi(plain)
    assert project.concierto is None
    assert IGNORED not in report.dropped and report.lossless


def test_a_codebook_concierto_cannot_write_is_not_carried(tmp_path: Path) -> None:
    db = tmp_path / "odd.db"
    run(db, "load", str(QUIET))
    store = open_store(db)
    with store.session() as session:
        code = session.scalars(select(Code).where(Code.key == "vision.presente")).one()
        code.label_es = " "  # no Spanish label: not a valid concierto codebook
    report = export_file(store, tmp_path / "odd.qdpx")
    store.close()
    with zipfile.ZipFile(tmp_path / "odd.qdpx") as opened:
        assert CODEBOOK_MEMBER not in opened.namelist()
    assert report.dropped["Code polarity"] > 0 and "Code polarity" not in report.altered
    assert any(note.startswith("concierto's codebook is not carried") for note in report.notes)
