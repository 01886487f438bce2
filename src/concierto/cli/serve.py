"""``concierto serve``: the web workbench on the store named by ``--db``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from concierto.cli.app import app, fail, state
from concierto.cli.output import console
from concierto.i18n import _
from concierto.web import WEB_EXTRA_MISSING


@app.command("serve", help=_("Serve the web workbench on the database (needs an admin user)."))
def serve(
    host: Annotated[str, typer.Option(help=_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=_("Port to listen on."))] = 8000,
    case: Annotated[
        str | None,
        typer.Option("--case", help=_("Case id (needed only when the database holds several).")),
    ] = None,
) -> None:
    """Check the store (it exists, holds the case, has an admin), then run uvicorn."""
    from concierto.cli.stores import open_existing_store

    try:
        import uvicorn

        from concierto.web.app import ServerSettings, check_servable, create_app
    except ImportError as exc:
        raise fail(WEB_EXTRA_MISSING.format(module=exc.name)) from exc

    store = open_existing_store()
    try:
        problem = check_servable(store, case)
    finally:
        store.close()
    if problem:
        raise fail(escape(problem.format(db=state.db)))

    settings = ServerSettings(database=state.db, case=case, language=state.language)
    console.print(
        _("Serving {db} at http://{host}:{port}/ (Ctrl+C stops)").format(
            db=state.db, host=host, port=port
        ),
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
