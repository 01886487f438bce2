"""Check a parsed case document: structure (JSON Schema) and meaning (ids, references, dates).

Every problem is collected, with the file, line and field path it concerns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from concierto.casefile.errors import Issue
from concierto.casefile.locate import Locator, Path_, format_path
from concierto.casefile.schema import case_schema
from concierto.casefile.spec import ACTOR, CASE_FIELDS, SECTIONS, Field
from concierto.i18n import _
from concierto.nlp.mentions import ActorAlias, alias_problems

_VALIDATOR = Draft202012Validator(case_schema())
EVENT_REQUIREMENTS = {
    "merged": "into",
    "split": "result",
    "reattached": "new_parent",
    "renamed": "new_name",
}


class _Collector:
    """Gathers issues, locating each field path through the locator."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.issues: list[Issue] = []

    def add(self, path: Path_, message: str) -> None:
        file, line = self.locator.find(path)
        sheet, column = self.locator.find_cell(path)
        self.issues.append(Issue(file, line, format_path(path), message, sheet, column))


def _schema_message(error: ValidationError) -> tuple[Path_, str]:
    path: Path_ = tuple(error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return (*path, missing[0]) if missing else path, _("required field is missing")
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - allowed)
        name = unknown[0] if unknown else ""
        return (*path, name), _("unknown field")
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return path, _("{value!r} is not allowed; expected one of: {choices}").format(
            value=error.instance, choices=choices
        )
    if error.validator in {"minimum", "maximum"}:
        return path, _("{value} is out of range ({bound} {limit})").format(
            value=error.instance,
            bound=_("minimum") if error.validator == "minimum" else _("maximum"),
            limit=error.validator_value,
        )
    if error.validator == "pattern":
        if path and path[-1] in _DATE_FIELDS:
            return path, _("{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)").format(
                value=error.instance
            )
        return path, _("{value!r} is not a valid id (lower case letters, digits, . _ -)").format(
            value=error.instance
        )
    if error.validator == "const":
        return path, _("expected {value!r}").format(value=error.validator_value)
    if error.validator == "type":
        return path, _("expected {type}, found {value!r}").format(
            type=error.validator_value, value=error.instance
        )
    return path, error.message


_DATE_FIELDS = {f.name for s in SECTIONS for f in s.all_fields if f.type == "date"} | {
    f.name for f in CASE_FIELDS if f.type == "date"
}


def _coerce_years(data: dict[str, Any]) -> None:
    """Accept a bare year written as a number (``created: 2008``) for date fields."""
    blocks: list[tuple[tuple[Field, ...], list[Any]]] = [(CASE_FIELDS, [data.get("case")])]
    blocks += [(s.all_fields, data.get(s.name) or []) for s in SECTIONS]
    for fields, records in blocks:
        if not isinstance(records, list):
            continue
        dates = [f.name for f in fields if f.type == "date"]
        for record in records:
            if isinstance(record, dict):
                for name in dates:
                    if isinstance(record.get(name), int) and not isinstance(record[name], bool):
                        record[name] = str(record[name])


