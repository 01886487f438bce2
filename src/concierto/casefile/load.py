"""Load a case folder into a store in one transaction: the case data, its codebook, and the
evidence bundle it may carry (``interviews/`` and ``codings/``).

A case may also come as an ``.xlsx`` workbook (``casefile.workbook``), without codebook or
evidence. A folder's ``codebook.yaml`` is installed when present, else the default codebook
when the case has no codes yet. The evidence bundle is imported only when the case is new:
replacing a case keeps the evidence already in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from concierto.casefile.database import case_keys, save_case
from concierto.casefile.read import CaseDocument, read_case_folder
from concierto.casefile.workbook import read_case_workbook
from concierto.codebook.default import default_codebook
from concierto.codebook.parse import load_codebook
from concierto.evidence.bundle import BundleSummary, load_bundle
from concierto.evidence.store import install_codebook
from concierto.i18n import _
from concierto.model import Code
from concierto.store import open_store

CODEBOOK_FILE = "codebook.yaml"


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a case workbook rather than a case folder."""
    return path.suffix.lower() == ".xlsx"


class CaseExistsError(FileExistsError):
    """The case is already in the store and replacing was not asked for."""


@dataclass(frozen=True)
class LoadResult:
    """What a load stored."""

    document: CaseDocument
    codes_added: int
    bundle: BundleSummary | None


def load_case_folder(
    folder: Path,
    db: str,
    *,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """Validate ``folder`` (or an ``.xlsx`` workbook) and store it in ``db``; on any error
    nothing is stored."""
    if is_workbook(folder):
        document, codebook = read_case_workbook(folder), None
    else:
        document = read_case_folder(folder)
        has_codebook = (folder / CODEBOOK_FILE).is_file()
        codebook = load_codebook(folder / CODEBOOK_FILE) if has_codebook else None
    store = open_store(db)
    try:
        with store.session() as session:
            is_new = document.key not in case_keys(session)
            if not is_new and not replace:
                raise CaseExistsError(
                    _("the case {key!r} is already in {db}; use --replace to overwrite it").format(
                        key=document.key, db=db
                    )
                )
            case = save_case(session, document)
            has_codes = session.scalar(
                select(func.count()).select_from(Code).where(Code.case_id == case.id)
            )
            if codebook is None and not has_codes:
                codebook = default_codebook()
            added = install_codebook(session, case, codebook) if codebook else 0
            bundle = None
            if is_new and folder.is_dir() and (folder / "interviews").is_dir():
                bundle = load_bundle(session, case, folder, progress)
    finally:
        store.close()
    return LoadResult(document=document, codes_added=added, bundle=bundle)
