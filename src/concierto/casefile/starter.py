"""The starter case folder that ``concierto init`` writes, with the default codebook."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
STARTER_CASE = Path(__file__).resolve().parent / "starter.yaml"
STARTER_CODEBOOK = PACKAGE_DIR / "data" / "codebook.yaml"


def write_starter(folder: Path) -> list[Path]:
    """Write ``case.yaml`` and ``codebook.yaml`` into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    case_path = folder / "case.yaml"
    case_path.write_text(STARTER_CASE.read_text(encoding="utf-8"), encoding="utf-8")
    written.append(case_path)
    codebook_path = folder / "codebook.yaml"
    codebook_path.write_text(STARTER_CODEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    written.append(codebook_path)
    return written
