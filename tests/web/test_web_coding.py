"""Coding from the reader: stored offsets equal the CLI's, bad input changes nothing, remove,
re-code, memos, suggestions, whole-document codes, attributes, blind coders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner
from web_helpers import EMOJI, INTERVIEW, as_user

import concierto.cli.coders
import concierto.cli.evidence  # noqa: F401
from concierto.cli.app import app as cli
from concierto.model import AttributeValue, Code, Coding, Memo
from concierto.store import open_store
from concierto.web.offsets import to_utf16

runner = CliRunner()


def cli_codings(db: Path, document: str, *extra: str) -> list[dict[str, Any]]:
    """What ``concierto code ls`` prints for ``document``, as JSON."""
    result = runner.invoke(
        cli,
        ["--lang", "en", "--db", str(db), *extra, "code", "ls", "--document", document,
         "--status", "all", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def count(db: Path, model: Any = Coding) -> int:
    store = open_store(db)
    try:
        with store.session() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        store.close()


def version_of(client: Any, key: str) -> str:
    page = client.get(f"/documents/{key}").text
    return page.split('data-version="', 1)[1].split('"', 1)[0]


def select_and_code(
    client: Any, token: str, key: str, text: str, phrase: str, code: str, **extra: str
) -> Any:
    """What the page's script sends for a selection of ``phrase`` (UTF-16 offsets)."""
    start = text.index(phrase)
    data = {
        "start16": str(to_utf16(text, start)),
        "end16": str(to_utf16(text, start + len(phrase))),
        "quote": phrase,
        "version": version_of(client, key),
        "code": code,
        "csrf_token": token,
        **extra,
    }
    return client.post(
        f"/documents/{key}/codings", data=data, headers={"Accept": "application/json"}
    )


@pytest.mark.parametrize(
    ("key", "text", "phrase"),
    [
        ("E01", INTERVIEW, "reglas no están claras 😀 y cada"),
        ("EMO", EMOJI, "café q\u0301 — visión 😀"),
        ("EMO", EMOJI, "\u0301 — "),
        ("EMO", EMOJI, "👩\u200d👩\u200d👧"),
        ("EMO", EMOJI, "🇵🇪 aquí"),
    ],
)
def test_a_selection_is_stored_with_the_cli_offsets(
    app: Any, served: Any, key: str, text: str, phrase: str
) -> None:
    coder, token = as_user(app, "bea")
    response = select_and_code(coder, token, key, text, phrase, "reglas.ausencia", memo="ojo")
    assert response.status_code == 200, response.text
    start = text.index(phrase)
    assert response.json()["start"] == start
    assert response.json()["end"] == start + len(phrase)
    rows = [r for r in cli_codings(served.db, key) if r["code"] == "reglas.ausencia"
            and r["coder"] == "bea"]
    assert [(r["start"], r["end"], r["text"]) for r in rows] == [
        (start, start + len(phrase), phrase)
    ]
    page = coder.get(f"/documents/{key}").text
    assert f'data-ids="{response.json()["id"]}"' in page or response.json()["id"] in [
        int(i) for i in page.split('data-ids="')[1].split('"')[0].split()
    ]


BAD = [
    ({"start16": "0", "end16": "100000"}, 400, "outside the text"),
    ({"start16": "-1", "end16": "3"}, 400, "outside the text"),
    ({"start16": "5", "end16": "5"}, 400, "empty"),
    ({"code": "no.such.code"}, 404, "unknown code"),
    ({"code": "vision"}, 400, "folder"),
    ({"version": "999.1"}, 409, "reload"),
    ({"quote": "otra cosa"}, 409, "does not match"),
]


@pytest.mark.parametrize(("change", "status", "message"), BAD)
def test_bad_selections_change_nothing(
    app: Any, served: Any, change: dict[str, str], status: int, message: str
) -> None:
    coder, token = as_user(app, "bea")
    before = count(served.db)
    data = {
        "start16": "0", "end16": "13", "quote": "Entrevistador", "code": "reglas.ausencia",
        "version": version_of(coder, "E01"), "csrf_token": token, **change,
    }
    response = coder.post("/documents/E01/codings", data=data,
                          headers={"Accept": "application/json"})
    assert response.status_code == status, response.text
    assert message in response.json()["error"]
    assert count(served.db) == before


