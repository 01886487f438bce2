"""A rules file is checked whole when it is read: every problem with its file, line and field,
before ``suggest rules`` touches a document."""

from __future__ import annotations

from pathlib import Path

import pytest

from concierto.evidence.rulefile import RuleFileError, load_rule_file


def _problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "rules.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    return [str(issue).replace(str(path), "rules.yaml") for issue in caught.value.issues]


def test_a_regex_that_does_not_compile_is_named_at_its_rule(tmp_path: Path) -> None:
    text = "rules:\n  - id: ok\n    code: a\n    keywords: [x]\n  - id: r\n    code: a\n"
    problems = _problems(tmp_path, text + "    regexes: ['((']\n")
    assert len(problems) == 1
    assert problems[0].startswith("rules.yaml:5: rules[1]: rule 'r': regex '((' is invalid")


def test_a_keyword_written_as_one_text_is_refused_not_split_into_letters(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "rules:\n  - id: r\n    code: a\n    keywords: visión\n")
    expected = "rules.yaml:4: rules[0].keywords: expected a list of texts, e.g. [one, two]"
    assert problems == [expected]


def test_every_problem_is_listed(tmp_path: Path) -> None:
    text = (
        "rules:\n  - id: r\n    code: {a: 1}\n    keywords: [[1]]\n    scope: galaxy\n"
        "  - id: r\n    code: b\n    keywords: [y]\n"
    )
    assert _problems(tmp_path, text) == [
        "rules.yaml:3: rules[0].code: a rule needs `id` and `code`",
        "rules.yaml:5: rules[0].scope: 'galaxy' is not allowed; expected one of: "
        "sentence, paragraph, turn",
        "rules.yaml:4: rules[0].keywords[0]: expected a text",
        "rules.yaml:6: rules[1].id: duplicate id 'r' (already used in rules[0])",
    ]


def test_no_keywords_and_bad_bytes_and_bad_yaml(tmp_path: Path) -> None:
    assert "no keywords and no regexes" in _problems(tmp_path, "rules: [{id: r, code: a}]\n")[0]
    assert _problems(tmp_path, b"\xff\xfe rules") == ["rules.yaml: not valid UTF-8 text"]
    assert _problems(tmp_path, "rules: [\n")[0].startswith("rules.yaml:2: invalid YAML")


def test_a_good_file_gives_its_rules(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {id: 7, code: a, keywords: [x], scope: turn}\n", "utf-8")
    [rule] = load_rule_file(path)
    assert (rule.id, rule.code, rule.keywords, rule.scope) == ("7", "a", ("x",), "turn")
