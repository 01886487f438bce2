"""The README's five-minute path on a new case runs as written: every `concierto` line of its
block, in an empty folder with one tiny illustrative interview, after filling the case."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Five minutes on your own case"
# Written for this test (illustrative, not a real interview).
INTERVIEW = (
    "Entrevista ilustrativa escrita para la prueba del README de concierto.\n"
    "Entre el Ministerio A y la Agencia B no hay reglas claras para decidir quién hace qué. "
    "Nos enteramos de los cambios por la prensa.\n"
)


def _path_commands() -> list[list[str]]:
    text = README.read_text("utf-8")
    assert SECTION in text, "the README lost its five-minute path"
    section = text[text.index(SECTION) :]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.startswith("concierto ")]
    return [shlex.split(line, comments=True)[1:] for line in lines]


def test_the_path_sits_near_the_top_and_keeps_the_reference() -> None:
    text = README.read_text("utf-8")
    assert text.index("make test") < text.index(SECTION) < text.index("## Quick start")
    assert "docs/case-format.md" in text[text.index(SECTION) : text.index("## Quick start")]


def test_every_command_of_the_path_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _path_commands()
    assert [c[0] if c[0] != "--db" else c[2] for c in commands] == [
        "init",
        "load",
        "docs",
        "suggest",
        "code",
        "report",
    ]
    monkeypatch.chdir(tmp_path)
    Path("interview-01.txt").write_text(INTERVIEW, encoding="utf-8")
    app, runner = load_app(), CliRunner()
    outputs = []
    for args in commands:
        if "load" in args:
            # "Fill my-case/case.yaml": the researcher names the case before loading it.
            case = Path("my-case/case.yaml")
            text = case.read_text("utf-8")
            case.write_text(
                text.replace(
                    "title: Coordinación y coherencia de mi política",
                    "title: Gobierno digital de Arandia",
                ),
                encoding="utf-8",
            )
        result = runner.invoke(app, ["--lang", "en", *args])
        assert result.exit_code == 0, (args, result.output)
        outputs.append(" ".join(result.output.split()))
    assert "1 suggestions stored" in outputs[3]  # "nos enteramos" in the starter rules
    assert "reglas.ausencia" in outputs[4] and "interview-01" in outputs[4]
    # The coding counts for the interviewee: 1 of 1 says the rules are missing.
    indicators = (tmp_path / "report" / "tables" / "en" / "indicators.csv").read_text("utf-8")
    assert "\ninteraction_rules.absent_share,1.0," in indicators
    for language in ("es", "en"):
        page = (tmp_path / "report" / f"report.{language}.html").read_text("utf-8")
        assert "Gobierno digital de Arandia" in page
