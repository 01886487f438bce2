"""One policy case of an open project: its records, its evidence work, its measures
(``case.measure``), agreement, the diagnosis and the report. Every call runs in its own
transaction: a failed call leaves the store as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from concierto.api.choices import choose
from concierto.api.errors import InputError
from concierto.api.measure import CaseMeasures
from concierto.api.results import Result, Table
from concierto.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from concierto.api.project import Project
    from concierto.casefile.read import CaseDocument
    from concierto.evidence.snapshot import EvidenceSnapshot
    from concierto.model import Case as CaseRow
    from concierto.report.build import CaseResults
    from concierto.snapshot import CaseSnapshot


def N_(message: str) -> str:
    """Mark a column label for translation; it is translated when a table is built."""
    return message


ACTOR_COLUMNS = (
    ("id", N_("Id")),
    ("name", N_("Name")),
    ("acronym", N_("Acronym")),
    ("kind", N_("Kind")),
    ("parent", N_("Parent")),
    ("sector", N_("Sector")),
    ("centre_of_government", N_("Centre of government")),
    ("created", N_("Created")),
    ("provenance", N_("Provenance")),
    ("source", N_("Source")),
)
OBJECTIVE_COLUMNS = (
    ("id", N_("Id")),
    ("type", N_("Type")),
    ("level", N_("Level")),
    ("parent", N_("Parent")),
    ("name", N_("Name")),
    ("actors", N_("Actors")),
    ("provenance", N_("Provenance")),
)
TIE_COLUMNS = (
    ("from", N_("From")),
    ("to", N_("To")),
    ("layer", N_("Layer")),
    ("weight", N_("Weight")),
    ("origin", N_("Origin")),
    ("evidence", N_("Evidence")),
    ("provenance", N_("Provenance")),
)
DOCUMENT_COLUMNS = (
    ("id", N_("Id")),
    ("title", N_("Title")),
    ("kind", N_("Kind")),
    ("language", N_("Language")),
    ("characters", N_("Characters")),
    ("codings", N_("Codings")),
    ("provenance", N_("Provenance")),
)
CODING_COLUMNS = (
    ("id", N_("Id")),
    ("document", N_("Document")),
    ("start", N_("Start")),
    ("end", N_("End")),
    ("code", N_("Code")),
    ("coder", N_("Coder")),
    ("origin", N_("Origin")),
    ("status", N_("Status")),
    ("score", N_("Score")),
    ("text", N_("Text")),
)
ADDED_CODING_COLUMNS = tuple(c for c in CODING_COLUMNS if c[0] not in ("origin", "status", "score"))
"""The columns of codings just added (all human and accepted)."""
CODE_COLUMNS = (
    ("id", N_("Id")),
    ("parent", N_("Parent")),
    ("label", N_("Label")),
    ("codable", N_("Codable")),
    ("polarity", N_("Polarity")),
    ("mappings", N_("Mappings")),
    ("codings", N_("Codings")),
)
MEMO_COLUMNS = (
    ("id", N_("Id")),
    ("target_type", N_("Target")),
    ("target", N_("On")),
    ("title", N_("Title")),
    ("text", N_("Text")),
    ("coder", N_("Coder")),
    ("created_at", N_("Created")),
)
INFO_COLUMNS = (
    ("section", N_("Section")),
    ("records", N_("Records")),
    ("source", N_("Cited source")),
    ("inferred", N_("Inferred")),
    ("illustrative", N_("Illustrative")),
)
OBJECTIVE_SECTIONS = (
    ("objectives", "policy_objective"),
    ("institutional_objectives", "institutional_objective"),
    ("programmes", "programme"),
)
DIAGNOSIS_VIEWS = ("dimensions", "statements", "indicators")


def table(
    title: str, columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Any]]
) -> Table:
    """A :class:`Table` whose column labels are translated now."""
    return Table(
        title=title,
        columns=tuple((key, _(label)) for key, label in columns),
        rows=tuple(dict(row) for row in rows),
    )


def _matches(record: Mapping[str, Any], filters: Mapping[str, Any]) -> bool:
    return all(value is None or record.get(key) == value for key, value in filters.items())


class Case:
    """A policy case in an open :class:`~concierto.api.project.Project`."""

    def __init__(self, project: Project, key: str) -> None:
        self._project = project
        self.key = key
        self.measure = CaseMeasures(self._snapshots, self._document_and_evidence)
        """The measures of the case: ``case.measure.network(layer=...)`` and the rest."""

    def __repr__(self) -> str:
        return f"<concierto.Case {self.key!r}>"

    # ------------------------------------------------------------------------- plumbing

    @contextmanager
    def session(self) -> Iterator[tuple[Session, CaseRow]]:
        """One transaction on this case: (session, case row); rolled back on any error."""
        from concierto.casefile.database import resolve_case

        with self._project.session() as session:
            yield session, resolve_case(session, self.key)

    def document(self) -> CaseDocument:
        """The stored case as a validated case document (what ``concierto export`` writes)."""
        from concierto.casefile.database import fetch_case

        with self._project.session() as session:
            return fetch_case(session, self.key)

    def snapshot(self) -> CaseSnapshot:
        """The read-only snapshot every measure takes."""
        from concierto.snapshot import snapshot_from_document

        return snapshot_from_document(self.document())

    def evidence(self) -> EvidenceSnapshot:
        """The accepted codings, documents and codes (as the project's viewer may see them)."""
        from concierto.evidence.snapshot import load_evidence

        with self.session() as (session, row):
            return load_evidence(session, row.id, viewer=self._project.viewer)

    def _snapshots(self, with_evidence: bool) -> tuple[CaseSnapshot, EvidenceSnapshot]:
        from concierto.evidence.snapshot import EvidenceSnapshot
        from concierto.snapshot import snapshot_from_document

        if with_evidence:
            document, evidence = self._document_and_evidence()
        else:
            document, evidence = self.document(), EvidenceSnapshot()
        return snapshot_from_document(document), evidence

    def _document_and_evidence(self) -> tuple[CaseDocument, EvidenceSnapshot]:
        from concierto.casefile.database import fetch_case
        from concierto.evidence.snapshot import load_evidence

        with self.session() as (session, row):
            document = fetch_case(session, self.key)
            return document, load_evidence(session, row.id, viewer=self._project.viewer)

    # ------------------------------------------------------------------------- records

    def info(self) -> Table:
        """How many records each section holds, by provenance (``concierto info``)."""
        from concierto.casefile.summary import summarise

        return table(self.key, INFO_COLUMNS, [vars(row) for row in summarise(self.document())])

    def actors(
        self, kind: str | None = None, sector: str | None = None, parent: str | None = None
    ) -> Table:
        """The actors, optionally only those of a ``kind``, a ``sector`` or under a ``parent``."""
        filters = {"kind": kind, "sector": sector, "parent": parent}
        rows = [r for r in self.document().data["actors"] if _matches(r, filters)]
        return table(_("Actors"), ACTOR_COLUMNS, rows)

    def objectives(self, type: str | None = None, actor: str | None = None) -> Table:
        """Policy objectives, institutional objectives and programmes (``type`` one of
        ``policy_objective``, ``institutional_objective``, ``programme``), optionally only
        those an ``actor`` owns, leads or is responsible for."""
        if type is not None:
            choose("type", type, [label for _section, label in OBJECTIVE_SECTIONS])
        data = self.document().data
        rows: list[dict[str, Any]] = []
        for section, label in OBJECTIVE_SECTIONS:
            for record in data[section]:
                owners = record.get("lead", []) + record.get("responsible", [])
                if record.get("owner"):
                    owners = [record["owner"]]
                row = {
                    "id": record["id"],
                    "type": label,
                    "level": record.get("level"),
                    "parent": record.get("parent"),
                    "name": record["name"],
                    "actors": owners,
                    "provenance": record["provenance"],
                }
                if (type is None or label == type) and (actor is None or actor in owners):
                    rows.append(row)
        return table(_("Objectives and programmes"), OBJECTIVE_COLUMNS, rows)

    def ties(self, layer: str | None = None, actor: str | None = None) -> Table:
        """The declared ties, optionally of one ``layer`` or touching one ``actor``."""
        from concierto.api.measure import check_layer

        check_layer(layer)
        rows = [
            t
            for t in self.document().data["ties"]
            if (layer is None or t["layer"] == layer)
            and (actor is None or actor in (t["from"], t["to"]))
        ]
        return table(_("Ties"), TIE_COLUMNS, rows)

    def documents(self, kind: str | None = None) -> Table:
        """The documents of the evidence corpus with their accepted codings."""
        from concierto.api.evidence import document_rows

        with self.session() as (session, row):
            rows = document_rows(session, row, self._project.viewer, kind)
        return table(_("Documents"), DOCUMENT_COLUMNS, rows)

    def text(self, document: str) -> str:
        """The canonical text of a document (offsets of codings index into it)."""
        from concierto.evidence.store import document_by_key

        with self.session() as (session, row):
            return document_by_key(session, row, document).text

    def codes(self, language: str | None = None) -> Table:
        """The codebook: each code with its parent, label, mappings and accepted codings."""
        from concierto.api.evidence import code_rows
        from concierto.i18n import current_language

        english = (language or current_language()) == "en"
        with self.session() as (session, case):
            rows = code_rows(session, case, self._project.viewer, english)
        return table(_("Codebook"), CODE_COLUMNS, rows)

    def codings(
        self,
        document: str | None = None,
        code: str | None = None,
        coder: str | None = None,
        status: str = "accepted",
    ) -> Table:
        """Codings with their text, filtered by document, code, coder and status
        (``accepted``, ``suggested``, ``rejected`` or ``all``)."""
        from concierto.api.evidence import coding_rows

        with self.session() as (session, row):
            rows = coding_rows(
                session,
                row,
                self._project.viewer,
                document=document,
                code=code,
                coder=coder,
                status=status,
                snippet=None,
            )
        return table(_("Codings"), CODING_COLUMNS, rows)

    def memos(self, target: str | None = None) -> Table:
        """Memos, optionally only those on one kind of ``target`` (case, document, code,
        coding, qual_case)."""
        from concierto.api.evidence import memo_rows
        from concierto.model.coding import MEMO_TARGETS

        if target is not None:
            choose("target", target, MEMO_TARGETS)
        with self.session() as (session, row):
            rows = memo_rows(session, row, target)
        return table(_("Memos"), MEMO_COLUMNS, rows)

    # ------------------------------------------------------------------------- evidence

    def import_documents(
        self,
        paths: str | Path | Sequence[str | Path],
        kind: str = "other",
        *,
        qual_case: str | None = None,
        attributes: Mapping[str, str] | None = None,
        key: str | None = None,
        title: str | None = None,
        date: str | None = None,
        actor: str | None = None,
        citation: str | None = None,
        provenance: str = "source",
        ocr: bool = False,
        speakers: Sequence[str] = (),
    ) -> Table:
        """Import files (TXT, DOCX, PDF, ODT, Markdown, HTML) as documents of ``kind``; with
        ``qual_case`` they belong to that qualitative case (an interviewee), which gets the
        ``attributes``. All or nothing: a bad file stores none of them."""
        from concierto.api.evidence import IMPORT_COLUMNS, import_documents

        chosen = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
        with self.session() as (session, row):
            rows = import_documents(
                session,
                row,
                chosen,
                kind=kind,
                qual_case=qual_case,
                attributes=[(str(k), str(v)) for k, v in (attributes or {}).items()],
                key=key,
                title=title,
                date=date,
                actor=actor,
                citation=citation,
                provenance=provenance,
                ocr=ocr,
                speakers=speakers,
            )
        return table(_("Imported documents"), IMPORT_COLUMNS, rows)

    def add_coding(
        self,
        document: str,
        code: str,
        start: int | None = None,
        end: int | None = None,
        *,
        match: str | None = None,
        whole: bool = False,
        snap: str = "none",
        coder: str | None = None,
        memo: str | None = None,
    ) -> Result:
        """Code ``document[start:end]`` (code points, end exclusive; ``snap`` ``word`` or
        ``sentence`` widens the span), every occurrence of the text ``match`` (accents and case
        folded, whole words), or the ``whole`` document with ``code``. The coder is ``coder``,
        else the project's viewer, else ``analyst``. One row per coding added; remarks (a span
        that cuts a word, how many matched) are in ``summary["notes"]``."""
        from concierto.api.evidence import add_codings, coding_spans
        from concierto.evidence.acting import acting_person
        from concierto.evidence.store import document_by_key
        from concierto.nlp.spans import Snap

        if sum((start is not None or end is not None, match is not None, whole)) > 1:
            raise InputError(_("give start and end, match or whole, not several"))
        how = Snap(choose("snap", snap, [item.value for item in Snap]))
        with self.session() as (session, row):
            found = document_by_key(session, row, document)
            spans, notes = coding_spans(
                session, found, start=start, end=end, match=match, whole=whole, how=how
            )
            author = acting_person(session, coder, self._project.viewer).key
            rows = add_codings(session, row, document, code, spans, coder=author, memo=memo)
        return Result(
            title=_("Codings added"),
            columns=tuple((key, _(label)) for key, label in ADDED_CODING_COLUMNS),
            rows=tuple(rows),
            summary={"notes": tuple(notes)},
        )

    def add_memo(
        self,
        text: str,
        *,
        document: str | None = None,
        code: str | None = None,
        coding: str | None = None,
        qual_case: str | None = None,
        title: str | None = None,
        coder: str | None = None,
    ) -> int:
        """Attach a memo to the case, or to one document, code, coding (``seg:N``) or
        qualitative case, by ``coder`` (else the project's viewer, else ``analyst``); returns
        the memo's id."""
        from concierto.api.evidence import write_memo
        from concierto.evidence.acting import acting_person

        with self.session() as (session, row):
            memo = write_memo(
                session,
                row,
                text,
                coder=acting_person(session, coder, self._project.viewer).key,
                title=title,
                document=document,
                code=code,
                coding=coding,
                qual_case=qual_case,
            )
            return memo.id

    def suggest_rules(self, rules: str | Path) -> int:
        """Apply a keyword and regex rules file (YAML) to every document; the matches are
        stored as suggestions (origin ``rule:<id>``), not evidence. Returns how many are new."""
        from concierto.evidence.suggest import load_rules, run_rules

        path = Path(rules)
        if not path.is_file():
            raise InputError(_("{path}: no such file").format(path=path))
        parsed = load_rules(path)
        with self.session() as (session, row):
            return run_rules(session, row, parsed)

    def detect_mentions(self) -> int:
        """Find every mention of an actor (name, acronym, alias) in the documents."""
        from concierto.evidence.suggest import detect_mentions

        with self.session() as (session, row):
            return detect_mentions(session, row)

    def suggestions(self, status: str = "suggested") -> Table:
        """Rule and model suggestions (``suggested``, ``accepted``, ``rejected`` or ``all``)."""
        from concierto.api.evidence import coding_rows

        with self.session() as (session, row):
            rows = [
                r
                for r in coding_rows(session, row, None, status=status, snippet=None)
                if r["origin"] != "human"
            ]
        return table(_("Suggestions"), CODING_COLUMNS, rows)

    def review(
        self,
        accept: Sequence[int | str] = (),
        reject: Sequence[int | str] = (),
        *,
        by: str | None = None,
    ) -> tuple[int, int]:
        """Accept or reject suggestions by id (``17`` or ``"seg:17"``), decided ``by`` a person
        (else the project's viewer, else ``analyst``): accepted ones count as evidence, rejected
        ones never do. Returns (accepted, rejected)."""
        from concierto.evidence.acting import acting_person
        from concierto.evidence.suggest import review

        if not accept and not reject:
            raise InputError(_("give --accept or --reject ids"))
        with self.session() as (session, row):
            person = acting_person(session, by, self._project.viewer).key
            accepted = review(session, row, _ids(accept), accept=True, decided_by=person)
            rejected = review(session, row, _ids(reject), accept=False, decided_by=person)
        return accepted, rejected

    # ------------------------------------------------------------------------- M5, diagnosis

    def agreement(
        self,
        coders: Sequence[str] | None = None,
        unit: str = "sentence",
        *,
        codes: Sequence[str] | None = None,
        exclude_uncoded: bool = False,
        by: Sequence[str] = (),
        bootstrap: int = 0,
        seed: int | None = None,
    ) -> Result:
        """Inter-coder agreement of ``coders`` (by default the case's two, when exactly two
        people coded it): Krippendorff's alpha, Cohen's and Fleiss' kappa, percent agreement
        (unitised alpha for ``unit="segment"``), overall and ``by`` code, document or pair;
        ``bootstrap`` resamples give a 95 % interval."""
        from concierto.api.agreement_rows import agreement_columns, agreement_row, agreement_title
        from concierto.api.coders import compared_coders
        from concierto.evidence.adjudication import sees_only_own
        from concierto.evidence.snapshot import load_evidence
        from concierto.measures.agreement.bootstrap import DEFAULT_SEED
        from concierto.measures.agreement.reliability import GROUPINGS, case_agreement
        from concierto.measures.agreement.units import UnitKind

        choose("unit", unit, [kind.value for kind in UnitKind])
        for item in by:
            choose("by", item, GROUPINGS)
        viewer = self._project.viewer
        with self.session() as (session, row):
            if sees_only_own(session, row, viewer):
                raise InputError(
                    _(
                        "coder {coder!r} codes blind: {what} is available once the analysis is "
                        "opened (concierto analysis open)"
                    ).format(coder=viewer, what=_("agreement between coders"))
                )
            evidence = load_evidence(session, row.id, viewer=viewer)
        names, note = compared_coders(evidence, None if coders is None else list(coders))
        if codes is None:
            used = {coding.code for coding in evidence.codings if coding.coder in names}
            codes = [code.id for code in evidence.codes if code.id in used]
        segment = unit == UnitKind.segment.value
        resamples = 0 if segment else bootstrap
        found = case_agreement(
            evidence,
            names,
            list(codes),
            unit,
            "excluded" if exclude_uncoded else "included",
            by=by,
            resamples=resamples,
            seed=DEFAULT_SEED if seed is None else seed,
        )
        return Result(
            title=agreement_title(unit, exclude_uncoded),
            columns=tuple(agreement_columns(segment, bool(resamples))),
            rows=tuple(agreement_row(item) for item in found),
            value=found,
            summary={"coders": tuple(names), "note": note},
        )

    def results(self, progress: Callable[[str], None] | None = None) -> CaseResults:
        """Every measure the report shows, computed once (for the diagnosis and the report);
        ``progress`` hears the name of each step."""
        from concierto.report.build import compute
        from concierto.snapshot import snapshot_from_document

        if progress is not None:
            progress("reading the case")
        document, evidence = self._document_and_evidence()
        sources = tuple(dict(x) for x in document.data.get("sources") or ())
        return compute(snapshot_from_document(document), evidence, progress, sources=sources)

    def diagnosis(self, view: str = "dimensions") -> Result:
        """The diagnosis: the status of each dimension (``dimensions``) with the rule that gave
        it, whether each overall statement holds (``statements``), or the ``indicators`` the
        rules read; ``value`` is the whole :class:`Diagnosis`."""
        from concierto.api.diagnosis_rows import diagnosis_rows

        choose("view", view, DIAGNOSIS_VIEWS)
        diagnosis = self.results().diagnosis
        rows, columns, title = diagnosis_rows(diagnosis, view)
        statuses = {name: d.status for name, d in diagnosis.dimensions.items()}
        statements = {name: s.holds for name, s in diagnosis.statements.items()}
        return Result(
            title=title,
            columns=tuple(columns),
            rows=tuple(rows),
            value=diagnosis,
            summary={"statuses": statuses, "statements": statements},
        )

    def report(
        self,
        out: str | Path,
        languages: Sequence[str] = ("es", "en"),
        progress: Callable[[str], None] | None = None,
    ) -> dict[str, Path]:
        """Write the offline HTML report (one file per language, every table as CSV and JSON
        beside it) into ``out``; returns the report file of each language. ``progress`` hears
        each step (``writing`` last)."""
        from concierto.i18n import LANGUAGES
        from concierto.report.demo import write_reports

        for language in languages:
            choose("languages", language, LANGUAGES)
        results = self.results(progress)
        if progress is not None:
            progress("writing")
        return dict(write_reports(results, Path(out), tuple(languages)))

    def export(self, folder: str | Path) -> list[Path]:
        """Write the case as a case folder (case.yaml and CSV files); returns the files."""
        from concierto.casefile.write import write_case_folder

        return write_case_folder(self.document(), Path(folder))

    def refi_export(self, path: str | Path, *, codebook_only: bool = False) -> Table:
        """Write the case as a REFI-QDA project (``.qdpx``; ``.qdc`` codebook with
        ``codebook_only``) for NVivo, ATLAS.ti, MAXQDA or QualCoder; the rows list what the
        format could not carry."""
        from concierto.api.refi import loss_table
        from concierto.interop.refi.service import export_file

        report = export_file(self._project.store, Path(path), self.key, codebook_only=codebook_only)
        return loss_table(report)


def _ids(values: Sequence[int | str]) -> list[int]:
    found = []
    for value in values:
        text = str(value).removeprefix("seg:")
        if not text.isdigit():
            raise InputError(_("unknown coding {key!r}").format(key=value))
        found.append(int(text))
    return found
