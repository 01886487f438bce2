"""``concierto agree``: inter-coder agreement (Krippendorff's alpha) of a reliability CSV file.

File layout (one table, UTF-8, optional BOM; comma, semicolon or tab separated, detected from
the header row as the most frequent of the three):

* row 1 is the header: its first cell is ignored (a label such as ``coder``), every other cell
  is a unit id (non-empty, unique);
* every following non-blank row is one coder: the coder's name (non-empty, unique) then one
  value per unit, in header order; an empty cell (or a row shorter than the header) is a missing
  value; a row longer than the header is an error.

Values: at the nominal level any text, compared exactly after trimming spaces ("1" and "1.0"
are different labels); at the ordinal, interval and ratio levels numbers, with a decimal point,
or a decimal comma when the separator is a semicolon or a tab; ordinal values are ordered
numerically; ratio values must not be negative.

Without FILE, the agreement of the case's coders on its coded documents:
``concierto agree [--coders A,B[,C]] --unit sentence --codes c1,c2 [--exclude-uncoded]
[--by code|document|pair] [--bootstrap N]``; without ``--coders``, the case's two coders when
exactly two people coded it. Rules (what covers a unit, missing values,
multi-coded units, uncoded units) are in :mod:`concierto.measures.agreement.units` and
:mod:`concierto.measures.agreement.reliability`; every row states whether uncoded units were
included. A blind coder (``CONCIERTO_CODER``) gets no comparison until the analysis is open.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from concierto.api.agreement_rows import agreement_columns, agreement_row
from concierto.cli.app import CaseOption, FormatOption, app, db_path_exists, fail, state
from concierto.cli.coders import (
    case_session,
    chosen_codes,
    coders_to_compare,
    refuse_when_blind,
    visible_evidence,
)
from concierto.cli.output import OutputFormat, emit_json, emit_rows, error_console
from concierto.i18n import _
from concierto.measures.agreement import (
    DEFAULT_CONFIDENCE,
    DEFAULT_SEED,
    AgreementInputError,
    AlphaResult,
    BootstrapInterval,
    Level,
    alpha_interval,
    krippendorff_alpha,
)
from concierto.measures.agreement.reliability import GROUPINGS, CaseAgreement, case_agreement
from concierto.measures.agreement.units import Uncoded, UnitKind

SEPARATORS = (",", ";", "\t")


class ReliabilityFileError(ValueError):
    """A reliability CSV file that cannot be read, with its path, line and column."""


@dataclass(frozen=True)
class ReliabilityTable:
    """The content of a reliability CSV file: coder names, unit ids and the cell texts."""

    coders: tuple[str, ...]
    units: tuple[str, ...]
    cells: tuple[tuple[str | None, ...], ...]
    lines: tuple[int, ...]
    separator: str


def _where(path: Path, line: int, column: int | None = None) -> str:
    place = _("{path}, line {line}").format(path=path, line=line)
    if column is not None:
        place += _(", column {column}").format(column=column)
    return place


def _separator(header_line: str) -> str:
    counts = {separator: header_line.count(separator) for separator in SEPARATORS}
    return max(SEPARATORS, key=lambda separator: counts[separator])


def read_reliability_csv(path: Path) -> ReliabilityTable:
    """Read ``path`` in the layout described in this module's docstring."""
    try:
        return _read_reliability_csv(path)
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte …
        raise ReliabilityFileError(
            _("{path}: not a readable CSV table ({error})").format(path=path, error=exc)
        ) from None


