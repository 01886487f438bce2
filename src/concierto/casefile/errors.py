"""Validation problems of a case folder, each with file, line and field path."""

from __future__ import annotations

from dataclasses import dataclass

from concierto.i18n import _


@dataclass(frozen=True, order=True)
class Issue:
    """One problem: where it is (file, line, field path; sheet and column in a workbook) and what
    is wrong."""

    file: str
    line: int | None
    field: str
    message: str
    sheet: str | None = None  # of a workbook: then ``line`` is the row
    column: str | None = None  # of a workbook: the column letter

    def __str__(self) -> str:
        if self.sheet is not None:
            where = _("{file}, sheet {sheet}").format(file=self.file, sheet=self.sheet)
            if self.line is not None:
                where += ", " + _("row {row}").format(row=self.line)
            if self.column is not None:
                where += ", " + _("column {column}").format(column=self.column)
        else:
            where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class CaseFileError(ValueError):
    """A case folder that cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(
            issues, key=lambda i: (i.file, i.sheet or "", i.line or 0, i.field, i.message)
        )
        count = len(self.issues)
        in_workbook = any(issue.sheet is not None for issue in self.issues)
        header = (
            _("{count} problem(s) in the case workbook:")
            if in_workbook
            else _("{count} problem(s) in the case folder:")
        ).format(count=count)
        super().__init__("\n".join([header, *(f"  {issue}" for issue in self.issues)]))
