"""Coders writing at the same time through a real server on SQLite: nothing refused, nothing
lost (writers queue in the workbench, never on "database is locked")."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from browser_support import serving
from sqlalchemy import func, select
from web_helpers import INTERVIEW, PASSWORD

from concierto.model import Coder, Coding
from concierto.store import open_store
from concierto.web.app import ServerSettings, create_app

CODERS, EACH = 8, 25


def test_concurrent_coders_lose_nothing(served: Any) -> None:
    store = open_store(served.db)
    with store.session() as session:
        from concierto.web.accounts import add_account

        for number in range(CODERS):
            add_account(session, f"par{number}", "coder", PASSWORD)
    store.close()
    app = create_app(ServerSettings(database=str(served.db)))
    with serving(app) as url:
        version = None

        def coder(number: int) -> list[int]:
            nonlocal version
            statuses = []
            with httpx.Client(base_url=url, timeout=60) as client:
                page = client.get("/login").text
                token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
                client.post("/login", data={"name": f"par{number}", "password": PASSWORD,
                                            "csrf_token": token})
                page = client.get("/documents/E01").text
                token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
                version = page.split('data-version="', 1)[1].split('"', 1)[0]
                for index in range(EACH):
                    start = index % (len(INTERVIEW) - 10)
                    response = client.post(
                        "/documents/E01/codings",
                        data={"start16": start, "end16": start + 5, "code": "vision.ausente",
                              "version": version},
                        headers={"X-CSRF-Token": token, "Accept": "application/json"},
                    )
                    statuses.append(response.status_code)
            return statuses

        with ThreadPoolExecutor(CODERS) as pool:
            results = [s for batch in pool.map(coder, range(CODERS)) for s in batch]
    assert results == [200] * (CODERS * EACH)
    store = open_store(served.db)
    with store.session() as session:
        stored = session.scalar(
            select(func.count()).select_from(Coding).join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.key.like("par%"))
        )
    store.close()
    assert stored == CODERS * EACH
