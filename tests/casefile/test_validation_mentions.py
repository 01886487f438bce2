"""Names, acronyms and aliases are checked at load with the folding mention detection uses, so
that no later command (``mentions detect``, ``report``, evidence ties) meets two actors written
the same way."""

from __future__ import annotations

from pathlib import Path

from test_validation import issues_of, only_issue, write_case

from concierto.casefile import read_case_folder
from concierto.nlp.mentions import ActorAlias, MentionFinder

CLASH = "is also a name, acronym or alias of actor"


def _actor(key: str, name: str, extra: str = "") -> str:
    head = f"  - id: {key}\n    name: {name}\n    kind: agency\n"
    return f"{head}{extra}    provenance: illustrative\n"


def test_a_name_shared_after_folding_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = write_case(tmp_path, _actor("c", "'  á '"))  # "A" of actor a, accent and spaces aside
    issue = only_issue(folder)
    assert issue.startswith(f"{folder / 'case.yaml'}:20: actors[2].name: '  á '")
    assert f"{CLASH} 'a'" in issue


def test_an_alias_equal_to_another_actors_name_names_the_alias_position(tmp_path: Path) -> None:
    folder = write_case(tmp_path, _actor("c", "C", "    aliases: [Ce, b]\n"))
    issue = only_issue(folder)
    assert ":22: actors[2].aliases[1]: 'b'" in issue
    assert f"{CLASH} 'b'" in issue


def test_two_actors_with_one_acronym_are_refused(tmp_path: Path) -> None:
    extra = _actor("c", "C", "    acronym: SÉRVIR\n") + _actor("d", "D", "    acronym: SERVIR\n")
    issue = only_issue(write_case(tmp_path, extra))
    assert "actors[3].acronym: 'SERVIR'" in issue
    assert f"{CLASH} 'c'" in issue


def test_acronyms_differing_in_capitals_stay_apart_as_mention_detection_keeps_them(
    tmp_path: Path,
) -> None:
    extra = _actor("c", "C", "    acronym: MA\n") + _actor("d", "D", "    acronym: Ma\n")
    document = read_case_folder(write_case(tmp_path, extra))
    actors = [
        ActorAlias(a["id"], a["name"], a.get("acronym"), tuple(a["aliases"]))
        for a in document.data["actors"]
    ]
    assert [m.actor_id for m in MentionFinder(actors).find("MA y Ma")] == ["c", "d"]


def test_a_blank_alias_is_refused(tmp_path: Path) -> None:
    issues = issues_of(write_case(tmp_path, _actor("c", "C", "    aliases: ['   ']\n")))
    assert any("actors[2].aliases[0]" in issue for issue in issues), issues


def test_an_actor_repeating_its_own_name_as_alias_is_fine(tmp_path: Path) -> None:
    folder = write_case(tmp_path, _actor("c", "Consejo", "    aliases: [CONSEJO, consejo]\n"))
    assert read_case_folder(folder).key == "t"


def test_a_rater_scoring_one_pair_twice_is_refused_at_load(tmp_path: Path) -> None:
    """Found by the long fuzz run: the case loaded, then ``measure coherence`` and ``report``
    refused it."""
    folder = write_case(
        tmp_path,
        "policies:\n  - {id: p, name: P, provenance: illustrative}\n"
        "objectives:\n"
        "  - {id: o1, policy: p, level: general, name: O1, provenance: illustrative}\n"
        "  - {id: o2, policy: p, level: general, name: O2, provenance: illustrative}\n",
        interactions="""\
            from,to,rater,score,provenance
            o1,o2,ana,2,illustrative
            o2,o1,ana,1,illustrative
            o1,o2,ana,-1,illustrative
            """,
    )
    issue = only_issue(folder)
    assert issue == (
        f"{folder / 'interactions.csv'}:4: interactions[2].rater: "
        "rater ana already rated o1 -> o2 (interactions[0])"
    )
