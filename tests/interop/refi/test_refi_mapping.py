"""Import mapping details: typed variables, sets, notes by NoteRef, source variables, and the
rule that nothing is dropped without being listed."""

from __future__ import annotations

from pathlib import Path

from refi_support import make_qdpx
from sqlalchemy import select
from test_refi_tolerance import C1, CD1, CODING, K1, N1, S1, S2, SEL, U1, project, selection

from concierto.interop.refi.read import read_refi
from concierto.interop.refi.service import import_file
from concierto.model import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    QualCase,
    QualCaseLink,
)
from concierto.store import Store

V = ["7a000000-0000-4000-8000-00000000000" + str(i) for i in range(6)]
TYPES = ["Text", "Boolean", "Integer", "Float", "Date", "DateTime"]
VALUES = [("TextValue", "Cusco"), ("BooleanValue", "true"), ("IntegerValue", "12"),
          ("FloatValue", "3.25"), ("DateValue", "2024-03-15"),
          ("DateTimeValue", "2024-03-15T10:00:00")]


def _file(tmp_path: Path, body: str, text: bytes = b"Hola mundo cruel") -> Path:
    return make_qdpx(tmp_path / "p.qdpx", project(body), {f"sources/{S1}.txt": text})


def _source(inner: str = "") -> str:
    return (f'<Sources><TextSource guid="{S1}" name="E1" plainTextPath="internal://{S1}.txt">'
            f"{inner}</TextSource></Sources>")


def test_typed_variables_and_case_values(tmp_path: Path, empty_store: Store) -> None:
    variables = "<Variables>" + "".join(
        f'<Variable guid="{g}" name="v{t}" typeOfVariable="{t}"/>' for g, t in zip(V, TYPES,
                                                                                 strict=True)
    ) + "</Variables>"
    values = "".join(f'<VariableValue><VariableRef targetGUID="{g}"/><{e}>{v}</{e}>'
                     f"</VariableValue>" for g, (e, v) in zip(V, VALUES, strict=True))
    cases = (f'<Cases><Case guid="{K1}" name="Ana Núñez">{values}'
             f'<SelectionRef targetGUID="{SEL}"/></Case></Cases>')
    path = _file(tmp_path, variables + cases + _source(selection(5, 10)))
    _summary, report = import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        types = {a.name: a.type for a in session.scalars(select(Attribute))}
        assert types == {"vText": "text", "vBoolean": "boolean", "vInteger": "number",
                         "vFloat": "number", "vDate": "date", "vDateTime": "text"}
        got = {
            a.name: (v.text_value, v.boolean_value, v.number_value, v.date_value)
            for v, a in session.execute(select(AttributeValue, Attribute).join(Attribute))
        }
        assert got["vBoolean"][1] is True and got["vInteger"][2] == 12.0
        assert got["vFloat"][2] == 3.25 and got["vDate"][3] == "2024-03-15"
        assert got["vDateTime"][0] == "2024-03-15T10:00:00" and got["vText"][0] == "Cusco"
        link = session.scalar(select(QualCaseLink))
        assert link is not None and (link.start, link.end) == (5, 10)
        case = session.scalar(select(QualCase))
        assert case is not None and case.key == "ana-nunez"
        assert session.scalar(select(Attribute.guid).where(Attribute.name == "vText")) == V[0]
    assert report.altered["Variable of type DateTime (kept as text)"] == 1


def test_notes_by_noteref_on_project_source_code_and_coding(tmp_path: Path,
                                                             empty_store: Store) -> None:
    n = ["0e000000-0000-4000-8000-00000000001" + str(i) for i in range(4)]
    notes = "<Notes>" + "".join(
        f'<Note guid="{g}" name="n{i}" creatingUser="{U1}"><PlainTextContent>texto {i}'
        f"</PlainTextContent></Note>" for i, g in enumerate(n)) + "</Notes>"
    coding = f'<Coding guid="{CD1}"><CodeRef targetGUID="{C1}"/><NoteRef targetGUID="{n[3]}"/>' \
             "</Coding>"
    codebook = (f'<CodeBook><Codes><Code guid="{C1}" name="Visión" isCodable="true">'
                f'<NoteRef targetGUID="{n[2]}"/></Code></Codes></CodeBook>')
    body = (_source(selection(0, 4, coding) + f'<NoteRef targetGUID="{n[1]}"/>') + notes
            + f'<NoteRef targetGUID="{n[0]}"/>')
    path = make_qdpx(tmp_path / "p.qdpx", project(body, codebook=codebook),
                     {f"sources/{S1}.txt": b"Hola mundo"})
    import_file(empty_store, path, "destino")
    with empty_store.session() as session:
        memos = {m.guid: m for m in session.scalars(select(Memo))}
        case = session.scalar(select(Case))
        document = session.scalar(select(Document))
        code = session.scalar(select(Code).where(Code.guid == C1))
        coding_row = session.scalar(select(Coding))
        ana = session.scalar(select(Coder).where(Coder.key == "ana"))
        assert case and document and code and coding_row and ana
        assert (memos[n[0]].target_type, memos[n[0]].target_id) == ("case", case.id)
        assert (memos[n[1]].target_type, memos[n[1]].target_id) == ("document", document.id)
        assert (memos[n[2]].target_type, memos[n[2]].target_id) == ("code", code.id)
        assert (memos[n[3]].target_type, memos[n[3]].target_id) == ("coding", coding_row.id)
        assert all(m.coder_id == ana.id for m in memos.values())
        assert memos[n[3]].text == "texto 3" and memos[n[3]].title == "n3"