def test_inside_an_emoji_is_refused(app: Any, served: Any) -> None:
    coder, token = as_user(app, "bea")
    inside = to_utf16(EMOJI, EMOJI.index("😀")) + 1
    response = coder.post(
        "/documents/EMO/codings",
        data={"start16": str(inside), "end16": str(inside + 4), "code": "reglas.ausencia",
              "version": version_of(coder, "EMO"), "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "inside a character" in response.json()["error"]


def test_unknown_document(app: Any) -> None:
    coder, token = as_user(app, "bea")
    response = coder.post(
        "/documents/NOPE/codings",
        data={"start16": "0", "end16": "1", "code": "reglas.ausencia", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404
    assert "unknown document" in response.json()["error"]
    assert coder.get("/documents/NOPE").status_code == 404


def bea_coding(db: Path) -> int:
    rows = [r for r in cli_codings(db, "E01") if r["coder"] == "bea"]
    return int(rows[0]["id"].removeprefix("seg:"))


def test_remove_and_recode_own_codings_only(app: Any, served: Any) -> None:
    coding = bea_coding(served.db)
    ciro, ciro_token = as_user(app, "ciro")
    # ciro is blind: bea's coding does not exist for him
    refused = ciro.post(f"/codings/{coding}/remove", data={"csrf_token": ciro_token})
    assert refused.status_code == 404
    bea, token = as_user(app, "bea")
    recoded = bea.post(f"/codings/{coding}/recode",
                       data={"code": "reglas.ausencia", "csrf_token": token})
    assert recoded.status_code == 200
    assert [r["code"] for r in cli_codings(served.db, "E01") if r["coder"] == "bea"] == [
        "reglas.ausencia"
    ]
    assert bea.post(f"/codings/{coding}/recode",
                    data={"code": "vision", "csrf_token": token}).status_code == 400
    assert bea.post(f"/codings/{coding}/remove", data={"csrf_token": token}).status_code == 200
    assert [r for r in cli_codings(served.db, "E01") if r["coder"] == "bea"] == []
    gone = bea.post(f"/codings/{coding}/remove", data={"csrf_token": token},
                    headers={"Accept": "application/json"})
    assert gone.status_code == 404
    assert "no longer exists" in gone.json()["error"]


def test_a_coder_cannot_change_another_coders_coding_but_an_admin_can(
    app: Any, served: Any
) -> None:
    coding = bea_coding(served.db)
    blind_off = runner.invoke(cli, ["--db", str(served.db), "coders", "blind", "ciro", "--off"])
    assert blind_off.exit_code == 0, blind_off.output
    ciro, token = as_user(app, "ciro")
    refused = ciro.post(f"/codings/{coding}/remove", data={"csrf_token": token},
                        headers={"Accept": "application/json"})
    assert refused.status_code == 400
    assert "only they or an admin" in refused.json()["error"]
    admin, admin_token = as_user(app, "ana")
    assert admin.post(f"/codings/{coding}/remove",
                      data={"csrf_token": admin_token}).status_code == 200


def test_memos_suggestions_whole_document_and_attributes(app: Any, served: Any) -> None:
    bea, token = as_user(app, "bea")
    coding = bea_coding(served.db)
    memo = bea.post(f"/codings/{coding}/memo",
                    data={"text": "dice <b>mucho</b>", "csrf_token": token})
    assert memo.status_code == 200
    panel = bea.get("/documents/E01/panel").text
    assert "dice &lt;b&gt;mucho&lt;/b&gt;" in panel
    assert bea.post(f"/codings/{coding}/memo", data={"text": "  ", "csrf_token": token}
                    ).status_code == 400
    suggestion = next(int(r["id"][4:]) for r in cli_codings(served.db, "E01")
                      if r["status"] == "suggested")
    assert bea.post(f"/codings/{suggestion}/accept", data={"csrf_token": token}
                    ).status_code == 200
    assert [r["status"] for r in cli_codings(served.db, "E01") if r["origin"] == "rule:r1"] == [
        "accepted"
    ]
    assert bea.post(f"/codings/{coding}/accept", data={"csrf_token": token}
                    ).status_code == 404  # a human coding is no suggestion
    whole = bea.post("/documents/E01/codings/whole",
                     data={"code": "vision.presente", "csrf_token": token})
    assert whole.status_code == 200
    assert [(r["start"], r["end"]) for r in cli_codings(served.db, "E01")
            if r["code"] == "vision.presente"] == [(None, None)]
    attribute = bea.post("/documents/E01/attributes",
                         data={"name": "sector", "value": "pcm", "csrf_token": token})
    assert attribute.status_code == 200
    assert attribute.json()["case"] == "E01"
    assert "sector=pcm" in bea.get("/documents").text
    assert count(served.db, AttributeValue) == 1
    note = bea.post("/documents/E01/memo", data={"text": "nota general", "csrf_token": token})
    assert note.status_code == 200
    assert count(served.db, Memo) == 2


def test_reject_a_suggestion(app: Any, served: Any) -> None:
    bea, token = as_user(app, "bea")
    suggestion = next(int(r["id"][4:]) for r in cli_codings(served.db, "E01")
                      if r["status"] == "suggested")
    assert 'class="seg sug"' in bea.get("/documents/E01").text  # dashed
    assert bea.post(f"/codings/{suggestion}/reject", data={"csrf_token": token}
                    ).status_code == 200
    assert 'class="seg sug"' not in bea.get("/documents/E01").text


def test_a_blind_coder_sees_only_their_own_codings(app: Any, served: Any) -> None:
    ciro, token = as_user(app, "ciro")
    assert "— bea" not in ciro.get("/documents/E01").text
    assert 'class="seg' not in ciro.get("/documents/E01").text
    listing = ciro.get("/documents").text
    assert ">1<" not in listing.split("E01", 1)[1].split("</tr>", 1)[0]
    assert "No segments yet." in ciro.get("/codes/vision.ausente").text
    response = select_and_code(ciro, token, "E01", INTERVIEW, "cada uno mira", "vision.ausente")
    assert response.status_code == 200
    own = ciro.get("/documents/E01").text
    assert own.count('<mark class="seg') == 1
    assert cli_codings(served.db, "E01", "--as", "ciro")[0]["coder"] == "ciro"
    assert runner.invoke(cli, ["--db", str(served.db), "analysis", "open"]).exit_code == 0
    assert ciro.get("/documents/E01").text.count('<mark class="seg') == 3


def test_the_codebook_from_the_codes_page(app: Any, served: Any) -> None:
    admin, token = as_user(app, "ana")
    ok = {"csrf_token": token}
    assert admin.post("/codes", data={**ok, "key": "vision.nueva", "label": "Visión <nueva>",
                                       "parent": "vision", "color": "#123abc"}).status_code == 200
    page = admin.get("/codes").text
    assert "Visión &lt;nueva&gt;" in page
    assert "#123ABC" in page
    assert admin.post("/codes/vision.nueva/rename",
                      data={**ok, "label_es": "Visión renovada"}).status_code == 200
    assert admin.post("/codes/vision.nueva/colour",
                      data={**ok, "color": "#00ff00"}).status_code == 200
    assert admin.post("/codes/vision.nueva/colour",
                      data={**ok, "color": "red;x:url(//evil)"}).status_code == 400
    assert admin.post("/codes/vision/move", data={**ok, "parent": "vision.nueva"}
                      ).status_code == 400  # under its own child
    assert admin.post("/codes/vision.nueva/move", data={**ok, "parent": ""}).status_code == 200
    coding = bea_coding(served.db)
    merged = admin.post("/codes/vision.ausente/merge", data={**ok, "into": "vision.nueva"})
    assert merged.status_code == 200
    assert [r["code"] for r in cli_codings(served.db, "E01") if r["coder"] == "bea"] == [
        "vision.nueva"
    ]
    assert admin.get("/codes/vision.ausente").status_code == 404
    store = open_store(served.db)
    with store.session() as session:
        code = session.scalar(select(Code).where(Code.key == "vision.nueva"))
        assert code is not None
        assert (code.label_es, code.color, code.parent_id) == ("Visión renovada", "#00FF00", None)
        assert session.get(Coding, coding).code_id == code.id  # type: ignore[union-attr]
    store.close()
    segments = admin.get("/codes/vision.nueva").text
    assert f"/documents/E01?at={INTERVIEW.index('No hay')}#c{coding}" in segments
    coder, coder_token = as_user(app, "bea")
    assert coder.post("/codes", data={"csrf_token": coder_token, "key": "x",
                                       "label": "x"}).status_code == 403


def test_users_from_the_web(app: Any) -> None:
    admin, token = as_user(app, "ana")
    assert admin.post("/users", data={"csrf_token": token, "name": "dora", "role": "viewer",
                                       "password": "long enough"}).status_code == 200
    assert "dora" in admin.get("/users").text
    assert admin.post("/users", data={"csrf_token": token, "name": "eva", "role": "viewer",
                                       "password": "short"}).status_code == 400
    assert admin.post("/users/bea/role", data={"csrf_token": token, "role": "viewer"}
                      ).status_code == 200
    last = admin.post("/users/ana/disable", data={"csrf_token": token})
    assert last.status_code == 400
    assert "last admin" in last.text
    assert admin.get("/documents").status_code == 200  # ana is still an admin
