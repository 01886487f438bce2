"""What a request reads once: the served case (by id after the first look-up, found again when
it is replaced or gone) and the session cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from web_helpers import INTERVIEW, as_user

from concierto.casefile.database import delete_case
from concierto.model import Case
from concierto.store import open_store
from concierto.web.app import ServerSettings, Workbench


def test_the_served_case_follows_a_renamed_case_and_a_deleted_one(served: Any) -> None:
    web = Workbench(ServerSettings(database=str(served.db), language="en"))
    with web.store.session() as session:
        first = web.served_case(session)
        key = first.key
    with web.store.session() as session:  # by id now, same case
        assert web.served_case(session).key == key
    other = open_store(served.db)
    with other.session() as session:
        session.execute(update(Case).values(key="renamed"))
    with web.store.session() as session:
        assert web.served_case(session).key == "renamed"
    with other.session() as session:
        assert delete_case(session, "renamed")
    other.close()
    with pytest.raises(LookupError, match="no case"), web.store.session() as session:
        web.served_case(session)
    web.store.close()


def test_the_session_cookie_is_checked_once_a_request(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A coding POST goes through the guard, the user look-up and the route: one signature
    check, and the coding is stored."""
    client, token = as_user(app, "bea")
    signer = app.state.workbench.signer
    loads: list[str | None] = []
    original = signer.load

    def counted(cookie: str | None) -> Any:
        loads.append(cookie)
        return original(cookie)

    monkeypatch.setattr(signer, "load", counted)
    start = INTERVIEW.index("visión")
    version = client.get("/documents/E01").text.split('data-version="')[1].split('"')[0]
    loads.clear()
    response = client.post(
        "/documents/E01/codings",
        data={"start16": start, "end16": start + 6, "code": "vision.ausente",
              "version": version},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["start"] == start
    assert len(loads) == 1


def test_a_session_of_a_deleted_account_ends(app, served: Any) -> None:  # type: ignore[no-untyped-def]
    from concierto.model import Account

    client, _token = as_user(app, "bea")
    assert client.get("/documents").status_code == 200
    store = open_store(Path(served.db))
    with store.session() as session:
        session.query(Account).filter(Account.name == "bea").delete()
    store.close()
    response = client.get("/documents", follow_redirects=False)
    assert response.status_code == 303 and "/login" in response.headers["location"]
