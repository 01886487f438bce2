"""Read a case from the store as a REFI-QDA :class:`~concierto.interop.refi.model.Project`.

Every stored GUID is reused, and the GUIDs REFI needs but concierto does not store (one
selection per coded span, a selection per case-to-span link, a link per memo on a case) are
derived from stored GUIDs with UUID 5, so an entity keeps its GUID across exports. What REFI
has no place for is counted in the loss report.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concierto.casefile.database import CASE_DATA_MODELS
from concierto.evidence.store import stored_codebook
from concierto.i18n import _
from concierto.interop.refi import model as m
from concierto.interop.refi.carry import CODEBOOK_MEMBER
from concierto.interop.refi.loss import LossReport
from concierto.interop.refi.mapping_in import SETS_SETTING
from concierto.model import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Participant,
    QualCase,
    QualCaseLink,
)

DERIVED_GUIDS = uuid.UUID("3b0f6c52-2f7e-4a43-8f0a-7d1c3e5a9b21")
CODE_EXTRAS = ("inclusion", "exclusion", "examples", "mappings")


def derived_guid(*parts: object) -> str:
    """A GUID that depends only on ``parts`` (stable across exports)."""
    return str(uuid.uuid5(DERIVED_GUIDS, ":".join(str(p) for p in parts)))


class _Exporter:
    def __init__(self, session: Session, case: Case, report: LossReport) -> None:
        self.session = session
        self.case = case
        self.report = report
        self.language = case.language if case.language in ("es", "en") else "es"
        self.users: dict[int, m.User] = {}
        self.codes: dict[int, m.Code] = {}
        self.codings: dict[int, m.Coding] = {}
        self.sources: dict[int, m.Source] = {}
        self.cases: dict[int, m.Case] = {}
        self.project = m.Project(name=case.title or case.key, description=case.description)

    def user(self, coder_id: int | None) -> str | None:
        if coder_id is None:
            return None
        if coder_id not in self.users:
            coder = self.session.get(Coder, coder_id)
            assert coder is not None
            self.users[coder_id] = m.User(guid=coder.guid, name=coder.name or coder.key,
                                          id=coder.key)
        return self.users[coder_id].guid

    # -- codebook ------------------------------------------------------------------------
    def codebook(self, carried: bool) -> None:
        """The code tree; with ``carried`` (a .qdpx), concierto's own codebook goes beside it,
        so what REFI has no place for is lost to other programs only (counted as altered)."""
        rows = list(self.session.scalars(
            select(Code).where(Code.case_id == self.case.id).order_by(Code.ordinal, Code.id)))
        other = "en" if self.language == "es" else "es"
        if carried and rows:
            self.project.concierto = self.concierto_codebook(rows)
        lose = self.report.alter if self.project.concierto else self.report.drop
        for row in rows:
            name = (row.label_es if self.language == "es" else row.label_en) or row.label_es
            second = row.label_en if self.language == "es" else row.label_es
            if second and second != name:
                lose(f"Code label ({other})")
            definition = row.definition.get(self.language) or row.definition.get(other)
            if row.definition.get(self.language) and row.definition.get(other):
                lose(f"Code definition ({other})")
            for extra in CODE_EXTRAS:
                if getattr(row, extra):
                    lose(f"Code {extra}")
            if row.polarity:
                lose("Code polarity")
            color = row.color if row.color and len(row.color) in (4, 7) else None
            if row.color and color is None:
                self.report.drop("Code colour (not #RRGGBB)")
            self.codes[row.id] = m.Code(guid=row.guid, name=name, codable=row.codable,
                                        color=color, description=definition)
            self.report.keep("Code")
        for row in rows:
            code = self.codes[row.id]
            if row.parent_id is not None and row.parent_id in self.codes:
                self.codes[row.parent_id].children.append(code)
            else:
                self.project.codes.append(code)

    def concierto_codebook(self, rows: list[Code]) -> m.ConciertoCodebook | None:
        """The case's codebook keyed by the codes' GUIDs, to carry beside the REFI one (None,
        with a note, when the stored codes do not make a valid codebook)."""
        try:
            codebook = stored_codebook(self.session, self.case,
                                       name=self.case.title or self.case.key)
        except ValueError as exc:
            self.report.note(_("concierto's codebook is not carried: {reason}").format(
                reason=exc))
            return None
        self.report.note(_(
            "concierto's codebook travels in {member}: concierto reads back every code's id, "
            "labels and definitions in both languages, inclusion, exclusion, examples, "
            "polarity and mappings; other programs see only each code's name, colour and one "
            "definition").format(member=CODEBOOK_MEMBER))
        return m.ConciertoCodebook(codebook=codebook, guids={row.guid: row.key for row in rows})

    # -- sources and codings ---------------------------------------------------------------
    def add_sources(self) -> None:
        documents = self.session.scalars(
            select(Document).where(Document.case_id == self.case.id)
            .order_by(Document.ordinal, Document.id))
        for document in documents:
            source = m.Source(guid=document.guid, name=document.title, text=document.text)
            self.sources[document.id] = source
            self.project.sources.append(source)
            self.report.keep("Source")
            for column in ("date", "citation", "issuing_actor_id"):
                if getattr(document, column) is not None:
                    self.report.drop(f"Document {column}")
            if document.kind != "other":
                self.report.drop("Document kind")
        rows = self.session.execute(
            select(Coding.id, Coding.guid, Coding.document_id, Coding.start, Coding.end,
                   Coding.code_id, Coding.coder_id, Coding.created_at, Coding.memo,
                   Coding.origin, Coding.status, Coding.score)
            .where(Coding.case_id == self.case.id).order_by(Coding.document_id, Coding.start,
                                                             Coding.end, Coding.id)
        ).all()
        for row in rows:
            if row.status != "accepted":
                self.report.drop(f"Coding ({row.status}, not exported)")
                continue
            if row.origin != "human":
                self.report.alter("Coding origin (rule or model; exported as by its coder)")
            if row.score is not None:
                self.report.drop("Coding score")
            coding = m.Coding(guid=row.guid, code=self.codes[row.code_id].guid,
                              user=self.user(row.coder_id), created=row.created_at)
            self.codings[row.id] = coding
            source = self.sources[row.document_id]
            self.report.keep("Coding")
            if row.start is None:
                source.codings.append(coding)
                if row.memo:
                    self.report.alter("memo of a whole-source coding (exported as a note)")
                    self.project.notes.append(m.Note(guid=derived_guid("memo", row.guid),
                                                     name=None, text=row.memo,
                                                     user=coding.user))
                    coding.note_refs.append(derived_guid("memo", row.guid))
                continue
            source.selections.append(
                m.Selection(guid=derived_guid("selection", row.guid), start=row.start,
                            end=row.end, description=row.memo, user=coding.user,
                            codings=[coding]))

    # -- variables and cases ---------------------------------------------------------------
    def variables(self) -> dict[int, m.Variable]:
        found: dict[int, m.Variable] = {}
        values: dict[int, list[AttributeValue]] = defaultdict(list)
        for value in self.session.scalars(
            select(AttributeValue).join(Attribute).where(Attribute.case_id == self.case.id)
        ):
            values[value.attribute_id].append(value)
        for attribute in self.session.scalars(
            select(Attribute).where(Attribute.case_id == self.case.id).order_by(Attribute.id)
        ):
            kind = {"text": "Text", "boolean": "Boolean", "date": "Date"}.get(attribute.type)
            if attribute.type == "number":
                whole = all(v.number_value is None or float(v.number_value).is_integer()
                            for v in values[attribute.id])
                kind = "Integer" if whole else "Float"
            if kind == "Date" and any(v.date_value and len(v.date_value) != 10
                                      for v in values[attribute.id]):
                kind = "Text"
                self.report.alter("date attribute with partial dates (exported as Text)")
            found[attribute.id] = m.Variable(guid=attribute.guid, name=attribute.name,
                                             type=kind or "Text",
                                             description=attribute.description)
            self.project.variables.append(found[attribute.id])
            self.report.keep("Variable")
        return found

    def add_cases(self, variables: dict[int, m.Variable]) -> None:
        values: dict[int, list[AttributeValue]] = defaultdict(list)
        for value in self.session.scalars(
            select(AttributeValue).join(QualCase).where(QualCase.case_id == self.case.id)
        ):
            values[value.qual_case_id].append(value)
        links: dict[int, list[QualCaseLink]] = defaultdict(list)
        for link in self.session.scalars(
            select(QualCaseLink).join(QualCase).where(QualCase.case_id == self.case.id)
            .order_by(QualCaseLink.id)
        ):
            links[link.qual_case_id].append(link)
        for row in self.session.scalars(
            select(QualCase).where(QualCase.case_id == self.case.id).order_by(QualCase.id)
        ):
            case = m.Case(guid=row.guid, name=row.name or row.key, description=row.description)
            self.cases[row.id] = case
            self.project.cases.append(case)
            self.report.keep("Case")
            if row.kind != "other":
                self.report.drop("qualitative case kind")
            if row.actor_id is not None or row.participant_id is not None:
                self.report.drop("qualitative case link to an actor or participant")
            for value in values[row.id]:
                variable = variables[value.attribute_id]
                case.values.append(m.VariableValue(variable.guid, _value_text(value, variable)))
            for link in links[row.id]:
                source = self.sources[link.document_id]
                if link.start is None or link.end is None:
                    case.source_refs.append(source.guid)
                    continue
                guid = derived_guid("case-span", row.guid, source.guid, link.start, link.end)
                source.selections.append(m.Selection(guid=guid, start=link.start, end=link.end))
                case.selection_refs.append(guid)

    # -- memos, sets, the rest -------------------------------------------------------------
    def memos(self) -> None:
        for memo in self.session.scalars(
            select(Memo).where(Memo.case_id == self.case.id).order_by(Memo.id)
        ):
            note = m.Note(guid=memo.guid, name=memo.title, text=memo.text,
                          user=self.user(memo.coder_id), created=memo.created_at)
            self.project.notes.append(note)
            self.report.keep("Note")
            target = memo.target_id
            if memo.target_type == "document" and target in self.sources:
                self.sources[target].note_refs.append(note.guid)
            elif memo.target_type == "code" and target in self.codes:
                self.codes[target].note_refs.append(note.guid)
            elif memo.target_type == "coding" and target in self.codings:
                self.codings[target].note_refs.append(note.guid)
            elif memo.target_type == "qual_case" and target in self.cases:
                self.project.links.append(m.Link(guid=derived_guid("memo-link", memo.guid),
                                                 origin=note.guid,
                                                 target=self.cases[target].guid))
            else:
                if memo.target_type != "case":
                    self.report.alter("memo whose object is not exported (kept on the project)")
                self.project.note_refs.append(note.guid)

    def sets(self) -> None:
        codes = {c.guid for c in self.codes.values()}
        sources = {s.guid for s in self.sources.values()}
        notes = {n.guid for n in self.project.notes}
        for entry in self.case.settings.get(SETS_SETTING, []):
            found = m.Set(guid=entry["guid"], name=entry["name"],
                          description=entry.get("description"),
                          codes=[g for g in entry.get("codes", []) if g in codes],
                          sources=[g for g in entry.get("sources", []) if g in sources],
                          notes=[g for g in entry.get("notes", []) if g in notes])
            self.project.sets.append(found)
            self.report.keep("Set")

    def unexported(self) -> None:
        """Count what the case holds beyond REFI's reach (actors, ties, policies …)."""
        described = self.session.scalar(
            select(func.count()).select_from(Participant).where(
                Participant.case_id == self.case.id,
                (Participant.name.is_not(None)) | (Participant.role.is_not(None))
                | (Participant.actor_id.is_not(None))))
        self.report.drop("participant details (speakers are found again on import)",
                         described or 0)
        for table in CASE_DATA_MODELS:
            count = self.session.scalar(
                select(func.count()).select_from(table).where(table.case_id == self.case.id))
            self.report.drop(str(table.__tablename__), count or 0)

    def run(self, codebook_only: bool) -> m.Project:
        self.codebook(carried=not codebook_only)
        if codebook_only:
            self.sets()
            self.project.codebook_only = True
            self.report.note(_("codebook only: sources, codings, cases and memos are not exported"))
            for found in self.project.sets:
                found.sources, found.notes = [], []
            return self.project
        self.add_sources()
        self.add_cases(self.variables())
        self.memos()
        self.sets()
        self.project.users = list(self.users.values())
        self.report.keep("User", len(self.project.users))
        self.unexported()
        return self.project


def _value_text(value: AttributeValue, variable: m.Variable) -> str | None:
    """An attribute value as the text of its REFI value element."""
    if value.boolean_value is not None:
        return "true" if value.boolean_value else "false"
    if value.number_value is not None:
        if variable.type == "Integer":
            return str(int(value.number_value))
        return format(Decimal(repr(float(value.number_value))), "f")
    return value.date_value or value.text_value


def export_project(session: Session, case: Case, report: LossReport,
                   *, codebook_only: bool = False) -> m.Project:
    """The case as a REFI project (or its codebook alone), with losses counted in ``report``."""
    return _Exporter(session, case, report).run(codebook_only)