def _records(data: dict[str, Any], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    records = data.get(name)
    if isinstance(records, list):
        for index, record in enumerate(records):
            if isinstance(record, dict):
                yield index, record


def _refs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _parse_date(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial ISO date covers, or None when it is not a real date."""
    parts = text.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            first = dt.date(year, month, 1)
            after = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, after - dt.timedelta(days=1)
        day = dt.date(year, month, int(parts[2]))
        return day, day
    except (ValueError, IndexError):
        return None


def validate(data: dict[str, Any], locator: Locator) -> list[Issue]:
    """Every problem of ``data`` (structure first, then meaning)."""
    report = _Collector(locator)
    _coerce_years(data)
    for error in _VALIDATOR.iter_errors(data):
        path, message = _schema_message(error)
        report.add(path, message)
    if report.issues:
        # Meaning checks would mostly repeat structural problems; fix those first.
        return report.issues
    ids = _check_ids(data, report)
    _check_references(data, ids, report)
    _check_provenance(data, report)
    _check_dates(data, report)
    _check_cycles(data, report, "actors", "parent", _("attachment cycle: {chain}"))
    _check_element_tree(data, report)
    _check_rules(data, report)
    _check_actor_forms(data, report)
    _check_one_rating_per_rater(data, report)
    return report.issues


def _check_ids(data: dict[str, Any], report: _Collector) -> dict[str, dict[str, str]]:
    """Duplicate ids per namespace; returns namespace → id → the section that defines it."""
    ids: dict[str, dict[str, str]] = defaultdict(dict)
    for section in SECTIONS:
        if section.key is None:
            continue
        namespace = section.namespace or section.name
        for index, record in _records(data, section.name):
            key = record.get(section.key)
            if not isinstance(key, str):
                continue
            if key in ids[namespace]:
                report.add(
                    (section.name, index, section.key),
                    _("duplicate id {key!r} (already used in {section})").format(
                        key=key, section=ids[namespace][key]
                    ),
                )
            else:
                ids[namespace][key] = section.name
    return ids


def _check_references(
    data: dict[str, Any], ids: dict[str, dict[str, str]], report: _Collector
) -> None:
    blocks: list[tuple[str, tuple[Field, ...], list[tuple[int | None, dict[str, Any]]]]] = [
        ("case", CASE_FIELDS, [(None, data["case"])])
    ]
    for section in SECTIONS:
        blocks.append((section.name, section.all_fields, list(_records(data, section.name))))
    for name, fields, records in blocks:
        for index, record in records:
            base: Path_ = (name,) if index is None else (name, index)
            for spec in fields:
                if spec.ref is None or spec.name not in record:
                    continue
                for position, value in enumerate(_refs(record[spec.name])):
                    if value not in ids.get(spec.ref, {}):
                        path = (*base, spec.name)
                        if isinstance(record[spec.name], list):
                            path = (*path, position)
                        report.add(
                            path,
                            _("unknown {kind} {value!r}").format(kind=_(spec.ref), value=value),
                        )
            for position, executor in enumerate(record.get("executors") or []):
                actor = executor.get("actor")
                if actor not in ids.get(ACTOR, {}):
                    report.add(
                        (*base, "executors", position, "actor"),
                        _("unknown {kind} {value!r}").format(kind=_(ACTOR), value=actor),
                    )


def _check_provenance(data: dict[str, Any], report: _Collector) -> None:
    blocks: list[tuple[Path_, dict[str, Any]]] = [(("case",), data["case"])]
    for section in SECTIONS:
        if section.provenance:
            blocks += [((section.name, index), r) for index, r in _records(data, section.name)]
    for path, record in blocks:
        provenance = record.get("provenance")
        if provenance is None and not record.get("source"):
            report.add(
                (*path, "provenance"),
                _(
                    "missing provenance: give `source` (a cited source), or `provenance: "
                    "inferred` or `illustrative`"
                ),
            )
        elif provenance == "source" and not record.get("source"):
            report.add((*path, "source"), _("provenance `source` needs the id of a source"))


def _check_dates(data: dict[str, Any], report: _Collector) -> None:
    blocks: list[tuple[Path_, tuple[Field, ...], dict[str, Any]]] = [
        (("case",), CASE_FIELDS, data["case"])
    ]
    for section in SECTIONS:
        blocks += [
            ((section.name, i), section.all_fields, r) for i, r in _records(data, section.name)
        ]
    pairs = (("created", "dissolved"), ("valid_from", "valid_to"), ("period_start", "period_end"))
    for path, fields, record in blocks:
        spans: dict[str, tuple[dt.date, dt.date]] = {}
        for spec in fields:
            if spec.type == "date" and isinstance(record.get(spec.name), str):
                span = _parse_date(record[spec.name])
                if span is None:
                    report.add(
                        (*path, spec.name),
                        _("{value!r} is not a real date").format(value=record[spec.name]),
                    )
                else:
                    spans[spec.name] = span
        for start, end in pairs:
            if start in spans and end in spans and spans[end][1] < spans[start][0]:
                report.add((*path, end), _("{end} is before {start}").format(end=end, start=start))


def _check_cycles(
    data: dict[str, Any], report: _Collector, section: str, field: str, message: str
) -> None:
    parent_of: dict[str, str] = {}
    index_of: dict[str, int] = {}
    for index, record in _records(data, section):
        key, parent = record.get("id"), record.get(field)
        if isinstance(key, str) and isinstance(parent, str):
            parent_of[key] = parent
            index_of[key] = index
    reported: set[str] = set()
    for start in parent_of:
        chain = [start]
        node = parent_of.get(start)
        while node is not None and node not in chain:
            chain.append(node)
            node = parent_of.get(node)
        if node is not None and node == start and not reported.intersection(chain):
            reported.update(chain)
            report.add(
                (section, index_of[start], field),
                message.format(chain=" → ".join([*chain, start])),
            )


def _check_element_tree(data: dict[str, Any], report: _Collector) -> None:
    """Objective parents are objectives of the same policy; programme parents are programmes."""
    objectives = {r["id"]: r for _, r in _records(data, "objectives")}
    programmes = {r["id"]: r for _, r in _records(data, "programmes")}
    for index, record in _records(data, "objectives"):
        parent = record.get("parent")
        if parent is None:
            continue
        if parent not in objectives:
            if parent in programmes or any(
                parent == r.get("id") for _, r in _records(data, "institutional_objectives")
            ):
                report.add(
                    ("objectives", index, "parent"),
                    _("the parent of a policy objective must be a policy objective"),
                )
        elif objectives[parent].get("policy") != record.get("policy"):
            report.add(
                ("objectives", index, "parent"), _("the parent objective belongs to another policy")
            )
    for index, record in _records(data, "programmes"):
        parent = record.get("parent")
        if (
            parent is not None
            and parent not in programmes
            and (
                parent in objectives
                or any(parent == r.get("id") for _, r in _records(data, "institutional_objectives"))
            )
        ):
            report.add(
                ("programmes", index, "parent"), _("the parent of a programme must be a programme")
            )
    _check_cycles(data, report, "objectives", "parent", _("objective cycle: {chain}"))
    _check_cycles(data, report, "programmes", "parent", _("programme cycle: {chain}"))


def _check_rules(data: dict[str, Any], report: _Collector) -> None:
    """Rules no schema can say: self-ties, missing strengths, event details, members."""
    for index, record in _records(data, "ties"):
        if record.get("from") == record.get("to"):
            report.add(("ties", index, "to"), _("a tie cannot link an actor to itself"))
        if record.get("origin") == "evidence" and not record.get("evidence"):
            report.add(
                ("ties", index, "evidence"), _("a tie of origin `evidence` needs evidence ids")
            )
    for name in ("contributions", "interactions"):
        for index, record in _records(data, name):
            if record.get("from") == record.get("to"):
                report.add((name, index, "to"), _("an element cannot act on itself"))
    for index, record in _records(data, "contributions"):
        if record.get("strength") is None and record.get("score") is None:
            report.add(
                ("contributions", index, "strength"),
                _("give a strength (1..3) or a score (−3..+3)"),
            )
    for index, record in _records(data, "events"):
        needed = EVENT_REQUIREMENTS.get(record.get("type", ""))
        if needed and not record.get(needed):
            report.add(
                ("events", index, needed),
                _("a {type} event needs `{field}`").format(type=record["type"], field=needed),
            )
    for index, record in _records(data, "mechanisms"):
        members = _refs(record.get("members"))
        for position, lead in enumerate(_refs(record.get("lead"))):
            if lead not in members:
                report.add(
                    ("mechanisms", index, "lead", position), _("a lead actor must also be a member")
                )
    for index, record in _records(data, "metcalfe_assessments"):
        actors = _refs(record.get("actors"))
        if len(actors) not in (0, 2) or (len(actors) == 2 and actors[0] == actors[1]):
            report.add(
                ("metcalfe_assessments", index, "actors"),
                _("name two different actors, or none for the whole policy"),
            )


def _check_actor_forms(data: dict[str, Any], report: _Collector) -> None:
    """Names, acronyms and aliases that mention detection could not tell apart (two actors
    written the same once accents, case and spacing are folded) or that are empty."""
    indexed = [
        (index, record)
        for index, record in _records(data, "actors")
        if isinstance(record.get("id"), str) and isinstance(record.get("name"), str)
    ]
    actors = [
        ActorAlias(
            actor_id=record["id"],
            name=record["name"],
            acronym=record.get("acronym") if isinstance(record.get("acronym"), str) else None,
            aliases=tuple(_refs(record.get("aliases"))),
        )
        for _index, record in indexed
    ]
    for problem in alias_problems(actors):
        index = indexed[problem.actor_index][0]
        path: Path_ = ("actors", index, problem.field)
        if problem.position is not None:
            path = (*path, problem.position)
        if problem.other_actor is None:
            report.add(path, _("a name, acronym or alias cannot be empty"))
        else:
            report.add(
                path,
                _(
                    "{alias!r} is also a name, acronym or alias of actor {other!r} (accents, "
                    "capitals and spacing aside): mention detection could not tell them apart"
                ).format(alias=problem.alias, other=problem.other_actor),
            )


def _check_one_rating_per_rater(data: dict[str, Any], report: _Collector) -> None:
    """A rater scores each ordered pair of elements once (the cross-impact measures need it)."""
    first: dict[tuple[Any, Any, Any], int] = {}
    for index, record in _records(data, "interactions"):
        key = (record.get("from"), record.get("to"), record.get("rater"))
        earlier = first.setdefault(key, index)
        if earlier != index:
            report.add(
                ("interactions", index, "rater"),
                _(
                    "rater {rater} already rated {source} -> {target} (interactions[{earlier}])"
                ).format(rater=key[2], source=key[0], target=key[1], earlier=earlier),
            )