def _read_reliability_csv(path: Path) -> ReliabilityTable:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReliabilityFileError(_("{path}: no such file").format(path=path)) from None
    except UnicodeDecodeError as exc:
        raise ReliabilityFileError(
            _("{path}: not UTF-8 text (byte {offset})").format(path=path, offset=exc.start)
        ) from None
    except OSError as exc:
        raise ReliabilityFileError(f"{path}: {exc.strerror}") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ReliabilityFileError(
            _("{where}: the header row (unit ids) is missing").format(where=_where(path, 1))
        )
    separator = _separator(lines[0])
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator)
    header = next(reader)
    units = tuple(cell.strip() for cell in header[1:])
    if not units:
        raise ReliabilityFileError(
            _("{where}: the header row names no unit (separate cells with , ; or tab)").format(
                where=_where(path, 1)
            )
        )
    _check_names(units, path, 1, offset=2, what=_("unit id"))
    coders: list[str] = []
    cells: list[tuple[str | None, ...]] = []
    line_numbers: list[int] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(units) + 1:
            raise ReliabilityFileError(
                _("{where}: {count} values for {units} units in the header").format(
                    where=_where(path, line, len(units) + 2), count=len(row) - 1, units=len(units)
                )
            )
        coders.append(row[0].strip())
        values = [cell.strip() or None for cell in row[1:]]
        cells.append(tuple(values + [None] * (len(units) - len(values))))
        line_numbers.append(line)
    if not coders:
        raise ReliabilityFileError(_("{path}: no coder rows after the header").format(path=path))
    for index, name in enumerate(coders):
        _check_names(
            (name,),
            path,
            line_numbers[index],
            offset=1,
            what=_("coder name"),
            seen=coders[:index],
        )
    return ReliabilityTable(tuple(coders), units, tuple(cells), tuple(line_numbers), separator)


def _check_names(
    names: tuple[str, ...],
    path: Path,
    line: int,
    *,
    offset: int,
    what: str,
    seen: list[str] | None = None,
) -> None:
    earlier = list(seen or [])
    for index, name in enumerate(names):
        where = _where(path, line, index + offset)
        if not name:
            raise ReliabilityFileError(_("{where}: empty {what}").format(where=where, what=what))
        if name in earlier:
            raise ReliabilityFileError(
                _("{where}: {what} {name!r} appears twice").format(
                    where=where, what=what, name=name
                )
            )
        earlier.append(name)


def _number(text: str, separator: str) -> float:
    candidate = text.replace(",", ".") if separator != "," and text.count(",") == 1 else text
    value = float(candidate)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def table_values(table: ReliabilityTable, level: Level, path: Path) -> list[list[Any]]:
    """The cells as alpha's input: texts for nominal, numbers otherwise (errors name the cell)."""
    if level is Level.nominal:
        return [list(row) for row in table.cells]
    matrix: list[list[Any]] = []
    for row, line in zip(table.cells, table.lines, strict=True):
        numbers: list[Any] = []
        for index, cell in enumerate(row):
            if cell is None:
                numbers.append(None)
                continue
            where = _where(path, line, index + 2)
            try:
                value = _number(cell, table.separator)
            except ValueError:
                raise ReliabilityFileError(
                    _(
                        "{where} (unit {unit!r}): {value!r} is not a number; "
                        "the {level} level needs numbers"
                    ).format(where=where, unit=table.units[index], value=cell, level=level.value)
                ) from None
            if level is Level.ratio and value < 0:
                raise ReliabilityFileError(
                    _(
                        "{where} (unit {unit!r}): {value} is negative; "
                        "the ratio level needs values of zero or more"
                    ).format(where=where, unit=table.units[index], value=cell)
                )
            numbers.append(value)
        matrix.append(numbers)
    return matrix


def _payload(result: AlphaResult, interval: BootstrapInterval | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "alpha": result.alpha,
        "level": result.level.value,
        "coders": result.coders,
        "units": result.units,
        "pairable_units": result.pairable_units,
        "pairable_values": result.pairable_values,
        "undefined_reason": _(result.undefined_reason) if result.undefined_reason else None,
    }
    if interval is not None:
        payload["interval"] = {
            "low": interval.low,
            "high": interval.high,
            "confidence": interval.confidence,
            "resamples": interval.resamples,
            "undefined_resamples": interval.undefined_resamples,
            "seed": interval.seed,
        }
    return payload


