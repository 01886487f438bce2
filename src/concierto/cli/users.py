"""Accounts of the web workbench: ``users add|ls|passwd|disable``. There is no default account
and no default password: the first admin is created here."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from concierto.cli.app import FormatOption, app, fail, state
from concierto.cli.output import OutputFormat, console, emit_rows
from concierto.evidence.errors import EvidenceError
from concierto.i18n import _
from concierto.store import StoreError, open_store
from concierto.web import WEB_EXTRA_MISSING

users_app = typer.Typer(help=_("Accounts of the web workbench."), no_args_is_help=True)
app.add_typer(users_app, name="users")

PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help=_("Read the password from the first line of this file instead of asking."),
    ),
]


def read_password(password_file: Path | None) -> str:
    """The new password: the file's first line, or typed twice without echo."""
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise fail(escape(_("{path}: cannot read: {error}").format(
                path=password_file, error=exc.strerror))) from exc
        return lines[0] if lines else ""
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Repeat the password: ")) != first:
        raise fail(_("the passwords differ; nothing was changed"))
    return first


def _run(action: str, name: str, password: str | None = None, role: str | None = None) -> None:
    """Apply ``action`` to account ``name`` in one transaction (errors change nothing)."""
    try:
        from concierto.web import accounts
    except ImportError as exc:
        raise fail(WEB_EXTRA_MISSING.format(module=exc.name)) from exc

    try:
        store = open_store(state.db)
    except StoreError as exc:
        raise fail(escape(str(exc))) from exc
    try:
        with store.session() as session:
            if action == "add":
                accounts.add_account(session, name, role or "", password or "")
            elif action == "passwd":
                accounts.set_password(session, name, password or "")
            else:
                accounts.set_disabled(session, name, action == "disable")
    except (EvidenceError, LookupError) as exc:
        raise fail(escape(str(exc))) from exc
    finally:
        store.close()


@users_app.command("add", help=_("Create an account: its name is the coder id it codes as."))
def users_add(
    name: Annotated[str, typer.Argument(help=_("User name (a coder id, as with --as)."))],
    role: Annotated[str, typer.Option(help=_("admin, coder or viewer."))] = "coder",
    password_file: PasswordFileOption = None,
) -> None:
    """Add an account with a password read without echo (or from a file)."""
    _run("add", name, read_password(password_file), role)
    console.print(_("user {name} added ({role})").format(name=name, role=role), highlight=False)


@users_app.command("passwd", help=_("Change a user's password."))
def users_passwd(
    name: Annotated[str, typer.Argument(help=_("User name."))],
    password_file: PasswordFileOption = None,
) -> None:
    """Set a new password."""
    _run("passwd", name, read_password(password_file))
    console.print(_("password of {name} changed").format(name=name), highlight=False)


@users_app.command("disable", help=_("Disable an account (it can no longer log in)."))
def users_disable(
    name: Annotated[str, typer.Argument(help=_("User name."))],
    enable: Annotated[bool, typer.Option("--enable", help=_("Enable it again."))] = False,
) -> None:
    """Disable (or re-enable) an account; its codings stay."""
    _run("enable" if enable else "disable", name)
    message = _("user {name} enabled") if enable else _("user {name} disabled")
    console.print(message.format(name=name), highlight=False)


@users_app.command("ls", help=_("List the accounts."))
def users_ls(fmt: FormatOption = OutputFormat.table) -> None:
    """Names, roles and whether each account is enabled."""
    from concierto.cli.stores import stored_session
    from concierto.web.accounts import list_accounts

    with stored_session() as session:
        rows = [
            {
                "name": row.name,
                "role": row.role,
                "enabled": not row.disabled,
                "created": row.created_at,
            }
            for row in list_accounts(session)
        ]
    emit_rows(
        rows,
        [("name", _("Name")), ("role", _("Role")), ("enabled", _("Enabled")),
         ("created", _("Created"))],
        fmt,
        title=_("Users"),
    )
