"""The workbench's routes, one module per area."""

from __future__ import annotations

from fastapi import FastAPI


def register_routes(app: FastAPI) -> None:
    """Add every router to ``app``."""
    from concierto.web.routes import auth, codes, coding, documents, users

    for module in (auth, documents, coding, codes, users):
        app.include_router(module.router)
