"""The workbench shares the CLI's error boundary (concierto.errors): a bug in a page is a short
500 page pointing to the crash log that holds the traceback, never the traceback itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import log_in


def test_an_injected_bug_is_a_500_page_with_the_log(
    app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("CONCIERTO_LOG_DIR", str(logs))

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("injected failure 4711")

    monkeypatch.setattr("concierto.web.routes.codes.code_tree", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        log_in(client, "ana")
        page = client.get("/codes")
    assert page.status_code == 500
    assert "Traceback" not in page.text and 'File "' not in page.text
    [log] = list(logs.iterdir())
    assert "RuntimeError: injected failure 4711" in page.text
    assert str(log) in page.text
    assert "Traceback (most recent call last)" in log.read_text("utf-8")
    assert "GET /codes" in log.read_text("utf-8")
