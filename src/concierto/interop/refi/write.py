"""The strict writer: a :class:`~concierto.interop.refi.model.Project` as a .qdpx archive or a
.qdc codebook that validates against the official schemas and follows the rules they cannot
express: texts as ``internal://<guid>.txt`` in a lowercase ``sources/`` folder, UTF-8 without
BOM, lower-case GUIDs, no empty ``Sets``, no ``richTextPath`` (only plain text is written),
positions in code points of the written text with an exclusive end."""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from lxml import etree

from concierto.interop.refi import model as m
from concierto.interop.refi.carry import carry_members
from concierto.interop.refi.validate import default_schema_dir, require_valid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "concierto"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}

Element: TypeAlias = etree._Element


def source_path(guid: str) -> str:
    """The archive entry of a source's plain text."""
    return f"sources/{guid}.txt"


class _Builder:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def sub(self, parent: Element, tag: str, /, **attributes: str | None) -> Element:
        clean = {k: v for k, v in attributes.items() if v is not None}
        return etree.SubElement(parent, f"{{{self.namespace}}}{tag}", clean)

    def text(self, parent: Element, name: str, value: str | None) -> None:
        if value:
            self.sub(parent, name).text = value

    def refs(self, parent: Element, name: str, guids: list[str]) -> None:
        for guid in guids:
            self.sub(parent, name, targetGUID=guid)

    def code(self, parent: Element, code: m.Code, with_notes: bool) -> None:
        element = self.sub(
            parent,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.color,
        )
        self.text(element, "Description", code.description)
        if with_notes:
            self.refs(element, "NoteRef", code.note_refs)
        for child in code.children:
            self.code(element, child, with_notes)

    def coding(self, parent: Element, coding: m.Coding) -> None:
        created = coding.created if coding.created and DATETIME.match(coding.created) else None
        element = self.sub(
            parent, "Coding", guid=coding.guid, creatingUser=coding.user, creationDateTime=created
        )
        self.sub(element, "CodeRef", targetGUID=coding.code)
        self.refs(element, "NoteRef", coding.note_refs)

    def values(self, parent: Element, values: list[m.VariableValue], types: dict[str, str]) -> None:
        for value in values:
            element = self.sub(parent, "VariableValue")
            self.sub(element, "VariableRef", targetGUID=value.variable)
            if value.value is not None:
                self.sub(element, VALUE_ELEMENTS[types[value.variable]]).text = value.value

    def source(self, parent: Element, source: m.Source, types: dict[str, str]) -> None:
        element = self.sub(
            parent,
            "TextSource",
            guid=source.guid,
            name=source.name,
            plainTextPath=f"internal://{source.guid}.txt",
            creatingUser=source.user,
        )
        self.text(element, "Description", source.description)
        for selection in source.selections:
            chosen = self.sub(
                element,
                "PlainTextSelection",
                guid=selection.guid,
                name=selection.name,
                startPosition=str(selection.start),
                endPosition=str(selection.end),
                creatingUser=selection.user,
            )
            self.text(chosen, "Description", selection.description)
            for coding in selection.codings:
                self.coding(chosen, coding)
            self.refs(chosen, "NoteRef", selection.note_refs)
        for coding in source.codings:
            self.coding(element, coding)
        self.refs(element, "NoteRef", source.note_refs)
        self.values(element, source.values, types)


