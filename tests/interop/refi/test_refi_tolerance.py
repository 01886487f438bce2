"""The tolerant reader: one small hand-written fixture per producer quirk it accepts."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from refi_support import make_qdpx
from sqlalchemy import select

from concierto.interop.refi.read import read_refi
from concierto.interop.refi.service import import_file
from concierto.model import Code, Coding, Document, Memo, QualCase, QualCaseLink
from concierto.store import Store

NS = "urn:QDA-XML:project:1.0"
U1 = "a1b2c3d4-0000-4000-8000-000000000001"
C1 = "c0de0000-0000-4000-8000-000000000001"
S1 = "50000000-0000-4000-8000-000000000001"
S2 = "50000000-0000-4000-8000-000000000002"
SEL = "5e100000-0000-4000-8000-000000000001"
CD1 = "c0d10000-0000-4000-8000-000000000001"
N1 = "0e000000-0000-4000-8000-000000000001"
K1 = "ca5e0000-0000-4000-8000-000000000001"

CODEBOOK = f'<CodeBook><Codes><Code guid="{C1}" name="Visión" isCodable="true"/></Codes></CodeBook>'
USERS = f'<Users><User guid="{U1}" name="Ana" id="ana"/></Users>'


def project(body: str, *, codebook: str = CODEBOOK, users: str = USERS) -> str:
    """A project.qde with the given Sources/Cases/Notes/Links body."""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="t">'
            f"{users}{codebook}{body}</Project>")


def source(guid: str, path: str, inner: str = "", name: str = "Entrevista") -> str:
    return f'<TextSource guid="{guid}" name="{name}" plainTextPath="{path}">{inner}</TextSource>'


def selection(start: int, end: int, inner: str = "", guid: str = SEL) -> str:
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{U1}">{inner}</PlainTextSelection>')


CODING = f'<Coding guid="{CD1}"><CodeRef targetGUID="{C1}"/></Coding>'


def spans(store: Store) -> list[str]:
    with store.session() as session:
        rows = session.execute(select(Coding, Document).join(Document)).all()
        return [d.text[c.start : c.end] for c, d in rows if c.start is not None]


@pytest.mark.parametrize("folder", ["sources", "Sources"])
def test_sources_folder_in_either_case(folder: str, tmp_path: Path, empty_store: Store) -> None:
    text = "Hola mundo"
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt",
                                        selection(5, 10, CODING)) + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"{folder}/{S1}.txt": text.encode()})
    import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["mundo"]


def test_guids_in_braces_and_upper_case_are_normalised(tmp_path: Path, empty_store: Store) -> None:
    upper = "{" + S1.upper() + "}"
    coding = f'<Coding guid="{{{CD1.upper()}}}"><CodeRef targetGUID="{C1.upper()}"/></Coding>'
    xml = project("<Sources>" + source(upper, f"internal://{upper}.txt",
                                        selection(0, 4, coding)) + "</Sources>",
                  codebook=CODEBOOK.replace(C1, "{" + C1.upper() + "}"))
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1.upper()}.txt": b"Hola mundo"})
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        assert session.scalar(select(Document.guid)) == S1
        assert session.scalar(select(Coding.guid)) == CD1
        assert session.scalar(select(Code.guid).where(Code.label_es == "Visión")) == C1


def test_bare_file_names_without_internal(tmp_path: Path, empty_store: Store) -> None:
    xml = project("<Sources>" + source(S1, "entrevista.txt", selection(0, 4, CODING))
                  + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {"sources/entrevista.txt": b"Hola mundo"})
    import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["Hola"]


def test_crlf_counted_as_one_character(tmp_path: Path, empty_store: Store) -> None:
    raw = "Uno\r\nDos\r\nTres cuatro"
    collapsed = raw.replace("\r\n", "\n")
    start = collapsed.index("Tres")
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt",
                                        selection(start, start + 4, CODING)) + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": raw.encode()})
    _summary, report = import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["Tres"]
    assert any("CRLF" in note for note in report.notes)


def test_crlf_counted_as_two_characters(tmp_path: Path, empty_store: Store) -> None:
    raw = "Uno\r\nDos\r\nTres cuatro"
    start = raw.index("Tres")
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt",
                                        selection(start, start + 4, CODING)) + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": raw.encode()})
    import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["Tres"]


def test_nfd_text_positions_move_to_canonical_text(tmp_path: Path, empty_store: Store) -> None:
    raw = unicodedata.normalize("NFD", "Año más señal")
    start = raw.index("s" + unicodedata.normalize("NFD", "eñ"))
    end = len(raw)
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt",
                                        selection(start, end, CODING)) + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": raw.encode()})
    import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["señal"]


def test_selection_with_only_a_description_becomes_a_document_memo(
    tmp_path: Path, empty_store: Store
) -> None:
    inner = selection(0, 4, "<Description>Saludo inicial</Description>")
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt", inner) + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": b"Hola mundo"})
    _summary, report = import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        memo = session.scalar(select(Memo))
        assert memo is not None and memo.text == "Saludo inicial"
        assert memo.target_type == "document" and memo.title == "0–4"
    assert report.altered["PlainTextSelection without codings (kept as a document memo)"] == 1


def test_notes_linked_through_links(tmp_path: Path, empty_store: Store) -> None:
    notes = (f'<Notes><Note guid="{N1}" name="Anotación"><PlainTextContent>Ojo aquí'
             f"</PlainTextContent></Note></Notes>")
    links = f'<Links><Link guid="{K1}" originGUID="{CD1}" targetGUID="{N1}"/></Links>'
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt", selection(0, 4, CODING))
                  + "</Sources>" + notes + links)
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": b"Hola mundo"})
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        memo = session.scalar(select(Memo))
        coding = session.scalar(select(Coding))
        assert memo is not None and coding is not None
        assert (memo.guid, memo.target_type, memo.target_id, memo.text) == (
            N1, "coding", coding.id, "Ojo aquí")


def test_cases_without_names(tmp_path: Path, empty_store: Store) -> None:
    cases = f'<Cases><Case guid="{K1}"><SourceRef targetGUID="{S1}"/></Case></Cases>'
    xml = project(cases + "<Sources>" + source(S1, f"internal://{S1}.txt") + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": b"Hola mundo"})
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        case = session.scalar(select(QualCase))
        assert case is not None and case.name is None and case.guid == K1
        assert case.key == "case-ca5e0000"
        link = session.scalar(select(QualCaseLink))
        assert link is not None and link.start is None


def test_empty_sources(tmp_path: Path, empty_store: Store) -> None:
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt")
                  + f'<TextSource guid="{S2}" name="Vacía"><PlainTextContent/></TextSource>'
                  + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": b""})
    summary, _report = import_file(empty_store, path, "destino")
    assert summary.documents == 2
    with empty_store.session() as session:
        assert [d.length for d in session.scalars(select(Document))] == [0, 0]


def test_project_with_no_codings(tmp_path: Path, empty_store: Store) -> None:
    xml = project("<Sources>" + source(S1, f"internal://{S1}.txt") + "</Sources>",
                  codebook="", users="")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.txt": b"Solo texto"})
    summary, report = import_file(empty_store, path, "destino")
    assert (summary.documents, summary.codings, summary.codes) == (1, 0, 0)
    assert report.lossless


def test_duplicate_source_names(tmp_path: Path, empty_store: Store) -> None:
    inline = "<PlainTextContent>mismo texto</PlainTextContent>"
    xml = project("<Sources>"
                  + f'<TextSource guid="{S1}" name="Entrevista">{inline}</TextSource>'
                  + f'<TextSource guid="{S2}" name="Entrevista">{inline}</TextSource>'
                  + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml)
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        docs = list(session.scalars(select(Document).order_by(Document.id)))
        assert [d.key for d in docs] == ["entrevista", "entrevista-2"]
        assert [d.title for d in docs] == ["Entrevista", "Entrevista"]


def test_inline_plain_text_content_and_whole_source_coding(
    tmp_path: Path, empty_store: Store
) -> None:
    xml = project("<Sources>" + f'<TextSource guid="{S1}" name="Nota de campo">'
                  f"<PlainTextContent>Texto en línea</PlainTextContent>{CODING}</TextSource>"
                  + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml)
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        coding = session.scalar(select(Coding))
        assert coding is not None and (coding.start, coding.end) == (None, None)
        assert session.scalar(select(Document.text)) == "Texto en línea"


def test_pdf_source_through_its_text_representation(tmp_path: Path, empty_store: Store) -> None:
    pdf = (f'<PDFSource guid="{S1}" name="Ley" path="internal://{S1}.pdf">'
           f'<PDFSelection guid="{SEL}" page="1" firstX="0" firstY="0" secondX="5" secondY="5">'
           f"{CODING.replace(CD1, S2)}</PDFSelection>"
           f'<Representation guid="{S2}" plainTextPath="internal://{S2}.txt">'
           f'{selection(4, 9, CODING, guid=K1)}</Representation></PDFSource>')
    xml = project("<Sources>" + pdf + "</Sources>")
    path = make_qdpx(tmp_path / "p.qdpx", xml, {f"sources/{S1}.pdf": b"%PDF-1.4",
                                                 f"sources/{S2}.txt": b"Ley de coordinacion"})
    _summary, report = import_file(empty_store, path, "destino")
    assert spans(empty_store) == ["de co"]
    with empty_store.session() as session:
        assert session.scalar(select(Document.guid)) == S1
    assert report.dropped["PDFSource/PDFSelection"] == 1
    assert report.dropped["Coding (in dropped element)"] == 1
    assert report.dropped["archive file .pdf"] == 1


def test_media_graphs_and_unknown_links_are_listed(tmp_path: Path) -> None:
    body = ("<Sources>"
            f'<PictureSource guid="{S1}" name="foto"><PictureSelection guid="{SEL}" firstX="0" '
            f'firstY="0" secondX="1" secondY="1">{CODING}</PictureSelection></PictureSource>'
            f'<AudioSource guid="{S2}" name="audio"/></Sources>'
            f'<Links><Link guid="{K1}" originGUID="{S1}" targetGUID="{S2}"/></Links>'
            f'<Graphs><Graph guid="{N1}"/></Graphs>')
    path = make_qdpx(tmp_path / "p.qdpx", project(body))
    project_read, report = read_refi(path)
    assert project_read.sources == []
    assert report.dropped["PictureSource"] == 1
    assert report.dropped["AudioSource"] == 1
    assert report.dropped["Coding (in dropped element)"] == 1
    assert report.dropped["Project/Graphs"] == 1


@pytest.mark.parametrize(
    "namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0",
                  "urn:QDA-XML:codebook:0:4"]
)
def test_codebook_namespace_variants(namespace: str, tmp_path: Path, empty_store: Store) -> None:
    qdc = (f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="{namespace}"><Codes>'
           f'<Code guid="{C1}" name="Padre" isCodable="false" color="#abc">'
           f'<Description>Carpeta</Description>'
           f'<Code guid="{S1}" name="Hijo ñ" isCodable="true"/></Code></Codes><Sets/></CodeBook>')
    path = tmp_path / "libro.qdc"
    path.write_text(qdc, encoding="utf-8")
    summary, _report = import_file(empty_store, path, "destino")
    assert summary.codes == 2
    with empty_store.session() as session:
        rows = {c.guid: c for c in session.scalars(select(Code))}
        assert rows[C1].key == "padre" and not rows[C1].codable and rows[C1].color == "#AABBCC"
        assert rows[S1].key == "padre.hijo_n" and rows[S1].parent_id == rows[C1].id
        assert rows[C1].definition == {"es": "Carpeta"}


def test_flattened_code_names_become_a_tree(tmp_path: Path) -> None:
    a, b, c = (f"c0de0000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))
    qdc = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
           f'<Code guid="{a}" name="Visión" isCodable="true"/>'
           f'<Code guid="{b}" name="Visión\\débil" isCodable="true"/>'
           f'<Code guid="{c}" name="Reglas\\formales\\escritas" isCodable="true"/>'
           "</Codes></CodeBook>")
    path = tmp_path / "libro.qdc"
    path.write_text(qdc, encoding="utf-8")
    project, report = read_refi(path)
    tree = [(x.name, [(y.name, [z.name for z in y.children]) for y in x.children])
            for x in project.codes]
    assert tree == [("Visión", [("débil", [])]), ("Reglas", [("formales", ["escritas"])])]
    assert not project.codes[1].codable and project.codes[1].children[0].children[0].guid == c
    assert "code names with backslashes were read as a code tree" in report.notes
