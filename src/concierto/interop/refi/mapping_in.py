"""Store a parsed REFI-QDA project in a case (inside the caller's transaction): users become
coders, the code tree the codebook, text sources documents, codings codings, notes memos,
cases qualitative cases with typed attributes, sets a list in the case's settings. GUIDs are
kept; whatever has no place is counted in the loss report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from concierto.codebook.model import Code as CodebookCode
from concierto.codebook.model import Codebook, Text
from concierto.compute.executors import Executor, SerialExecutor
from concierto.evidence.errors import EvidenceError
from concierto.evidence.prepare import PreparedDocument, prepare_text
from concierto.evidence.store import (
    KEY_PATTERN,
    add_document,
    add_memo,
    ensure_coder,
    ensure_qual_case,
    install_codebook,
    link_qual_case,
    now,
    set_attribute,
    stored_codebook,
)
from concierto.i18n import _
from concierto.ingest.canonical import CanonicalDocument, sha256_text
from concierto.interop.refi import model as m
from concierto.interop.refi.carry import carried_code
from concierto.interop.refi.errors import RefiError
from concierto.interop.refi.keys import slug, unique
from concierto.interop.refi.loss import LossReport
from concierto.model import (
    Attribute,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    QualCase,
)
from concierto.model.evidence import new_guid

REFI_TYPES = {
    "Text": "text",
    "Boolean": "boolean",
    "Integer": "number",
    "Float": "number",
    "Date": "date",
    "DateTime": "text",
}
SETS_SETTING = "refi_sets"
DEFAULT_CODER = "refi-import"


@dataclass
class ImportSummary:
    """Counts of what an import stored, and the policy case it went into (created or not)."""

    coders: int = 0
    codes: int = 0
    documents: int = 0
    codings: int = 0
    memos: int = 0
    cases: int = 0
    attributes: int = 0
    sets: int = 0
    into_case: str = ""
    case_created: bool = False

    def as_dict(self) -> dict[str, int | str | bool]:
        """The counts (and the policy case imported into) as a plain mapping."""
        return dict(self.__dict__)


@dataclass
class _Targets:
    """Where each REFI GUID landed: (memo target type, row id) and selection spans."""

    objects: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    selections: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    selection_codings: dict[str, int] = field(default_factory=dict)


class _Importer:
    def __init__(self, session: Session, case: Case, project: m.Project, report: LossReport,
                 kind: str, executor: Executor | None = None) -> None:
        self.executor: Executor = executor or SerialExecutor()
        self.session = session
        self.case = case
        self.project = project
        self.report = report
        self.kind = kind
        self.summary = ImportSummary()
        self.targets = _Targets()
        self.coders: dict[str, int] = {}
        self.coder_keys: dict[str, str] = {}
        self.codes: dict[str, Code] = {}
        self.documents: dict[str, Document] = {}
        self.note_links: list[tuple[str, str, int | None]] = []
        self.case_selections = {guid for case in project.cases for guid in case.selection_refs}
        self.source_index = {source.guid: source for source in project.sources}
        self.selection_index = {
            selection.guid: selection
            for source in project.sources
            for selection in source.selections
        }

    # -- checks --------------------------------------------------------------------------
    def refuse_known_guids(self) -> None:
        """A project whose sources, codings, cases or notes are already stored is refused."""
        checks: list[tuple[Any, list[str], str]] = [
            (Document, [s.guid for s in self.project.sources], _("source")),
            (QualCase, [c.guid for c in self.project.cases], _("case")),
            (Memo, [n.guid for n in self.project.notes], _("note")),
        ]
        codings = [c.guid for s in self.project.sources for c in s.codings]
        codings += [c.guid for s in self.project.sources for x in s.selections for c in x.codings]
        checks.append((Coding, codings, _("coding")))
        for table, guids, what in checks:
            for start in range(0, len(guids), 500):
                found = self.session.scalar(
                    select(table.guid).where(table.guid.in_(guids[start : start + 500])).limit(1)
                )
                if found is not None:
                    raise RefiError(
                        _("the {what} with GUID {guid} is already in the database; this project "
                          "(or part of it) was imported before").format(what=what, guid=found)
                    )

    # -- coders --------------------------------------------------------------------------
    def coder_for(self, user: str | None) -> int:
        """The coder id of a REFI user GUID (unknown users and no user get stand-in coders)."""
        if user is None:
            self.report.note(_("codings without a user were given the coder 'refi-import'"))
            return ensure_coder(self.session, DEFAULT_CODER).id
        if user not in self.coders:
            self.report.note(_("user {guid} is not declared in Users").format(guid=user))
            self.add_user(m.User(guid=user))
        return self.coders[user]

    def add_user(self, user: m.User) -> None:
        existing = self.session.scalar(select(Coder).where(Coder.guid == user.guid))
        if existing is None:
            taken: set[str] = set()
            key = user.id if user.id and KEY_PATTERN.match(user.id) else None
            key = key or slug(user.name, "") .replace("_", "-") or f"user-{user.guid[:8]}"
            existing = self.session.scalar(select(Coder).where(Coder.key == key))
            if existing is None:
                existing = ensure_coder(self.session, unique(key, taken, "-"), user.name)
                existing.guid = user.guid
                self.summary.coders += 1
            else:
                self.report.note(
                    _("user {name!r} matched the existing coder {key!r}").format(
                        name=user.name or user.id or user.guid, key=key
                    )
                )
        self.coders[user.guid] = existing.id
        self.coder_keys[user.guid] = existing.key

    # -- codebook ------------------------------------------------------------------------
    def install_codes(self) -> None:
        """The code tree as codes of the case. A code carried in concierto's own codebook
        gets its concierto code back (id, labels, polarity, mappings), or joins the case's
        code of that id; any other code gets a key made from its name."""
        rows = {r.guid: r for r in self.session.scalars(select(Code).where(Code.case_id
                                                                            == self.case.id))}
        by_key = {r.key: r for r in rows.values()}
        taken = set(by_key)
        keys: dict[str, str] = {}
        joined: set[str] = set()
        new: list[CodebookCode] = []
        language = self.case.language if self.case.language in ("es", "en") else "es"

        def visit(code: m.Code, parent_key: str | None) -> None:
            own = carried_code(self.project.concierto, code.guid)
            if own is not None and own.parent != parent_key:
                own = None  # its parent landed on another key: a key from its name instead
            if code.guid in rows:
                keys[code.guid] = rows[code.guid].key
            elif own is not None and own.id in by_key:
                keys[code.guid] = own.id
                joined.add(code.guid)
            else:
                if self.session.scalar(select(Code.id).where(Code.guid == code.guid)) is not None:
                    self.report.note(_("code {name!r} exists in another case; it gets a new "
                                       "GUID here").format(name=code.name))
                if own is not None and own.id not in taken:
                    taken.add(own.id)
                    keys[code.guid] = own.id
                    new.append(own)
                else:
                    keys[code.guid] = self.named_code(code, parent_key, taken, language, new)
            for child in code.children:
                visit(child, keys[code.guid])

        for code in self.project.codes:
            visit(code, None)
        if joined:
            self.report.note(_("{count} codes of the project were already in the case (same "
                               "ids); their codings go to them").format(count=len(joined)))
        carried = self.project.concierto
        if carried is not None and all(code.id in carried.codebook for code in new):
            order = {code.id: index for index, code in enumerate(carried.codebook.codes)}
            new.sort(key=lambda code: order[code.id])  # the order of concierto's codebook
        if new:
            existing = stored_codebook(self.session, self.case).codes
            install_codebook(
                self.session, self.case, Codebook(name=self.project.name or "refi",
                                                  codes=(*existing, *new)),
            )
        by_key = {r.key: r for r in self.session.scalars(select(Code).where(Code.case_id
                                                                              == self.case.id))}
        guid_taken = set(self.session.scalars(select(Code.guid)))
        for guid, key in keys.items():
            row = by_key[key]
            if row.guid != guid and guid not in guid_taken and guid not in joined:
                row.guid = guid
                guid_taken.add(guid)
            self.codes[guid] = row
            self.targets.objects[guid] = ("code", row.id)
        self.summary.codes = len(new)
        self.session.flush()
        for code in self.project.all_codes():
            for note in code.note_refs:
                self.note_links.append((note, "code", self.codes[code.guid].id))

    @staticmethod
    def named_code(code: m.Code, parent_key: str | None, taken: set[str], language: str,
                   new: list[CodebookCode]) -> str:
        """A new code keyed by ``code``'s name under ``parent_key`` (added to ``new``)."""
        base = slug(code.name, "code")
        key = unique(f"{parent_key}.{base}" if parent_key else base, taken)
        color = code.color
        if color and len(color) == 4:
            color = "#" + "".join(ch * 2 for ch in color[1:])
        description = Text(**{language: code.description}) if code.description else Text()
        new.append(
            CodebookCode(
                id=key, label=Text(es=code.name), parent=parent_key,
                codable=code.codable, definition=description, color=color,
            )
        )
        return key

    # -- variables -----------------------------------------------------------------------
    def install_variables(self) -> dict[str, Attribute]:
        found: dict[str, Attribute] = {}
        for variable in self.project.variables:
            kind = REFI_TYPES.get(variable.type, "text")
            if variable.type == "DateTime":
                self.report.alter("Variable of type DateTime (kept as text)")
            row = self.session.scalar(
                select(Attribute).where(Attribute.case_id == self.case.id,
                                        Attribute.name == variable.name)
            )
            if row is None:
                row = Attribute(case_id=self.case.id, name=variable.name, type=kind,
                                description=variable.description)
                if self.session.scalar(select(Attribute.id).where(Attribute.guid
                                                                  == variable.guid)) is None:
                    row.guid = variable.guid
                self.session.add(row)
                self.summary.attributes += 1
            found[variable.guid] = row
        self.session.flush()
        return found

    def set_values(self, qual_case: QualCase, values: list[m.VariableValue],
                   attributes: dict[str, Attribute]) -> None:
        for value in values:
            attribute = attributes.get(value.variable)
            if attribute is None:
                self.report.drop("VariableValue (unknown variable)")
                continue
            if value.value is None or value.value == "":
                self.report.drop("VariableValue (empty)")
                continue
            raw = value.value[:10] if attribute.type == "date" else value.value
            try:
                set_attribute(self.session, self.case, qual_case, attribute.name, raw)
            except EvidenceError as exc:
                self.report.drop("VariableValue (not of its variable's type)")
                self.report.note(str(exc))

    # -- sources and codings ---------------------------------------------------------------
    def install_sources(self, attributes: dict[str, Attribute]) -> None:
        taken = set(self.session.scalars(select(Document.key).where(Document.case_id
                                                                     == self.case.id)))
        hashes = set(self.session.scalars(select(Document.sha256).where(Document.case_id
                                                                         == self.case.id)))
        names: set[str] = set()
        language = self.case.language
        coding_rows: list[dict[str, Any]] = []
        seen_codings: set[str] = set()
        prepared = self.prepare(language)
        for source in self.project.sources:
            if source.name in names:
                self.report.note(_("duplicate source name {name!r}; the keys differ").format(
                    name=source.name))
            names.add(source.name or "")
            digest = source.sha256 or sha256_text(source.text)
            if digest in hashes:
                digest = sha256_text(f"refi:{source.guid}:{source.text}")
                self.report.note(_("source {name!r} repeats the text of another source").format(
                    name=source.name))
            hashes.add(digest)
            ready = prepared[source.guid]
            canonical = replace(ready.canonical, source_sha256=digest)
            key = unique(slug(source.name, "source").replace("_", "-"), taken, "-")
            document = add_document(
                self.session, self.case, replace(ready, canonical=canonical), key=key,
                kind=self.kind, title=source.name or key, filename=source.name,
            )
            document.guid = source.guid
            self.documents[source.guid] = document
            self.targets.objects[source.guid] = ("document", document.id)
            self.summary.documents += 1
            if source.description:
                self.note_links.append(("description:" + source.guid, "document", document.id))
                self.report.alter("Source Description (kept as a memo on the document)")
            for note in source.note_refs:
                self.note_links.append((note, "document", document.id))
            if source.values:
                self.report.alter("Source VariableValue (kept on a case of kind document)")
                holder = ensure_qual_case(self.session, self.case, f"doc-{key}", name=source.name,
                                          kind="document")
                link_qual_case(self.session, holder, document)
                self.set_values(holder, source.values, attributes)
            for coding in source.codings:
                row = self.coding_row(document, coding, None, None, None, seen_codings)
                if row:
                    coding_rows.append(row)
            for selection in source.selections:
                self.targets.selections[selection.guid] = (document.id, selection.start,
                                                           selection.end)
                self.targets.objects[selection.guid] = ("document", document.id)
                for coding in selection.codings:
                    row = self.coding_row(document, coding, selection.start, selection.end,
                                          selection.description, seen_codings)
                    if row:
                        coding_rows.append(row)
                        self.targets.selection_codings.setdefault(selection.guid, len(coding_rows))
                self.selection_notes(selection, document)
        if coding_rows:
            # Core executemany: several times faster than the ORM's bulk path for 10⁵ rows.
            self.session.connection().execute(
                insert(Coding.metadata.tables[Coding.__tablename__]), coding_rows
            )
            self.summary.codings = len(coding_rows)
        self.session.flush()

    def prepare(self, language: str) -> dict[str, PreparedDocument]:
        """Units and index entries of every source, computed on the executor."""
        canonicals = [
            CanonicalDocument(
                text=source.text, source_sha256="", text_sha256=sha256_text(source.text),
                format=f"refi-{source.kind}", title=source.name, language=language,
            )
            for source in self.project.sources
        ]
        with_text = [c for c in canonicals if c.text]
        done = iter(self.executor.map(prepare_text, with_text))
        return {
            source.guid: next(done) if canonical.text else prepare_text(canonical)
            for source, canonical in zip(self.project.sources, canonicals, strict=True)
        }

    def selection_notes(self, selection: m.Selection, document: Document) -> None:
        """Notes and descriptions of a selection: on its first coding, or on the document."""
        if selection.codings:
            for note in selection.note_refs:
                self.note_links.append((note, "coding-of:" + selection.guid, None))
            if selection.note_refs and len(selection.codings) > 1:
                self.report.alter("Selection NoteRef (kept on the first coding of the selection)")
            return
        if selection.description or selection.note_refs:
            self.report.alter("PlainTextSelection without codings (kept as a document memo)")
            if selection.description:
                self.note_links.append(("selection:" + selection.guid, "document", document.id))
            for note in selection.note_refs:
                self.note_links.append((note, "document", document.id))
        elif selection.guid not in self.case_selections:
            self.report.drop("PlainTextSelection (no coding, note or case)")

    def coding_row(self, document: Document, coding: m.Coding, start: int | None,
                   end: int | None, memo: str | None, seen: set[str]) -> dict[str, Any] | None:
        code = self.codes.get(coding.code)
        if code is None:
            self.report.drop("Coding (its code is not in the codebook)")
            return None
        if not code.codable:
            self.report.drop("Coding (of a folder, isCodable=false)")
            return None
        guid = coding.guid
        if guid in seen:
            self.report.note(_("duplicate coding GUID {guid}; a new one was given").format(
                guid=guid))
            guid = new_guid()
        seen.add(guid)
        self.targets.objects[coding.guid] = ("coding-guid", None)
        for note in coding.note_refs:
            self.note_links.append((note, "coding-guid:" + guid, None))
        self.report.keep("Coding")
        return {
            "case_id": self.case.id, "guid": guid, "document_id": document.id, "start": start,
            "end": end, "code_id": code.id, "coder_id": self.coder_for(coding.user),
            "created_at": _timestamp(coding.created), "memo": memo, "origin": "human",
            "status": "accepted",
        }

    # -- cases, notes, sets ----------------------------------------------------------------
    def install_cases(self, attributes: dict[str, Attribute]) -> None:
        taken = set(self.session.scalars(select(QualCase.key).where(QualCase.case_id
                                                                     == self.case.id)))
        for case in self.project.cases:
            if not case.name:
                self.report.note(_("a case without a name was keyed by its GUID"))
            key = unique(slug(case.name, f"case-{case.guid[:8]}").replace("_", "-"), taken, "-")
            row = ensure_qual_case(self.session, self.case, key, name=case.name)
            row.guid = case.guid
            row.description = case.description
            self.targets.objects[case.guid] = ("qual_case", row.id)
            self.summary.cases += 1
            for source in case.source_refs:
                if source in self.documents:
                    link_qual_case(self.session, row, self.documents[source])
                else:
                    self.report.drop("Case/SourceRef (source not imported)")
            for selection in case.selection_refs:
                span = self.targets.selections.get(selection)
                if span is None:
                    self.report.drop("Case/SelectionRef (selection not imported)")
                    continue
                document = self.session.get(Document, span[0])
                assert document is not None
                link_qual_case(self.session, row, document, span[1], span[2])
            self.set_values(row, case.values, attributes)
        self.session.flush()

    def install_notes(self) -> None:
        notes = {note.guid: note for note in self.project.notes}
        for link in self.project.links:
            pair = [(link.origin, link.target), (link.target, link.origin)]
            attached = False
            for end, other in pair:
                if end in notes and other is not None and other in self.targets.objects:
                    self.note_links.append((end, "object:" + other, None))
                    attached = True
                    break
            if not attached:
                self.report.drop("Link (not between a note and an imported object)")
        for reference in self.project.note_refs:
            self.note_links.append((reference, "case", self.case.id))
        coding_ids = self.coding_ids()
        used: set[str] = set()
        for reference, target, target_id in self.note_links:
            title, text, user, guid = self.note_content(reference, notes)
            if text is None:
                self.report.drop("NoteRef (note not found)")
                continue
            kind, ident = self.resolve_target(target, target_id, coding_ids)
            if kind is None:
                self.report.drop("NoteRef (its object was not imported)")
                continue
            memo = add_memo(self.session, self.case, target_type=kind, target_id=ident,
                            text_=text, title=title,
                            coder=self.coder_keys.get(user) if user else None)
            if guid and guid not in used:
                memo.guid = guid
                memo.created_at = _timestamp(notes[guid].created)
                used.add(guid)
            elif guid:
                self.report.alter("Note attached to several objects (copied for each)")
            self.summary.memos += 1
        for note in self.project.notes:
            if note.guid not in used:
                memo = add_memo(self.session, self.case, target_type="case",
                                target_id=self.case.id, text_=note.text, title=note.name,
                                coder=self.coder_keys.get(note.user) if note.user else None)
                memo.guid = note.guid
                memo.created_at = _timestamp(note.created)
                self.summary.memos += 1
                self.report.alter("Note attached to nothing (kept as a memo on the case)")
        self.session.flush()

    def note_content(self, reference: str, notes: dict[str, m.Note]
                     ) -> tuple[str | None, str | None, str | None, str | None]:
        if reference.startswith("description:"):
            source = self.source_index[reference[12:]]
            return _("Description"), source.description, None, None
        if reference.startswith("selection:"):
            selection = self.selection_index[reference[10:]]
            title = selection.name or f"{selection.start}–{selection.end}"
            return title, selection.description, selection.user, None
        note = notes.get(reference)
        if note is None:
            return None, None, None, None
        return note.name, note.text, note.user, note.guid

    def coding_ids(self) -> dict[str, int]:
        wanted = [t[1].split(":", 1)[1] for t in self.note_links if t[1].startswith("coding-guid:")]
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            rows = self.session.execute(
                select(Coding.guid, Coding.id).where(Coding.guid.in_(wanted[start:start + 500]))
            )
            found.update((guid, ident) for guid, ident in rows)
        return found

    def resolve_target(self, target: str, target_id: int | None, coding_ids: dict[str, int]
                       ) -> tuple[str | None, int | None]:
        if target.startswith("coding-guid:"):
            ident = coding_ids.get(target[12:])
            return ("coding", ident) if ident is not None else (None, None)
        if target.startswith("coding-of:"):
            selection = self.selection_index[target[10:]]
            for coding in selection.codings:
                ident = coding_ids.get(coding.guid) or self.coding_id(coding.guid)
                if ident is not None:
                    return "coding", ident
            return None, None
        if target.startswith("object:"):
            kind, ident = self.targets.objects[target[7:]]
            if kind == "coding-guid":
                found = self.coding_id(target[7:])
                return ("coding", found) if found is not None else (None, None)
            return kind, ident
        return target, target_id

    def coding_id(self, guid: str) -> int | None:
        return self.session.scalar(select(Coding.id).where(Coding.guid == guid))

    def install_sets(self) -> None:
        if not self.project.sets:
            return
        stored = list(self.case.settings.get(SETS_SETTING, []))
        known = {entry["guid"] for entry in stored}
        for found in self.project.sets:
            members = {
                "codes": [g for g in found.codes if g in self.codes],
                "sources": [g for g in found.sources if g in self.documents],
                "notes": [g for g in found.notes if any(n.guid == g for n in self.project.notes)],
            }
            missing = len(found.codes) + len(found.sources) + len(found.notes) - sum(
                len(v) for v in members.values())
            self.report.drop("Set member (not imported)", missing)
            if found.guid in known:
                continue
            stored.append({"guid": found.guid, "name": found.name,
                           "description": found.description, **members})
            self.summary.sets += 1
        self.case.settings = {**self.case.settings, SETS_SETTING: stored}

    def run(self) -> ImportSummary:
        self.refuse_known_guids()
        for user in self.project.users:
            self.add_user(user)
        self.install_codes()
        attributes = self.install_variables()
        self.install_sources(attributes)
        self.install_cases(attributes)
        self.install_notes_with_description()
        self.install_sets()
        self.session.flush()
        return self.summary

    def install_notes_with_description(self) -> None:
        if self.project.description and not self.case.description:
            self.case.description = self.project.description
        elif self.project.description:
            add_memo(self.session, self.case, target_type="case", target_id=self.case.id,
                     text_=self.project.description, title=self.project.name)
            self.report.alter("Project Description (kept as a memo on the case)")
            self.summary.memos += 1
        self.install_notes()


def _timestamp(value: str | None) -> str:
    """A REFI dateTime as concierto stores it (ISO 8601), or now when absent or malformed."""
    if value:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    return now()


def import_project(session: Session, case: Case, project: m.Project, report: LossReport,
                   *, kind: str = "other", executor: Executor | None = None) -> ImportSummary:
    """Store ``project`` in ``case`` (documents of ``kind``); raise before storing anything
    that would clash with GUIDs already in the database. Documents are cut into units on
    ``executor`` (serial by default)."""
    return _Importer(session, case, project, report, kind, executor).run()
