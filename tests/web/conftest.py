"""A served store: the mini case with the default codebook, three documents (one with emoji
and accents, one long), a rule suggestion, and an admin, a coder, a blind coder and a viewer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from web_helpers import EMOJI, INTERVIEW, PASSWORD, USERS

from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.evidence.adjudication import set_blind
from concierto.evidence.store import add_coding, add_document
from concierto.store import open_store
from concierto.web import accounts
from concierto.web.accounts import add_account
from concierto.web.app import ServerSettings, create_app
from text_documents import text_document

MINI_CASE = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "mini"

@dataclass(frozen=True)
class Served:
    """The database and its accounts."""

    db: Path


@pytest.fixture(autouse=True, scope="session")
def cheap_hashes() -> Iterator[None]:
    """argon2 with small costs in tests (a login per test would otherwise cost a tenth of a
    second of both cores); hashes still verify through the same code."""
    saved = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = saved


@pytest.fixture(scope="session")
def served_template(tmp_path_factory: pytest.TempPathFactory, cheap_hashes: None) -> Path:
    """The served store, built once; each test gets a copy."""
    from concierto.i18n import set_language

    set_language("en")
    db = tmp_path_factory.mktemp("served") / "web.db"
    build_served(db, MINI_CASE)
    return db


@pytest.fixture
def served(tmp_path: Path, served_template: Path) -> Served:
    """A fresh copy of the served store for one test."""
    db = tmp_path / "web.db"
    shutil.copy(served_template, db)
    return Served(db)


def build_served(db: Path, mini_case: Path) -> None:
    """The store the tests serve (ciro codes blind; bea has one coding on E01)."""
    load_case_folder(mini_case, str(db))
    store = open_store(db)
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document(INTERVIEW, title="Entrevista 1"), key="E01",
                     kind="interview")
        add_document(session, case, text_document(EMOJI, title="Emoji"), key="EMO", kind="other")
        long_text = "\n\n".join(f"Párrafo {i}: la coordinación es débil." * 8 for i in range(600))
        add_document(session, case, text_document(long_text, title="Largo"), key="LONG",
                     kind="report")
        for name, role in USERS.items():
            add_account(session, name, role, PASSWORD)
        set_blind(session, "ciro", True)
        add_coding(session, case, document="E01", code="vision.ausente", coder="bea",
                   start=INTERVIEW.index("No hay"), end=INTERVIEW.index(" entre"))
        add_coding(session, case, document="E01", code="reglas.ausencia", coder="rules",
                   start=INTERVIEW.index("Las reglas"), end=INTERVIEW.index(" 😀"),
                   origin="rule:r1")
    store.close()


@pytest.fixture
def app(served: Served):  # type: ignore[no-untyped-def]
    """The workbench on the served store (small pages, so paging is exercised)."""
    return create_app(ServerSettings(database=str(served.db), page_chars=2000, language="en"))


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """An anonymous browser."""
    with TestClient(app) as test_client:
        yield test_client
