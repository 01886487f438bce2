"""Validation problems of a case folder, each with file, line and field path."""

from __future__ import annotations

from dataclasses import dataclass

from concierto.i18n import _


@dataclass(frozen=True, order=True)
class Issue:
    """One problem: where it is (file, line, field path) and what is wrong."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class CaseFileError(ValueError):
    """A case folder that cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line or 0, i.field, i.message))
        count = len(self.issues)
        header = _("{count} problem(s) in the case folder:").format(count=count)
        super().__init__("\n".join([header, *(f"  {issue}" for issue in self.issues)]))