def test_sets_are_kept_in_case_settings(tmp_path: Path, empty_store: Store) -> None:
    sets = (f'<Sets><Set guid="{N1}" name="Clave"><Description>d</Description>'
            f'<MemberCode targetGUID="{C1}"/><MemberSource targetGUID="{S1}"/>'
            f'<MemberSource targetGUID="{S2}"/></Set></Sets>')
    _summary, report = import_file(empty_store, _file(tmp_path, _source() + sets), "destino")
    with empty_store.session() as session:
        case = session.scalar(select(Case))
        assert case is not None
        assert case.settings["refi_sets"] == [{"guid": N1, "name": "Clave", "description": "d",
                                               "codes": [C1], "sources": [S1], "notes": []}]
    assert report.dropped["Set member (not imported)"] == 1


def test_source_variables_go_to_a_document_case(tmp_path: Path, empty_store: Store) -> None:
    variables = f'<Variables><Variable guid="{V[0]}" name="año" typeOfVariable="Text"/></Variables>'
    value = f'<VariableValue><VariableRef targetGUID="{V[0]}"/><TextValue>2024</TextValue>' \
            "</VariableValue>"
    _summary, report = import_file(empty_store, _file(tmp_path, variables + _source(value)),
                                   "destino")
    with empty_store.session() as session:
        case = session.scalar(select(QualCase))
        assert case is not None and (case.key, case.kind) == ("doc-e1", "document")
        assert session.scalar(select(AttributeValue.text_value)) == "2024"
    assert report.altered["Source VariableValue (kept on a case of kind document)"] == 1


def test_codings_that_cannot_be_stored_are_listed(tmp_path: Path, empty_store: Store) -> None:
    folder = "c0de0000-0000-4000-8000-0000000000ff"
    codebook = (f'<CodeBook><Codes><Code guid="{folder}" name="Carpeta" isCodable="false">'
                f'<Code guid="{C1}" name="Hoja" isCodable="true"/></Code></Codes></CodeBook>')
    bad = [CODING.replace(C1, folder).replace(CD1, S2),
           CODING.replace(C1, V[5]).replace(CD1, V[4])]
    inner = (selection(0, 4, CODING) + selection(0, 4, "".join(bad), guid=K1)
             + selection(3, 999, CODING.replace(CD1, V[3]), guid=V[2]))
    path = make_qdpx(tmp_path / "p.qdpx", project(_source(inner), codebook=codebook),
                     {f"sources/{S1}.txt": b"Hola mundo"})
    summary, report = import_file(empty_store, path, "destino")
    assert summary.codings == 1
    assert report.dropped["Coding (of a folder, isCodable=false)"] == 1
    assert report.dropped["Coding (its code is not in the codebook)"] == 1
    assert report.dropped["out-of-range PlainTextSelection"] == 1
    assert report.dropped["Coding (in dropped element)"] == 1


def test_unknown_elements_and_attributes_are_listed(tmp_path: Path) -> None:
    inner = (f'<PlainTextSelection guid="{SEL}" startPosition="0" endPosition="4" '
             f'modifiedDateTime="2024-01-01T00:00:00" color="#fff">{CODING}'
             "<Extra/></PlainTextSelection>")
    body = _source(inner).replace('name="E1"', 'name="E1" modifyingUser="' + U1 + '"')
    _project, report = read_refi(_file(tmp_path, body + '<Graphs><Graph guid="'
                                       + N1 + '"/></Graphs>'))
    assert report.dropped == {
        "PlainTextSelection@modifiedDateTime": 1,
        "PlainTextSelection@color": 1,
        "PlainTextSelection/Extra": 1,
        "TextSource@modifyingUser": 1,
        "Project/Graphs": 1,
    }


def test_codebook_import_into_a_case_that_has_it_adds_nothing(
    tmp_path: Path, rich_store: Store
) -> None:
    from concierto.interop.refi.service import export_file

    qdc = tmp_path / "rico.qdc"
    export_file(rich_store, qdc, "rico", codebook_only=True)
    summary, _report = import_file(rich_store, qdc, "rico")
    assert summary.codes == 0
    with rich_store.session() as session:
        assert len(list(session.scalars(select(Code)))) == 4
