"""The starter case folder that ``concierto init`` writes: the commented case, the starter
codebook (plus any packs) and a starter rules file for ``suggest rules``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from concierto.casefile.locate import Locator, load_yaml
from concierto.casefile.read import CaseDocument, validated_document
from concierto.casefile.workbook import write_case_workbook
from concierto.codebook.packs import starter_codebook_text

PACKAGE_DIR = Path(__file__).resolve().parent.parent
STARTER_CASE = Path(__file__).resolve().parent / "starter.yaml"
STARTER_RULES = PACKAGE_DIR / "data" / "starter_rules.yaml"


def starter_document() -> CaseDocument:
    """The starter case as a validated document (what ``init --xlsx`` puts in a workbook)."""
    locator = Locator()
    data = load_yaml(STARTER_CASE.read_text(encoding="utf-8"), str(STARTER_CASE), locator)
    return validated_document(data, locator, [])


def write_starter_workbook(path: Path) -> Path:
    """Write the starter case as a workbook at ``path``."""
    return write_case_workbook(starter_document(), path)


def write_starter(folder: Path, packs: Iterable[str] = ()) -> list[Path]:
    """Write ``case.yaml``, ``codebook.yaml`` and ``rules.yaml`` into ``folder``; return the
    files written."""
    codebook = starter_codebook_text(packs)  # checks the pack names before writing anything
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "case.yaml": STARTER_CASE.read_text(encoding="utf-8"),
        "codebook.yaml": codebook,
        "rules.yaml": STARTER_RULES.read_text(encoding="utf-8"),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
