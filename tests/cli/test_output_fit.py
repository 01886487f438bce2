"""Terminal tables fit the terminal: ids and numbers whole, free text cut with an ellipsis, one
record per block when even that is too wide, and a hint that CSV and JSON give everything."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from concierto.cli import output
from concierto.cli.output import OutputFormat, emit_rows, fitted_table

IDS = ("segpres-dgd", "minsegpres-division-gobierno-digital", "subdere-unidad-3")
TEXT = (
    "Coordina la estrategia de transformación digital del Estado con todos los servicios "
    "públicos y municipios del país"
)
COLUMNS = [("id", "Id"), ("parent", "Parent"), ("budget", "Budget"), ("mandate", "Mandate")]
ROWS = [
    {"id": key, "parent": "segpres", "budget": 1250000 + n, "mandate": f"{TEXT} ({n})"}
    for n, key in enumerate(IDS)
]


def _render(width: int, columns: list[tuple[str, str]] = COLUMNS) -> tuple[str, bool]:
    cells = [[Text(str(row[key])) for key, _ in columns] for row in ROWS]
    renderable, cut = fitted_table(cells, [label for _, label in columns], width, "Actors")
    screen = Console(width=width, file=io.StringIO(), color_system=None)
    screen.print(renderable)
    return screen.file.getvalue(), cut  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [60, 80, 200])
def test_no_line_is_wider_than_the_terminal_and_ids_stay_whole(width: int) -> None:
    text, _cut = _render(width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    for key in IDS:
        assert key in text  # never split across lines
    for n in range(len(IDS)):
        assert str(1250000 + n) in text


def test_wide_terminal_shows_everything_as_a_table() -> None:
    text, cut = _render(200)
    assert not cut
    assert f"{TEXT} (2)" in text
    assert "…" not in text
    assert text.count("┃") > 0  # a table, not blocks


def test_narrower_terminal_cuts_free_text_with_an_ellipsis() -> None:
    text, cut = _render(80)
    assert cut
    assert "…" in text and TEXT not in text
    lines_with_ids = [line for line in text.splitlines() if "segpres-dgd" in line]
    assert len(lines_with_ids) == 1 and "…" in lines_with_ids[0]  # one line per row


def test_too_narrow_for_the_ids_shows_one_record_per_block() -> None:
    columns = [*COLUMNS, ("id2", "Same id"), ("parent2", "Parent again")]
    for row in ROWS:
        row["id2"], row["parent2"] = row["id"], row["parent"]
    try:
        text, cut = _render(60, columns)
    finally:
        for row in ROWS:
            del row["id2"], row["parent2"]
    assert cut
    assert "— 1 —" in text and "— 3 —" in text
    assert "┃" not in text
    record = text.split("— 2 —")[1].split("— 3 —")[0]
    assert "minsegpres-division-gobierno-digital" in record
    assert "Parent again" in record
    assert "".join(record.split()).count("".join(TEXT.split())) == 1  # the text in full


def test_emit_rows_prints_the_hint_only_when_something_is_cut(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output.console, "width", 60)
    emit_rows(ROWS, COLUMNS, OutputFormat.table, title="Actors")
    narrow = capsys.readouterr().out
    assert "segpres-dgd" in narrow
    assert "--format csv|json" in " ".join(narrow.split())
    monkeypatch.setattr(output.console, "width", 250)
    emit_rows(ROWS, COLUMNS, OutputFormat.table, title="Actors")
    wide = capsys.readouterr().out
    assert "--format csv|json" not in wide and f"{TEXT} (0)" in wide
    emit_rows(ROWS, COLUMNS, OutputFormat.csv)
    assert f"{TEXT} (0)" in capsys.readouterr().out
