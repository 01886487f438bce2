"""Print the command-line reference of concierto as Markdown, from the typer commands
themselves (help texts in the language of ``CONCIERTO_LANG``): ``python docs/cli_reference.py``.
The guide's hook runs it once per language, so the reference cannot drift from the program."""

from __future__ import annotations

from typing import Any

import typer

from concierto.cli import load_app


def _is_argument(param: Any) -> bool:
    return type(param).__name__.endswith("Argument")


def _option_row(param: Any) -> str:
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    default = getattr(param.default, "value", param.default)
    shown = "" if default in (None, False, ()) or callable(default) else f"`{default}`"
    choices = getattr(param.type_descriptor, "choices", None)
    if choices:
        text += " (" + ", ".join(f"`{getattr(c, 'value', c)}`" for c in choices) + ")"
    return f"| {names} | {text} | {shown} |"


def _command(path: list[str], command: Any, lines: list[str]) -> None:
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            _command([*path, name], command.commands[name], lines)
        return
    arguments = [p for p in command.params if _is_argument(p)]
    usage = " ".join(["concierto", *path, *(f"{p.name.upper()}" for p in arguments if p.name)])
    lines += [f"### `{' '.join(path)}`", "", f"`{usage}`", ""]
    help_text = (command.help or "").strip().split("\n\n")[0].replace("\b", "").strip()
    if help_text:
        lines += [help_text, ""]
    options = [p for p in command.params if not _is_argument(p)]
    options = [p for p in options if p.name != "help"]
    if options:
        lines += ["| | | |", "|---|---|---|", *(_option_row(p) for p in options), ""]


def cli_markdown() -> str:
    """Every command, its arguments and options, in the current language."""
    group = typer.main.get_command(load_app())
    lines: list[str] = ["| | | |", "|---|---|---|"]
    lines += [_option_row(p) for p in group.params if p.name != "help"]
    lines.append("")
    _command([], group, lines)
    return "\n".join(lines)


if __name__ == "__main__":
    print(cli_markdown())