def _print(payload: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        emit_json(payload)
        return
    columns = [
        ("alpha", _("Alpha")),
        ("level", _("Level")),
        ("coders", _("Coders")),
        ("units", _("Units")),
        ("pairable_units", _("Pairable units")),
        ("pairable_values", _("Pairable values")),
    ]
    row = dict(payload)
    interval = row.pop("interval", None)
    if interval is not None:
        row.update(
            ci_low=interval["low"],
            ci_high=interval["high"],
            undefined_resamples=interval["undefined_resamples"],
        )
        columns += [
            (
                "ci_low",
                _("95 % CI low") if interval["confidence"] == DEFAULT_CONFIDENCE else _("CI low"),
            ),
            (
                "ci_high",
                _("95 % CI high") if interval["confidence"] == DEFAULT_CONFIDENCE else _("CI high"),
            ),
            ("undefined_resamples", _("Undefined resamples")),
        ]
    if fmt is OutputFormat.csv or row["undefined_reason"] is not None:
        columns.append(("undefined_reason", _("Undefined because")))
    emit_rows([row], columns, fmt, title=_("Krippendorff's alpha"))


STATISTICS = (
    "alpha",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "alpha_u",
    "binary_alpha_u",
)


def _unit_name(unit: UnitKind) -> str:
    """The unit kind in the message language (the command line keeps the English names)."""
    names = {
        UnitKind.character: _("character"),
        UnitKind.sentence: _("sentence"),
        UnitKind.paragraph: _("paragraph"),
        UnitKind.turn: _("speaker turn"),
        UnitKind.segment: _("segment"),
    }
    return names[unit]


def _print_case(rows: list[CaseAgreement], fmt: OutputFormat, resamples: int) -> None:
    flat = [agreement_row(row) for row in rows]
    segment = bool(rows) and rows[0].unit is UnitKind.segment
    if fmt is OutputFormat.json:
        for item, row in zip(flat, rows, strict=True):
            item["units_used"] = list(row.unit_ids)
            if row.interval is not None:
                item["interval"] = {
                    "confidence": row.interval.confidence,
                    "resamples": row.interval.resamples,
                    "undefined_resamples": row.interval.undefined_resamples,
                    "seed": row.interval.seed,
                }
        emit_json(flat)
        return
    table = fmt is OutputFormat.table
    # The API's columns; the table counts the evidence instead of listing it, and its title
    # states the unit and whether uncoded units count.
    hidden = {"evidence", "unit", "uncoded"} if table else set()
    columns = [
        column for column in agreement_columns(segment, bool(resamples)) if column[0] not in hidden
    ]
    if table:
        columns.append(("evidence_count", _("Codings")))
        for item, row in zip(flat, rows, strict=True):
            item["evidence_count"] = len(item.pop("evidence"))
            item["document"] = item["document"] or _("(all)")
            if row.code is None and len(row.codes) > 1:
                item["code"] = _("(all {count} codes)").format(count=len(row.codes))
            for key in STATISTICS:
                if key in item and item[key] is None:
                    item[key] = _("undefined")
            if not segment and row.cohen_kappa is None:
                item["cohen_kappa"] = _("n/a (not two coders)")
    uncoded = rows[0].uncoded if rows else Uncoded.included
    unit = _unit_name(rows[0].unit) if rows else ""
    title = (
        _("Inter-coder agreement by {unit} (uncoded units included)")
        if uncoded is Uncoded.included
        else _("Inter-coder agreement by {unit} (uncoded units excluded)")
    ).format(unit=unit)
    emit_rows(flat, columns, fmt, title=title)


def _case_mode(
    case: str | None,
    coders: str | None,
    unit: UnitKind,
    codes: str | None,
    exclude_uncoded: bool,
    by: list[str],
    resamples: int,
    seed: int,
    fmt: OutputFormat,
) -> None:
    for item in by:
        if item not in GROUPINGS:
            raise fail(
                escape(
                    _("unknown --by {value!r}; choose among {choices}").format(
                        value=item, choices=", ".join(GROUPINGS)
                    )
                )
            )
    if resamples and unit is UnitKind.segment:
        error_console.print(
            _("no bootstrap interval at the segment level: units cannot be resampled there"),
            highlight=False,
        )
    with case_session(case) as (session, policy_case):
        refuse_when_blind(session, policy_case, _("agreement between coders"))
        evidence, _restricted = visible_evidence(session, policy_case)
        names = coders_to_compare(evidence, coders)
        selected = chosen_codes(evidence, names, codes)
        rows = case_agreement(
            evidence,
            names,
            selected,
            unit,
            Uncoded.excluded if exclude_uncoded else Uncoded.included,
            by=by,
            resamples=resamples if unit is not UnitKind.segment else 0,
            seed=seed,
        )
    _print_case(list(rows), fmt, resamples if unit is not UnitKind.segment else 0)


@app.command(
    "agree",
    help=_(
        "Inter-coder agreement: Krippendorff's alpha of a reliability CSV file, or of the "
        "case's coders (--coders) on its coded documents."
    ),
)
def agree_command(
    level: Annotated[
        Level | None,
        typer.Option(
            "--level",
            "-l",
            case_sensitive=False,
            help=_("Level of measurement of the values (FILE mode; the case mode is nominal)."),
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Argument(
            help=_(
                "Reliability CSV: header row of unit ids, then one row per coder "
                "(name, then one value per unit; empty = missing)."
            ),
            show_default=False,
        ),
    ] = None,
    coders: Annotated[
        str | None,
        typer.Option(
            "--coders",
            help=_(
                "Case mode: the coders to compare, A,B[,C] (default: the case's two, when "
                "there are two)."
            ),
        ),
    ] = None,
    unit: Annotated[
        UnitKind,
        typer.Option("--unit", case_sensitive=False, help=_("Case mode: the unit of comparison.")),
    ] = UnitKind.sentence,
    codes: Annotated[
        str | None,
        typer.Option(
            "--codes", help=_("Case mode: codes c1,c2 (default: every code the coders applied).")
        ),
    ] = None,
    exclude_uncoded: Annotated[
        bool,
        typer.Option(
            "--exclude-uncoded",
            help=_("Case mode: leave out units no compared coder coded (default: included)."),
        ),
    ] = False,
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help=_("Case mode: also per code, document or pair (repeatable).")),
    ] = None,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--bootstrap",
            min=0,
            help=_("Resamples for a 95 % bootstrap interval over units (0 = none)."),
        ),
    ] = 0,
    seed: Annotated[
        int, typer.Option("--seed", help=_("Seed of the bootstrap (fixed by default)."))
    ] = DEFAULT_SEED,
    case: CaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Inter-coder agreement of a reliability CSV file or of the case's coders."""
    if file is not None and coders is not None:
        raise fail(_("give either a reliability CSV file or --coders, not both"))
    if file is None:
        if coders is None and not db_path_exists(state.db):
            raise fail(
                _(
                    "give a reliability CSV file (concierto agree FILE.csv --level ...) or the "
                    "case's coders to compare (concierto agree --coders A,B --unit sentence)"
                )
            )
        if level not in (None, Level.nominal):
            raise fail(_("the case mode compares codes, which are nominal: leave out --level"))
        _case_mode(case, coders, unit, codes, exclude_uncoded, by or [], bootstrap, seed, fmt)
        return
    if level is None:
        raise typer.BadParameter(
            _("FILE mode needs the level of measurement"), param_hint="'--level'"
        )
    try:
        table = read_reliability_csv(file)
        data = table_values(table, level, file)
        result = krippendorff_alpha(data, level, coder_ids=table.coders, unit_ids=table.units)
        interval = (
            alpha_interval(data, level, resamples=bootstrap, seed=seed) if bootstrap else None
        )
    except (ReliabilityFileError, AgreementInputError) as exc:
        raise fail(escape(str(exc))) from exc
    _print(_payload(result, interval), fmt)