def project_xml(project: m.Project) -> bytes:
    """The project.qde document of ``project``."""
    b = _Builder(PROJECT_NS)
    root = etree.Element(
        f"{{{PROJECT_NS}}}Project",
        {"name": project.name, "origin": ORIGIN},
        nsmap={None: PROJECT_NS},
    )
    if project.users:
        users = b.sub(root, "Users")
        for user in project.users:
            b.sub(users, "User", guid=user.guid, name=user.name, id=user.id)
    if project.codes:
        codes = b.sub(b.sub(root, "CodeBook"), "Codes")
        for code in project.codes:
            b.code(codes, code, with_notes=True)
    types = {variable.guid: variable.type for variable in project.variables}
    if project.variables:
        variables = b.sub(root, "Variables")
        for variable in project.variables:
            element = b.sub(
                variables, "Variable", guid=variable.guid, name=variable.name,
                typeOfVariable=variable.type,
            )
            b.text(element, "Description", variable.description)
    if project.cases:
        cases = b.sub(root, "Cases")
        for case in project.cases:
            element = b.sub(cases, "Case", guid=case.guid, name=case.name)
            b.text(element, "Description", case.description)
            b.refs(element, "CodeRef", case.code_refs)
            b.values(element, case.values, types)
            b.refs(element, "SourceRef", case.source_refs)
            b.refs(element, "SelectionRef", case.selection_refs)
    if project.sources:
        sources = b.sub(root, "Sources")
        for source in project.sources:
            b.source(sources, source, types)
    if project.notes:
        notes = b.sub(root, "Notes")
        for note in project.notes:
            created = note.created if note.created and DATETIME.match(note.created) else None
            element = b.sub(
                notes, "Note", guid=note.guid, name=note.name, creatingUser=note.user,
                creationDateTime=created,
            )
            b.sub(element, "PlainTextContent").text = note.text
    if project.links:
        links = b.sub(root, "Links")
        for link in project.links:
            b.sub(links, "Link", guid=link.guid, originGUID=link.origin, targetGUID=link.target)
    _sets(b, root, project.sets, with_members=True)
    b.text(root, "Description", project.description)
    b.refs(root, "NoteRef", project.note_refs)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _sets(b: _Builder, root: Element, sets: list[m.Set], *, with_members: bool) -> None:
    if not sets:  # an empty <Sets/> is schema-invalid
        return
    parent = b.sub(root, "Sets")
    for found in sets:
        element = b.sub(parent, "Set", guid=found.guid, name=found.name)
        b.text(element, "Description", found.description)
        if with_members:
            b.refs(element, "MemberCode", found.codes)
            b.refs(element, "MemberSource", found.sources)
            b.refs(element, "MemberNote", found.notes)
        else:
            for code in found.codes:
                b.sub(element, "MemberCode", guid=code)


def codebook_xml(project: m.Project) -> bytes:
    """The .qdc document of ``project``'s codebook (sets keep their codes only)."""
    b = _Builder(CODEBOOK_NS)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN},
                         nsmap={None: CODEBOOK_NS})
    codes = b.sub(root, "Codes")
    for code in project.codes:
        b.code(codes, code, with_notes=False)
    _sets(b, root, [s for s in project.sets if s.codes], with_members=False)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _replace(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename: no half-written file."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(descriptor)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_qdpx(project: m.Project, path: Path, schema_dir: Path | None = None) -> None:
    """Write ``project`` as a .qdpx archive (with concierto's own codebook beside the REFI one
    when the project carries it), refusing a project that breaks the schemas of ``schema_dir``
    (by default REFI_SCHEMA_DIR or the shipped ones); nothing is written then."""
    xml = project_xml(project)
    require_valid(xml, "project", schema_dir or default_schema_dir(), str(path))

    def write(target: Path) -> None:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", xml)
            for source in project.sources:
                archive.writestr(source_path(source.guid), source.text.encode("utf-8"))
            if project.concierto is not None:  # other programs ignore these members
                for name, data in carry_members(project.concierto).items():
                    archive.writestr(name, data)

    _replace(path, write)


def write_qdc(project: m.Project, path: Path, schema_dir: Path | None = None) -> None:
    """Write ``project``'s codebook as a .qdc file, refusing one that breaks the schemas of
    ``schema_dir`` (by default REFI_SCHEMA_DIR or the shipped ones)."""
    xml = codebook_xml(project)
    require_valid(xml, "codebook", schema_dir or default_schema_dir(), str(path))

    def write(target: Path) -> None:
        target.write_bytes(xml)

    _replace(path, write)
