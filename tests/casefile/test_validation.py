"""Every kind of validation error: reported with file, line and field, all together, and a failed
load leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.casefile import CaseFileError, read_case_folder

BASE = """\
format: concierto-case/1
case:
  id: t
  title: Test
  provenance: illustrative
sources:
  - id: law
    citation: A law
actors:
  - id: a
    name: A
    kind: ministry
    source: law
  - id: b
    name: B
    kind: agency
    parent: a
    provenance: illustrative
"""


EXTRA_ACTOR_C = (
    "  - id: c\n    name: C\n    kind: agency\n    parent: nobody\n    provenance: illustrative\n"
)


def write_case(folder: Path, extra: str = "", **csv_files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(BASE + extra, encoding="utf-8")
    for name, body in csv_files.items():
        (folder / f"{name}.csv").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def issues_of(folder: Path) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        read_case_folder(folder)
    return [str(issue) for issue in caught.value.issues]


def only_issue(folder: Path) -> str:
    issues = issues_of(folder)
    assert len(issues) == 1, issues
    return issues[0]


def test_base_case_is_valid(tmp_path: Path) -> None:
    assert read_case_folder(write_case(tmp_path)).key == "t"


def test_unknown_reference(tmp_path: Path) -> None:
    folder = write_case(tmp_path, EXTRA_ACTOR_C)
    assert (
        only_issue(folder) == f"{folder / 'case.yaml'}:22: actors[2].parent: unknown actor 'nobody'"
    )


def test_duplicate_id(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path, "  - id: a\n    name: Another A\n    kind: agency\n    provenance: illustrative\n"
    )
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:19: actors[2].id: duplicate id 'a'")


def test_attachment_cycle(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(
        BASE.replace("    kind: ministry\n", "    kind: ministry\n    parent: b\n"),
        encoding="utf-8",
    )
    issue = only_issue(folder)
    assert ":13: actors[0].parent: attachment cycle: a → b → a" in issue


def test_bad_date_format(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        textwrap.dedent("""\
    events:
      - type: created
        date: 12/05/2008
        actor: b
        provenance: illustrative
    """),
    )
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:21: events[0].date:")
    assert "is not a date" in issue


def test_date_that_does_not_exist(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        textwrap.dedent("""\
    events:
      - type: created
        date: "2013-02-30"
        actor: b
        provenance: illustrative
    """),
    )
    assert only_issue(folder) == (
        f"{folder / 'case.yaml'}:21: events[0].date: '2013-02-30' is not a real date"
    )


def test_dissolved_before_created(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(
        BASE + '    created: "2010"\n    dissolved: "2009-05"\n', encoding="utf-8"
    )
    assert only_issue(folder) == (
        f"{folder / 'case.yaml'}:20: actors[1].dissolved: dissolved is before created"
    )


def test_bad_enum_value(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(
        BASE.replace("kind: agency", "kind: agencia"), encoding="utf-8"
    )
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:16: actors[1].kind: 'agencia' is not allowed")
    assert "agency" in issue


def test_score_out_of_range_in_csv(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        textwrap.dedent("""\
    objectives:
      - id: o1
        policy: p
        level: general
        name: O1
        provenance: illustrative
      - id: o2
        policy: p
        level: pillar
        parent: o1
        name: O2
        provenance: illustrative
    policies:
      - id: p
        name: P
        provenance: illustrative
    """),
        interactions="""\
    from,to,rater,score,provenance
    o1,o2,r1,2,illustrative
    o2,o1,r1,5,illustrative
    """,
    )
    assert only_issue(folder) == (
        f"{folder / 'interactions.csv'}:3: interactions[1].score: 5 is out of range (maximum 3)"
    )


def test_unreadable_csv_cell(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        ties="""\
    from,to,layer,weight,provenance
    a,b,authority,heavy,illustrative
    """,
    )
    assert only_issue(folder) == (f"{folder / 'ties.csv'}:2: weight: cannot read 'heavy' as number")


def test_unknown_csv_column(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        ties="""\
    from,to,layer,colour,provenance
    a,b,authority,red,illustrative
    """,
    )
    assert only_issue(folder) == f"{folder / 'ties.csv'}:1: colour: unknown column"


def test_unknown_field(tmp_path: Path) -> None:
    folder = write_case(tmp_path, "    colour: red\n")
    assert only_issue(folder) == f"{folder / 'case.yaml'}:19: actors[1].colour: unknown field"


def test_missing_required_field(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(BASE.replace("    name: B\n", ""), encoding="utf-8")
    assert only_issue(folder) == (
        f"{folder / 'case.yaml'}:14: actors[1].name: required field is missing"
    )


def test_missing_provenance(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "case.yaml").write_text(BASE.replace("    source: law\n", ""), encoding="utf-8")
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:10: actors[0].provenance: missing provenance")


def test_self_tie(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        ties="""\
    from,to,layer,provenance
    a,a,authority,illustrative
    """,
    )
    assert only_issue(folder) == (
        f"{folder / 'ties.csv'}:2: ties[0].to: a tie cannot link an actor to itself"
    )


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    folder = write_case(tmp_path, "  - id: [unclosed\n")
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:")
    assert "invalid YAML" in issue


def test_missing_folder(tmp_path: Path) -> None:
    assert only_issue(tmp_path / "nowhere") == f"{tmp_path / 'nowhere'}: not a folder"


def test_all_errors_are_reported_together(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        EXTRA_ACTOR_C,
        ties="""\
    from,to,layer,provenance
    a,zzz,authority,illustrative
    """,
    )
    issues = issues_of(folder)
    assert len(issues) == 2
    assert any("actors[2].parent: unknown actor 'nobody'" in issue for issue in issues)
    assert any("ties.csv:2: ties[0].to: unknown actor 'zzz'" in issue for issue in issues)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failed_load_leaves_the_database_unchanged(tmp_path: Path, mini_case: Path) -> None:
    from concierto.cli import load_app

    app = load_app()
    runner = CliRunner()
    db = tmp_path / "c.db"
    assert runner.invoke(app, ["--db", str(db), "load", str(mini_case)]).exit_code == 0
    before = _digest(db)
    broken = tmp_path / "broken"
    shutil.copytree(mini_case, broken)
    ties = broken / "ties.csv"
    ties.write_text(
        ties.read_text(encoding="utf-8") + "ag-1,nobody,consultation,1\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "load", "--replace", str(broken)])
    assert result.exit_code == 1
    assert "ties.csv:4: ties[2].to: unknown actor 'nobody'" in result.output
    assert _digest(db) == before


def test_error_inside_the_transaction_rolls_back(tmp_path: Path, mini_case: Path) -> None:
    """Even a failure after validation (here: a forced error mid-write) stores nothing."""
    from concierto.casefile import fetch_case, save_case
    from concierto.store import open_store

    store = open_store(tmp_path / "r.db")
    document = read_case_folder(mini_case)
    with store.session() as session:
        save_case(session, document)
    broken = type(document)({**document.data, "ties": [*document.data["ties"], {"from": "x"}]})
    with pytest.raises(KeyError), store.session() as session:
        save_case(session, broken)
    with store.session() as session:
        assert fetch_case(session, "mini").data == document.data
    store.close()
