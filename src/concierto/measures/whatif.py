"""What-if analysis: apply an assumptions file to a case and see which coherence figures move.

An assumptions file is YAML with any of the sections ``interactions``, ``contributions`` and
``ties``, each a list of records with the fields of the case format (docs/case-format.md). A
record *changes* the case record with the same key (interactions: ``from``, ``to``, ``rater``;
contributions: ``from``, ``to``; ties: ``from``, ``to``, ``layer``), keeping its place and so its
evidence id; any other record is *added* after the case's own. A record without ``provenance``
or ``source`` is marked ``illustrative``, with the file named as its basis. The merged case is
validated by :func:`concierto.casefile.validate.validate`, so a bad record is reported with the
assumptions file, its line and the field. Everything here is pure: the caller reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from concierto.casefile.errors import Issue
from concierto.casefile.locate import Locator, load_yaml
from concierto.casefile.normalise import normalise
from concierto.casefile.read import CaseDocument
from concierto.casefile.validate import validate
from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import _
from concierto.measures.coherence import Difference, Figure, coherence_figures, differences
from concierto.snapshot import CaseSnapshot, snapshot_from_document

CASE_FORMAT = "concierto-case/1"
MATCH_KEYS: dict[str, tuple[str, ...]] = {
    "interactions": ("from", "to", "rater"),
    "contributions": ("from", "to"),
    "ties": ("from", "to", "layer"),
}


class AssumptionsError(ValueError):
    """An assumptions file that cannot be applied; lists every problem with file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line or 0, i.field, i.message))
        header = _("{count} problem(s) in the assumptions file:").format(count=len(self.issues))
        super().__init__("\n".join([header, *(f"  {issue}" for issue in self.issues)]))


@dataclass(frozen=True)
class Applied:
    """What an assumptions file did to one case record: ``added`` or ``changed``."""

    section: str
    action: str
    evidence_id: str
    line: int | None


@dataclass(frozen=True)
class WhatIfResult:
    """Figures before and after the assumptions, and the ones that differ."""

    applied: tuple[Applied, ...]
    before: tuple[Figure, ...]
    after: tuple[Figure, ...]
    differences: tuple[Difference, ...]
    snapshot: CaseSnapshot


def without_nulls(value: Any) -> Any:
    """The document as a user would write it: no null fields (the schema rejects them)."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def parse_assumptions(text: str, file: str) -> tuple[dict[str, list[Any]], Locator]:
    """The sections of an assumptions file and where each value is (file and line)."""
    locator = Locator()
    try:
        data = load_yaml(text, file, locator)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise AssumptionsError(
            [
                Issue(
                    file,
                    mark.line + 1 if mark is not None else None,
                    "",
                    _("invalid YAML: {problem}").format(problem=problem),
                )
            ]
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AssumptionsError([Issue(file, 1, "", _("expected a mapping at the top level"))])
    issues = []
    for key, value in data.items():
        line = locator.find((key,))[1]
        if key not in MATCH_KEYS:
            issues.append(
                Issue(
                    file,
                    line,
                    str(key),
                    _("unknown section; expected {names}").format(names=", ".join(MATCH_KEYS)),
                )
            )
        elif not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            issues.append(Issue(file, line, str(key), _("expected a list of records")))
    if issues:
        raise AssumptionsError(issues)
    return {key: list(value) for key, value in data.items()}, locator


def merge_assumptions(
    document: CaseDocument, sections: dict[str, list[Any]], locator: Locator, file: str
) -> tuple[CaseDocument, tuple[Applied, ...]]:
    """The case with the assumptions applied, validated; raises :class:`AssumptionsError`."""
    data = without_nulls(document.data)
    data.setdefault("format", CASE_FORMAT)
    merged_locator = Locator()
    renamed: dict[str, str] = {}
    applied: list[Applied] = []
    for section, records in sections.items():
        target = data.setdefault(section, [])
        fields = MATCH_KEYS[section]
        for position, record in enumerate(records):
            record = dict(record)
            if record.get("provenance") is None and not record.get("source"):
                record["provenance"] = "illustrative"
                record.setdefault("basis", _("what-if assumption ({file})").format(file=file))
            key = tuple(record.get(name) for name in fields)
            index = next(
                (n for n, old in enumerate(target) if tuple(old.get(f) for f in fields) == key),
                None,
            )
            action = "changed"
            if index is None:
                index, action = len(target), "added"
                target.append(record)
            else:
                target[index] = record
            for path, place in locator.places.items():
                if path[:2] == (section, position):
                    merged_locator.add((section, index, *path[2:]), *place)
            renamed[f"{section}[{index}]"] = f"{section}[{position}]"
            line = locator.find((section, position))[1]
            applied.append(Applied(section, action, f"{section[:-1]}:{index + 1}", line))
    issues = validate(data, merged_locator)
    if issues:
        raise AssumptionsError([_renamed(issue, renamed, file) for issue in issues])
    return CaseDocument(normalise(data)), tuple(applied)


def _renamed(issue: Issue, renamed: dict[str, str], file: str) -> Issue:
    """An issue whose field names the record's place in the assumptions file."""
    if issue.file != file:
        return issue
    head, dot, rest = issue.field.partition("]")
    merged = head + "]"
    if dot and merged in renamed:
        return Issue(issue.file, issue.line, renamed[merged] + rest, issue.message)
    return issue


def what_if(
    document: CaseDocument, text: str, file: str, evidence: EvidenceSnapshot | None = None
) -> WhatIfResult:
    """Coherence figures of ``document`` before and after the assumptions in ``text`` (the
    evidence, when given, is the same on both sides)."""
    sections, locator = parse_assumptions(text, file)
    changed, applied = merge_assumptions(document, sections, locator, file)
    snapshot = snapshot_from_document(changed)
    before = coherence_figures(snapshot_from_document(document), evidence)
    after = coherence_figures(snapshot, evidence)
    return WhatIfResult(applied, before, after, differences(before, after), snapshot)
