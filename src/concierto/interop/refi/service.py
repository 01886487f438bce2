"""The three REFI-QDA operations the CLI offers, over files and a store: check a file (what
an import would bring and lose, storing nothing), import it into a case, export a case."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.casefile.database import case_keys, resolve_case
from concierto.compute.executors import Executor
from concierto.evidence.store import KEY_PATTERN
from concierto.i18n import _
from concierto.interop.refi import model as m
from concierto.interop.refi.errors import RefiError
from concierto.interop.refi.keys import slug
from concierto.interop.refi.loss import LossReport
from concierto.interop.refi.mapping_in import ImportSummary, import_project
from concierto.interop.refi.mapping_out import export_project
from concierto.interop.refi.read import read_refi
from concierto.interop.refi.safezip import ArchiveLimits
from concierto.interop.refi.write import write_qdc, write_qdpx
from concierto.model import Case
from concierto.store import Store, open_store


def check_file(
    path: Path, schema_dir: Path | None = None, limits: ArchiveLimits | None = None
) -> tuple[m.Project, ImportSummary, LossReport]:
    """Read and validate ``path``, then rehearse the import in a throw-away store, so the
    report lists everything an import would drop; no user store is touched."""
    project, report = read_refi(path, limits, schema_dir)
    with tempfile.TemporaryDirectory(prefix="concierto-refi-check-") as folder:
        store = open_store(Path(folder) / "check.db")
        try:
            with store.session() as session:
                case = Case(key="check", title=project.name or "check", language="es")
                session.add(case)
                session.flush()
                summary = import_project(session, case, project, report)
        finally:
            store.close()
    return project, summary, report


def create_case(session: Session, key: str, title: str) -> Case:
    """A new, empty case ``key`` (an existing one is refused, never merged silently)."""
    if not KEY_PATTERN.match(key):
        raise RefiError(_("invalid case id {key!r}").format(key=key))
    if session.scalar(select(Case.id).where(Case.key == key)) is not None:
        raise RefiError(_("a case {key!r} already exists; import into it with --case").format(
            key=key))
    case = Case(key=key, title=title or key, language="es")
    session.add(case)
    session.flush()
    return case


def project_case_key(name: str | None) -> str:
    """The id of a case made from a project: its name as a slug, words joined by ``-``."""
    return slug(name, "refi-project").replace("_", "-")


def import_file(
    store: Store,
    path: Path,
    case_key: str | None = None,
    *,
    kind: str = "other",
    schema_dir: Path | None = None,
    limits: ArchiveLimits | None = None,
    executor: Executor | None = None,
    new_case: str | None = None,
) -> tuple[ImportSummary, LossReport]:
    """Import ``path`` into a case in one transaction: any error leaves the store unchanged.

    The case is ``new_case`` (created, titled after the project), or ``case_key``, or the only
    case; a database without cases gets one made from the project and named after it.
    Documents are cut into units on ``executor`` (serial by default)."""
    project, report = read_refi(path, limits, schema_dir)
    with store.session() as session:
        if new_case is None and case_key is None and not case_keys(session):
            new_case = project_case_key(project.name)
        if new_case is not None:
            case = create_case(session, new_case, project.name)
        else:
            case = resolve_case(session, case_key)
        summary = import_project(session, case, project, report, kind=kind, executor=executor)
        summary.into_case, summary.case_created = case.key, new_case is not None
    return summary, report


def export_file(
    store: Store,
    path: Path,
    case_key: str | None = None,
    *,
    codebook_only: bool = False,
    schema_dir: Path | None = None,
) -> LossReport:
    """Export a case as .qdpx (or its codebook as .qdc); the output must validate against the
    official schemas (those of ``schema_dir``, by default REFI_SCHEMA_DIR or the shipped
    ones), otherwise nothing is written."""
    report = LossReport(direction="export")
    codebook_only = codebook_only or path.suffix.lower() == ".qdc"
    with store.session() as session:
        case = resolve_case(session, case_key)
        project = export_project(session, case, report, codebook_only=codebook_only)
    if codebook_only:
        write_qdc(project, path, schema_dir)
    else:
        write_qdpx(project, path, schema_dir)
    return report
