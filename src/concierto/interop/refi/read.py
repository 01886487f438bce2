"""The tolerant reader: a .qdpx project, a bare project.qde, or a .qdc codebook into a
:class:`~concierto.interop.refi.model.Project`, with every element it cannot carry counted in
the loss report.

Tolerated: namespace variants (elements are matched by local name), ``sources/`` or
``Sources/``, GUIDs in braces or upper case, bare file names without ``internal://``, CRLF
texts whose producer counted a line break as one character, NFD texts, selections with only a
Description, notes linked through Links, cases without names, empty sources, projects without
codings, duplicate source names.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeAlias

from lxml import etree

from concierto.i18n import _
from concierto.ingest.canonical import sha256_bytes
from concierto.interop.refi import model as m
from concierto.interop.refi.carry import MEMBERS, read_carried
from concierto.interop.refi.errors import RefiFormatError
from concierto.interop.refi.loss import LossReport
from concierto.interop.refi.positions import counts_crlf_once, position_map
from concierto.interop.refi.safezip import ArchiveLimits, SafeArchive
from concierto.interop.refi.validate import root_errors
from concierto.interop.refi.xml import local_name, parse_xml

GUID_PATTERN = re.compile(r"^\{?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})\}?$")
FOREIGN_GUIDS = uuid.UUID("6f1d3c1e-3c0b-4d55-9a55-0d6c1f0b8a11")
MEDIA_SOURCES = ("PictureSource", "AudioSource", "VideoSource")

Element: TypeAlias = etree._Element


def normalise_guid(raw: str | None, report: LossReport | None = None) -> str:
    """A GUID in lower case without braces; a malformed one becomes a stable derived GUID."""
    text = (raw or "").strip()
    found = GUID_PATTERN.match(text)
    if found:
        return found.group(1).lower()
    if report is not None:
        report.note(_("malformed GUID {guid!r} replaced by a derived one").format(guid=text))
    return str(uuid.uuid5(FOREIGN_GUIDS, text))


def _children(element: Element, name: str) -> list[Element]:
    """Children called ``name`` in any namespace (or none)."""
    return list(element.iterchildren("{*}" + name))


def _child(element: Element, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    return "".join(element.itertext())


class _Reader:
    """One pass over a project tree; ``files`` gives the bytes of archive entries."""

    def __init__(self, report: LossReport, where: str, files: Callable[[str], bytes | None]):
        self.report = report
        self.where = where
        self.files = files

    # -- bookkeeping ---------------------------------------------------------------------
    def guid(self, element: Element, attribute: str = "guid") -> str:
        return normalise_guid(element.get(attribute), self.report)

    def ref(self, element: Element) -> str:
        return normalise_guid(element.get("targetGUID"), self.report)

    def consume(
        self, element: Element, attributes: Collection[str], children: Collection[str]
    ) -> None:
        """Count every attribute and child of ``element`` not in the handled lists."""
        name = local_name(element)
        for attribute in element.attrib:
            local = attribute[attribute.find("}") + 1 :]
            if local != "guid" and local not in attributes:
                self.report.drop(f"{name}@{local}")
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag[tag.find("}") + 1 :] not in children:
                self.drop_tree(child, f"{name}/")

    def drop_tree(self, element: Element, prefix: str = "") -> None:
        """Count an element the reader has no place for, and the codings inside it."""
        self.report.drop(prefix + local_name(element))
        codings = sum(1 for e in element.iter() if isinstance(e.tag, str)
                      and local_name(e) == "Coding")
        self.report.drop("Coding (in dropped element)", codings)

    # -- codebook ------------------------------------------------------------------------
    def code(self, element: Element) -> m.Code:
        self.consume(element, ("name", "isCodable", "color"), ("Description", "NoteRef", "Code"))
        color = element.get("color")
        if color and not re.fullmatch(r"#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})", color.strip()):
            self.report.drop("Code@color (malformed)")
            color = None
        name = element.get("name")
        if not name:
            self.report.note(_("a code without a name was named after its GUID"))
        code = m.Code(
            guid=self.guid(element),
            name=name or self.guid(element),
            codable=(element.get("isCodable") or "true").strip().lower() in ("true", "1"),
            color=color.strip() if color else None,
            description=_text(_child(element, "Description")),
            note_refs=[self.ref(n) for n in _children(element, "NoteRef")],
            children=[self.code(c) for c in _children(element, "Code")],
        )
        self.report.keep("Code")
        return code

    def codebook(self, element: Element) -> list[m.Code]:
        codes = _child(element, "Codes")
        self.consume(element, ("origin",), ("Codes", "Sets"))
        if codes is None:
            raise RefiFormatError(_("{file}: the CodeBook has no Codes").format(file=self.where))
        self.consume(codes, (), ("Code",))
        return self.unflatten([self.code(c) for c in _children(codes, "Code")])

    def unflatten(self, roots: list[m.Code]) -> list[m.Code]:
        """Top-level codes named ``parent\\child`` (a web tool flattens trees so) are nested
        again under the code of that name, created as a folder when missing."""
        out: list[m.Code] = []
        by_path: dict[tuple[str, ...], m.Code] = {}
        for code in roots:
            if "\\" not in code.name:
                out.append(code)
                by_path.setdefault((code.name,), code)
        for code in roots:
            if "\\" not in code.name:
                continue
            *parents, leaf = [part.strip() for part in code.name.split("\\")]
            siblings: list[m.Code] = out
            path: tuple[str, ...] = ()
            for part in parents:
                path = (*path, part)
                if path not in by_path:
                    folder = m.Code(guid=str(uuid.uuid5(FOREIGN_GUIDS, "/".join(path))),
                                    name=part, codable=False)
                    siblings.append(folder)
                    by_path[path] = folder
                siblings = by_path[path].children
            code.name = leaf
            siblings.append(code)
            by_path.setdefault((*path, leaf), code)
            self.report.note(_("code names with backslashes were read as a code tree"))
        return out

    def codebook_sets(self, element: Element) -> list[m.Set]:
        out = []
        for found in _children(element, "Set"):
            self.consume(found, ("name",), ("Description", "MemberCode"))
            out.append(
                m.Set(
                    guid=self.guid(found),
                    name=found.get("name") or "",
                    description=_text(_child(found, "Description")),
                    codes=[self.guid(c) for c in _children(found, "MemberCode")],
                )
            )
            self.report.keep("Set")
        return out

    # -- users, variables, cases ---------------------------------------------------------
    def users(self, element: Element) -> list[m.User]:
        out = []
        for user in _children(element, "User"):
            self.consume(user, ("name", "id"), ())
            out.append(m.User(self.guid(user), user.get("name"), user.get("id")))
            self.report.keep("User")
        return out

    def variables(self, element: Element) -> list[m.Variable]:
        out = []
        for variable in _children(element, "Variable"):
            self.consume(variable, ("name", "typeOfVariable"), ("Description",))
            out.append(
                m.Variable(
                    guid=self.guid(variable),
                    name=variable.get("name") or self.guid(variable),
                    type=variable.get("typeOfVariable") or "Text",
                    description=_text(_child(variable, "Description")),
                )
            )
            self.report.keep("Variable")
        return out

    def values(self, element: Element) -> list[m.VariableValue]:
        out = []
        for value in _children(element, "VariableValue"):
            reference = _child(value, "VariableRef")
            if reference is None:
                self.report.drop("VariableValue (without VariableRef)")
                continue
            payload = [c for c in value if isinstance(c.tag, str) and c is not reference]
            raw = _text(payload[0]) if payload else None
            text = raw.strip() if raw is not None else None
            out.append(m.VariableValue(self.ref(reference), text))
        return out

    def cases(self, element: Element) -> list[m.Case]:
        out = []
        for case in _children(element, "Case"):
            self.consume(
                case,
                ("name",),
                ("Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"),
            )
            code_refs = [self.ref(r) for r in _children(case, "CodeRef")]
            self.report.drop("Case/CodeRef", len(code_refs))
            out.append(
                m.Case(
                    guid=self.guid(case),
                    name=case.get("name"),
                    description=_text(_child(case, "Description")),
                    code_refs=code_refs,
                    values=self.values(case),
                    source_refs=[self.ref(r) for r in _children(case, "SourceRef")],
                    selection_refs=[self.ref(r) for r in _children(case, "SelectionRef")],
                )
            )
            self.report.keep("Case")
        return out

    # -- sources -------------------------------------------------------------------------
    def file_text(self, path: str | None, owner: str) -> tuple[str, bytes] | None:
        """The decoded text of an internal file, or None when it is not in the archive."""
        if not path:
            return None
        data = self.files(path)
        if data is None:
            self.report.note(
                _("{owner}: file {path!r} is not in the archive").format(owner=owner, path=path)
            )
            return None
        try:
            return data.decode("utf-8-sig"), data
        except UnicodeDecodeError:
            self.report.note(
                _("{owner}: {path!r} is not UTF-8; read as Windows-1252").format(
                    owner=owner, path=path
                )
            )
            return data.decode("cp1252", errors="replace"), data

    def coding(self, element: Element, user: str | None) -> m.Coding | None:
        self.consume(element, ("creatingUser", "creationDateTime"), ("CodeRef", "NoteRef"))
        reference = _child(element, "CodeRef")
        if reference is None:
            self.report.drop("Coding (without CodeRef)")
            return None
        creator = element.get("creatingUser")
        return m.Coding(
            guid=self.guid(element),
            code=self.ref(reference),
            user=normalise_guid(creator, self.report) if creator else user,
            created=element.get("creationDateTime"),
            note_refs=[self.ref(n) for n in _children(element, "NoteRef")],
        )

    def text_source(self, element: Element, kind: str, name: str | None) -> m.Source | None:
        """A TextSource (or a PDF's Representation) with its selections and codings."""
        owner = name or element.get("name") or element.get("guid") or "?"
        self.consume(
            element,
            ("name", "richTextPath", "plainTextPath", "creatingUser"),
            ("Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
             "VariableValue"),
        )
        if element.get("richTextPath"):
            self.report.drop("rich text file (formatting; the plain text is kept)")
        inline = _child(element, "PlainTextContent")
        loaded = None if inline is not None else self.file_text(element.get("plainTextPath"), owner)
        if inline is not None:
            raw, data = _text(inline) or "", (_text(inline) or "").encode("utf-8")
        elif loaded is not None:
            raw, data = loaded
        elif element.get("plainTextPath") is None:
            raw, data = "", b""
            self.report.note(_("source {name!r} has no text; imported empty").format(name=owner))
        else:
            return None
        user = element.get("creatingUser")
        creator = normalise_guid(user, self.report) if user else None
        spans = []
        for selection in _children(element, "PlainTextSelection"):
            try:
                spans.append(
                    (int(selection.get("startPosition", "")), int(selection.get("endPosition", "")))
                )
            except ValueError:
                continue
        if counts_crlf_once(raw, spans):
            raw = raw.replace("\r\n", "\n")
            self.report.note(
                _("source {name!r}: positions count each CRLF line break as one character").format(
                    name=owner
                )
            )
        mapping = position_map(raw)
        source = m.Source(
            guid=self.guid(element),
            name=name or element.get("name"),
            text=mapping.canonical,
            sha256=sha256_bytes(data),
            kind=kind,
            description=_text(_child(element, "Description")),
            user=creator,
            note_refs=[self.ref(n) for n in _children(element, "NoteRef")],
            values=self.values(element),
        )
        for selection in _children(element, "PlainTextSelection"):
            self.consume(
                selection,
                ("name", "startPosition", "endPosition", "creatingUser"),
                ("Description", "Coding", "NoteRef"),
            )
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                self.drop_tree(selection)
                self.report.note(_("source {name!r}: a selection without valid positions was "
                                   "dropped").format(name=owner))
                continue
            canonical_start = mapping.convert(max(start, 0), is_end=False)
            canonical_end = mapping.convert(min(end, len(raw)), is_end=True)
            if not 0 <= start < end <= len(raw) or canonical_end <= canonical_start:
                self.drop_tree(selection, "out-of-range ")
                self.report.note(
                    _("source {name!r}: selection {start}..{end} lies outside its text "
                      "(length {length})").format(name=owner, start=start, end=end,
                                                  length=len(raw))
                )
                continue
            sel_user = selection.get("creatingUser")
            selection_user = normalise_guid(sel_user, self.report) if sel_user else creator
            codings = [
                c for c in (self.coding(x, selection_user) for x in _children(selection, "Coding"))
                if c is not None
            ]
            if codings and selection.get("name"):
                self.report.drop("PlainTextSelection@name (of a coded selection)")
            source.selections.append(
                m.Selection(
                    guid=self.guid(selection),
                    start=canonical_start,
                    end=canonical_end,
                    name=selection.get("name"),
                    description=_text(_child(selection, "Description")),
                    user=selection_user,
                    codings=codings,
                    note_refs=[self.ref(n) for n in _children(selection, "NoteRef")],
                )
            )
        source.codings = [
            c for c in (self.coding(x, creator) for x in _children(element, "Coding"))
            if c is not None
        ]
        return source

    def pdf_source(self, element: Element) -> m.Source | None:
        self.consume(
            element,
            ("name", "path", "currentPath", "creatingUser"),
            ("Description", "PDFSelection", "Representation", "Coding", "NoteRef", "VariableValue"),
        )
        for selection in _children(element, "PDFSelection"):
            self.drop_tree(selection, "PDFSource/")
        representation = _child(element, "Representation")
        name = element.get("name")
        if representation is None:
            self.drop_tree(element, "without text representation: ")
            return None
        self.report.alter("PDFSource (kept as its text representation)")
        source = self.text_source(representation, "pdf", name)
        if source is None:
            self.drop_tree(element, "without text representation: ")
            return None
        source.guid = self.guid(element)
        source.description = _text(_child(element, "Description")) or source.description
        source.codings += [
            c for c in (self.coding(x, source.user) for x in _children(element, "Coding"))
            if c is not None
        ]
        source.note_refs += [self.ref(n) for n in _children(element, "NoteRef")]
        source.values += self.values(element)
        return source

    def sources(self, element: Element) -> list[m.Source]:
        out = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            kind = local_name(child)
            found: m.Source | None = None
            if kind == "TextSource":
                found = self.text_source(child, "text", None)
                if found is None:
                    self.drop_tree(child, "unreadable ")
            elif kind == "PDFSource":
                found = self.pdf_source(child)
            else:
                self.drop_tree(child)
                continue
            if found is not None:
                self.report.keep("Source")
                out.append(found)
        return out

    def notes(self, element: Element) -> list[m.Note]:
        out = []
        for note in _children(element, "Note"):
            self.consume(
                note,
                ("name", "plainTextPath", "creatingUser", "creationDateTime"),
                ("Description", "PlainTextContent"),
            )
            inline = _child(note, "PlainTextContent")
            loaded = self.file_text(note.get("plainTextPath"), note.get("name") or "note")
            text = _text(inline) if inline is not None else loaded[0] if loaded else None
            description = _text(_child(note, "Description"))
            if text is None:
                text = description or ""
            elif description:
                self.report.drop("Note/Description (the note's text is kept)")
            creator = note.get("creatingUser")
            out.append(
                m.Note(
                    guid=self.guid(note),
                    name=note.get("name"),
                    text=position_map(text).canonical,
                    user=normalise_guid(creator, self.report) if creator else None,
                    created=note.get("creationDateTime"),
                )
            )
            self.report.keep("Note")
        return out

    def links(self, element: Element) -> list[m.Link]:
        out = []
        for link in _children(element, "Link"):
            self.consume(link, ("originGUID", "targetGUID"), ())
            origin, target = link.get("originGUID"), link.get("targetGUID")
            out.append(
                m.Link(
                    guid=self.guid(link),
                    origin=normalise_guid(origin, self.report) if origin else None,
                    target=normalise_guid(target, self.report) if target else None,
                    name=link.get("name"),
                )
            )
        return out

    def sets(self, element: Element) -> list[m.Set]:
        out = []
        for found in _children(element, "Set"):
            self.consume(found, ("name",), ("Description", "MemberCode", "MemberSource",
                                            "MemberNote"))
            out.append(
                m.Set(
                    guid=self.guid(found),
                    name=found.get("name") or "",
                    description=_text(_child(found, "Description")),
                    codes=[self.ref(c) for c in _children(found, "MemberCode")],
                    sources=[self.ref(c) for c in _children(found, "MemberSource")],
                    notes=[self.ref(c) for c in _children(found, "MemberNote")],
                )
            )
            self.report.keep("Set")
        return out

    def project(self, root: Element) -> m.Project:
        if local_name(root) != "Project":
            raise RefiFormatError(
                _("{file}: the root element is {name}, not Project").format(
                    file=self.where, name=local_name(root)
                )
            )
        handled = ("Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets",
                   "Description", "NoteRef")
        self.consume(root, ("name", "origin"), handled)
        if root.get("origin"):
            self.report.note(_("written by {origin}").format(origin=root.get("origin")))
        project = m.Project(
            name=root.get("name") or Path(self.where).stem,
            description=_text(_child(root, "Description")),
            origin=root.get("origin"),
        )
        parts: dict[str, Callable[[Element], None]] = {
            "Users": lambda e: project.users.extend(self.users(e)),
            "CodeBook": lambda e: project.codes.extend(self.codebook(e)),
            "Variables": lambda e: project.variables.extend(self.variables(e)),
            "Cases": lambda e: project.cases.extend(self.cases(e)),
            "Sources": lambda e: project.sources.extend(self.sources(e)),
            "Notes": lambda e: project.notes.extend(self.notes(e)),
            "Links": lambda e: project.links.extend(self.links(e)),
            "Sets": lambda e: project.sets.extend(self.sets(e)),
        }
        for child in root:
            if isinstance(child.tag, str) and local_name(child) in parts:
                parts[local_name(child)](child)
        project.note_refs = [self.ref(n) for n in _children(root, "NoteRef")]
        return project


def _archive_lookup(archive: SafeArchive) -> Callable[[str], bytes | None]:
    """Resolve ``internal://x``, bare names, ``sources/`` or ``Sources/``, any GUID case."""
    by_lower = {name.lower(): name for name in archive.names}
    by_base: dict[str, str] = {}
    for name in archive.names:
        by_base.setdefault(name.rsplit("/", 1)[-1].lower(), name)

    def lookup(path: str) -> bytes | None:
        bare = re.sub(r"^(internal|relative|absolute)://", "", path.strip(), flags=re.I)
        bare = bare.replace("\\", "/").lstrip("/")
        base = bare.rsplit("/", 1)[-1].lower().replace("{", "").replace("}", "")
        for candidate in (f"sources/{bare}".lower(), bare.lower()):
            if candidate in by_lower:
                return archive.read(by_lower[candidate])
        if base in by_base:
            return archive.read(by_base[base])
        return None

    return lookup


def read_refi(
    path: Path, limits: ArchiveLimits | None = None, schema_dir: Path | None = None
) -> tuple[m.Project, LossReport]:
    """Read a .qdpx, .qde or .qdc file; the loss report lists what concierto cannot carry and,
    with ``schema_dir``, where the file breaks the official schemas (read anyway)."""
    report = LossReport(direction="import")

    def check(root: Element, kind: str) -> None:
        if schema_dir is not None:
            report.schema_errors.extend(root_errors(root, kind, schema_dir))

    if not path.exists():
        raise RefiFormatError(_("{file}: no such file").format(file=path))
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".qdpx":
        with SafeArchive(path, limits) as archive:
            entries = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n]
            if not entries:
                raise RefiFormatError(
                    _("{file}: the archive holds no project.qde").format(file=path)
                )
            where = f"{path}:{entries[0]}"
            root = parse_xml(archive.read(entries[0]), where)
            check(root, "project")
            reader = _Reader(report, where, _archive_lookup(archive))
            project = reader.project(root)
            project.concierto = read_carried(archive, project.codes, report)
            used = {entries[0], *MEMBERS}
            _count_unreferenced(archive, used, report)
        return project, report
    limit = (limits or ArchiveLimits()).max_total_bytes
    if path.stat().st_size > limit:
        raise RefiFormatError(
            _("{file}: {size} bytes, more than the limit of {limit}").format(
                file=path, size=path.stat().st_size, limit=limit
            )
        )
    data = path.read_bytes()
    root = parse_xml(data, str(path))
    reader = _Reader(report, str(path), lambda _path: None)
    check(root, "codebook" if local_name(root) == "CodeBook" else "project")
    if local_name(root) == "CodeBook":
        project = m.Project(name=path.stem, codebook_only=True)
        project.codes = reader.codebook(root)
        sets = _child(root, "Sets")
        if sets is not None:
            project.sets = reader.codebook_sets(sets)
        return project, report
    return reader.project(root), report


def _count_unreferenced(archive: SafeArchive, used: set[str], report: LossReport) -> None:
    """Archive files other than texts (originals of PDFs, pictures, audio) are not carried."""
    for name in archive.names:
        if name in used or name.lower().endswith(".txt"):
            continue
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "?"
        report.drop(f"archive file .{suffix}")
