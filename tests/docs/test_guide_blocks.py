"""Every command and code block of the tutorial, the how-to guides, the install page and the
measures reference runs, in order, in an empty folder: the guide cannot drift from the program.
The Spanish and English pages show the same blocks."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from concierto.i18n import set_language
from guide_pages import DOCS, Block, blocks, language_of, pages, without_comments

RUN = ["*/tutorial.md", "*/how-to/*.md", "*/install.md", "*/reference/measures.md"]
BIN = Path(sys.executable).parent


def _plain_concierto(command: str) -> bool:
    """A ``concierto`` command line without pipes, redirections, variables or globs."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    operators = any(token and set(token) <= set("();<>|&") for token in tokens)
    return tokens[:1] == ["concierto"] and not operators and not set("$`*?~") & set(command)


def _concierto(line: str, language: str, where: str) -> None:
    """Run one ``concierto …`` line in this process (as the script would, much faster than a
    new interpreter per command)."""
    from typer.testing import CliRunner

    from concierto.cli import _command_from_argv, load_app

    argv = shlex.split(line)[1:]
    result = CliRunner().invoke(
        load_app(_command_from_argv(argv)),
        argv,
        env={"CONCIERTO_LANG": language, "CONCIERTO_DB": None, "CONCIERTO_CODER": None},
        prog_name="concierto",
    )
    assert result.exit_code == 0, f"{where}: {line}\n{result.output}\n{result.exception!r}"


def _run_shell(block: Block, folder: Path, language: str, where: str) -> None:
    """Each line of a ``sh`` block: ``concierto`` lines in this process, others in bash."""
    for number, line in enumerate(block.body.splitlines()):
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command or command.startswith("#"):
            continue
        here = f"{where}+{number + 1}"
        if _plain_concierto(command):
            _concierto(command, language, here)
            continue
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "CONCIERTO_LANG": language,
        }
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{here}: {command}\n{done.stdout}\n{done.stderr}"


@pytest.mark.slow
@pytest.mark.parametrize("page", pages(*RUN), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_block_of_the_page_runs(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    language = language_of(page)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONCIERTO_DB", raising=False)
    set_language(language)
    namespace: dict[str, object] = {"__name__": "__guide__"}
    for block in blocks(page):
        where = f"{page.name}:{block.line}"
        if block.skipped:
            continue
        if block.file:
            target = tmp_path / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
        elif block.language == "sh":
            _run_shell(block, tmp_path, language, where)
        elif block.language == "python":
            exec(compile(block.body, where, "exec"), namespace)
        else:
            raise AssertionError(
                f"{where}: a {block.language!r} block that is neither run nor a file"
            )


@pytest.mark.parametrize("page", pages("en/**/*.md"), ids=lambda p: p.name)
def test_both_languages_show_the_same_blocks(page: Path) -> None:
    twin = DOCS / "es" / page.relative_to(DOCS / "en")
    assert twin.is_file(), f"no Spanish page for {page}"
    english = [(b.language, b.file, without_comments(b.body)) for b in blocks(page)]
    castellano = [(b.language, b.file, without_comments(b.body)) for b in blocks(twin)]
    assert english == castellano


def test_tutorial_and_how_tos_run_everything_they_show() -> None:
    for page in pages("*/tutorial.md", "*/how-to/*.md"):
        assert not any(block.skipped for block in blocks(page)), page
        assert blocks(page), page
