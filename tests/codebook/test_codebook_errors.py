"""Each validation rule of the codebook parser, with the file, line and field it reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from concierto.codebook import CodebookError, CodebookIssue, load_codebook, parse_codebook
from concierto.i18n import set_language

Problems = Callable[[str], tuple[Path, list[CodebookIssue], str]]

HEAD = "format: concierto-codebook/1\nname: test\nlanguage: es\ncodes:\n"
# Lines 5-8: folder `a`; lines 9-11: code `a.b`.
TWO_CODES = HEAD + (
    "  - id: a\n"
    "    parent: null\n"
    "    codable: false\n"
    "    label: {es: A, en: A}\n"
    "  - id: a.b\n"
    "    parent: a\n"
    "    label: {es: B}\n"
)


def only(issues: list[CodebookIssue]) -> CodebookIssue:
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def assert_issue(
    path: Path, text: str, issue: CodebookIssue, line: int, field: str, words: str
) -> None:
    """The issue names the file, the line and the field, and says what is wrong."""
    assert (issue.file, issue.line, issue.field) == (str(path), line, field)
    assert words in issue.message
    assert f"{path}:{line}: {field}" in text


def test_valid_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(TWO_CODES, encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.ids == ("a", "a.b")
    assert codebook["a.b"].parent == "a" and codebook["a.b"].codable


def test_unknown_top_level_key(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("language: es\n", "langauge: es\n"))
    issue = only(issues)
    assert_issue(path, text, issue, 3, "langauge", "unknown key 'langauge'")
    assert "did you mean 'language'?" in issue.message


def test_unknown_code_key(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    colour: '#112233'\n")
    issue = only(issues)
    assert_issue(path, text, issue, 12, "codes[1].colour", "unknown key 'colour'")
    assert issue.code == "a.b"
    assert "[a.b]" in str(issue)


def test_unknown_mapping_key(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    mappings:\n      level: 3\n")
    assert_issue(path, text, only(issues), 13, "codes[1].mappings.level", "unknown key 'level'")


def test_unknown_language_in_label(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("{es: B}", "{es: B, fr: B}"))
    assert_issue(path, text, only(issues), 11, "codes[1].label.fr", "unknown key 'fr'")


def test_duplicate_ids(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "  - id: a.b\n    label: {es: B again}\n")
    issue = only(issues)
    assert_issue(path, text, issue, 12, "codes[2].id", "duplicate id 'a.b'")
    assert "first defined at line 9" in issue.message


def test_unknown_parent(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "  - id: x.y\n    parent: x\n    label: {es: Y}\n")
    assert_issue(path, text, only(issues), 13, "codes[2].parent", "parent 'x' is not a code")


def test_unknown_parent_implied_by_the_dotted_id(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "  - id: x.y\n    label: {es: Y}\n")
    issue = only(issues)
    assert_issue(path, text, issue, 12, "codes[2].parent", "parent 'x' is not a code")
    assert "implied by the dotted id" in issue.message


def test_dotted_id_disagrees_with_parent(problems: Problems) -> None:
    text_in = TWO_CODES + "  - id: c\n    parent: null\n    label: {es: C}\n"
    text_in += "  - id: c.d\n    parent: a\n    label: {es: D}\n"
    path, issues, text = problems(text_in)
    issue = only(issues)
    assert_issue(path, text, issue, 16, "codes[3].parent", "disagrees with the dotted id 'c.d'")
    assert "expected 'c'" in issue.message


def test_parent_cycle(problems: Problems) -> None:
    text_in = HEAD + "  - id: p\n    parent: q\n    label: {es: P}\n"
    text_in += "  - id: q\n    parent: p\n    label: {es: Q}\n"
    path, issues, text = problems(text_in)
    cycles = [issue for issue in issues if "cycle" in issue.message]
    assert len(cycles) == 1
    assert_issue(path, text, cycles[0], 6, "codes[0].parent", "parent cycle: p -> q -> p")
    # Both parents also disagree with their (top-level) dotted ids: reported as well.
    assert sorted((i.line, i.field) for i in issues if "disagrees" in i.message) == [
        (6, "codes[0].parent"),
        (9, "codes[1].parent"),
    ]


@pytest.mark.parametrize("colour", ["'#12345'", "red", "'#GGHHII'", "'112233'", "'#1122334'"])
def test_bad_colour(problems: Problems, colour: str) -> None:
    path, issues, text = problems(TWO_CODES + f"    color: {colour}\n")
    assert_issue(path, text, only(issues), 12, "codes[1].color", "is not of the form #RRGGBB")


def test_lowercase_colour_is_accepted_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(TWO_CODES + "    color: '#a1b2c3'\n", encoding="utf-8")
    assert load_codebook(path)["a.b"].color == "#A1B2C3"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("dimension", "vision"),
        ("layer", "gossip"),
        ("role", "villain"),
        ("mechanism", "anarchy"),
        ("coherence", "diagonal"),
        ("sign", "2"),
        ("sign", "true"),
    ],
)
def test_unknown_mapping_values(problems: Problems, key: str, value: str) -> None:
    extra = "dimension: shared_vision, " if key == "sign" else ""
    path, issues, text = problems(TWO_CODES + f"    mappings: {{{extra}{key}: {value}}}\n")
    assert_issue(path, text, only(issues), 12, f"codes[1].mappings.{key}", "is not one of")


def test_unknown_polarity(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    polarity: positive\n")
    issue = only(issues)
    assert_issue(path, text, issue, 12, "codes[1].polarity", "'positive' is not one of")
    assert "present, absent, mixed" in issue.message


@pytest.mark.parametrize("level", [0, 10, -1])
def test_metcalfe_level_out_of_range(problems: Problems, level: int) -> None:
    path, issues, text = problems(TWO_CODES + f"    mappings: {{metcalfe_level: {level}}}\n")
    assert_issue(path, text, only(issues), 12, "codes[1].mappings.metcalfe_level", "outside 1..9")


def test_metcalfe_levels_item_out_of_range(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    mappings:\n      metcalfe_levels: [7, 12]\n")
    issue = only(issues)
    assert_issue(path, text, issue, 13, "codes[1].mappings.metcalfe_levels[1]", "12 is outside")


@pytest.mark.parametrize("level", ["'3'", "3.5", "true"])
def test_metcalfe_level_not_a_whole_number(problems: Problems, level: str) -> None:
    path, issues, text = problems(TWO_CODES + f"    mappings: {{metcalfe_level: {level}}}\n")
    assert_issue(path, text, only(issues), 12, "codes[1].mappings.metcalfe_level", "whole number")


def test_metcalfe_level_and_levels_together(problems: Problems) -> None:
    path, issues, text = problems(
        TWO_CODES + "    mappings:\n      metcalfe_level: 7\n      metcalfe_levels: [7, 8]\n"
    )
    assert_issue(path, text, only(issues), 14, "codes[1].mappings.metcalfe_levels", "not both")


def test_empty_metcalfe_levels(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    mappings: {metcalfe_levels: []}\n")
    assert_issue(path, text, only(issues), 12, "codes[1].mappings.metcalfe_levels", "non-empty")


def test_metcalfe_denies_without_level(problems: Problems) -> None:
    path, issues, text = problems(
        TWO_CODES + "    polarity: absent\n    mappings: {metcalfe_denies: true}\n"
    )
    assert_issue(
        path, text, only(issues), 13, "codes[1].mappings.metcalfe_denies", "needs a Metcalfe level"
    )


def test_metcalfe_denies_needs_absent_polarity(problems: Problems) -> None:
    path, issues, text = problems(
        TWO_CODES
        + "    polarity: present\n    mappings: {metcalfe_level: 8, metcalfe_denies: true}\n"
    )
    issue = only(issues)
    assert_issue(path, text, issue, 13, "codes[1].mappings.metcalfe_denies", "polarity 'absent'")
    assert "'present'" in issue.message


def test_sign_without_dimension(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    mappings: {sign: -1}\n")
    assert_issue(path, text, only(issues), 12, "codes[1].mappings.sign", "needs a dimension")


def test_sign_may_use_the_folders_dimension(tmp_path: Path) -> None:
    text = TWO_CODES.replace(
        "label: {es: A, en: A}", "label: {es: A}\n    mappings: {dimension: shared_vision}"
    )
    path = tmp_path / "ok.yaml"
    path.write_text(text + "    mappings: {sign: -1}\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert [c.id for c in codebook.for_dimension("shared_vision", -1)] == ["a.b"]


def test_missing_es_label(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("{es: B}", "{en: B}"))
    assert_issue(path, text, only(issues), 11, "codes[1].label.es", "missing es label")


def test_blank_es_label(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("{es: B}", "{es: '  ', en: B}"))
    issue = next(i for i in issues if "missing es label" in i.message)
    assert_issue(path, text, issue, 11, "codes[1].label.es", "missing es label")


def test_label_missing_altogether(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("    label: {es: B}\n", ""))
    assert_issue(path, text, only(issues), 9, "codes[1].label.es", "missing es label")


def test_english_codebook_needs_english_labels(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("language: es", "language: en"))
    assert_issue(path, text, only(issues), 11, "codes[1].label.en", "missing en label")


@pytest.mark.parametrize("bad_id", ["'a b'", "a..b", "'.a'", "a.", "12.5", "'añ'"])
def test_id_not_a_dotted_slug(problems: Problems, bad_id: str) -> None:
    path, issues, text = problems(TWO_CODES + f"  - id: {bad_id}\n    label: {{es: C}}\n")
    assert_issue(path, text, only(issues), 12, "codes[2].id", "is not a dotted slug")


def test_missing_id(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "  - label: {es: C}\n")
    assert_issue(path, text, only(issues), 12, "codes[2].id", "id is required")


def test_codable_must_be_boolean(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    codable: maybe\n")
    assert_issue(path, text, only(issues), 12, "codes[1].codable", "must be true or false")


def test_examples_must_be_lists_of_texts(problems: Problems) -> None:
    _, issues, _ = problems(TWO_CODES + "    examples: {es: one quote, en: [ok, 3]}\n")
    found = sorted((issue.field, issue.message) for issue in issues)
    assert found == [
        ("codes[1].examples.en[1]", "must be text, not 3"),
        ("codes[1].examples.es", "must be a list of texts"),
    ]
    assert all(issue.line == 12 for issue in issues)


def test_definition_must_be_a_language_mapping(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    definition: just a sentence\n")
    assert_issue(path, text, only(issues), 12, "codes[1].definition", "must be a mapping")


def test_code_must_be_a_mapping(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "  - just a string\n")
    assert_issue(path, text, only(issues), 12, "codes[2]", "each code must be a mapping")


def test_duplicate_key_in_a_code(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES + "    label: {es: B2}\n")
    issue = only(issues)
    assert_issue(path, text, issue, 12, "codes[1].label", "duplicate key 'label'")
    assert "also on line 11" in issue.message


@pytest.mark.parametrize(
    ("first_line", "words"),
    [
        ("format: concierto-codebook/2", "unsupported format 'concierto-codebook/2'"),
        ("# no format line", "format is required"),
    ],
)
def test_format_line(problems: Problems, first_line: str, words: str) -> None:
    _, issues, _ = problems(TWO_CODES.replace("format: concierto-codebook/1", first_line))
    issue = only(issues)
    assert issue.field == "format" and words in issue.message
    # A missing field is placed where its enclosing mapping starts (after the comment line).
    assert issue.line == (1 if first_line.startswith("format") else 2)


def test_missing_name(problems: Problems) -> None:
    path, issues, text = problems(TWO_CODES.replace("name: test\n", ""))
    issue = only(issues)
    assert (issue.field, issue.line, issue.message) == ("name", 1, "name is required")
    assert f"{path}:1: name: name is required" in text


def test_codes_must_be_a_list(problems: Problems) -> None:
    path, issues, text = problems(HEAD + "  a: b\n")
    assert_issue(path, text, only(issues), 4, "codes", "codes is required")


def test_top_level_must_be_a_mapping(problems: Problems) -> None:
    path, issues, text = problems("- just\n- a list\n")
    assert_issue(path, text, only(issues), 1, "(document)", "top level must be a mapping")


def test_yaml_syntax_error_names_its_line(problems: Problems) -> None:
    _, issues, _ = problems(TWO_CODES + "    label: {es: [unclosed\n")
    issue = only(issues)
    assert issue.field == "(document)" and issue.line == 13
    assert "YAML syntax error" in issue.message


def test_empty_file(problems: Problems) -> None:
    _, issues, _ = problems("# nothing here\n")
    assert only(issues).message == "the file is empty"


def test_several_documents_are_refused(problems: Problems) -> None:
    _, issues, _ = problems(TWO_CODES + "---\n" + TWO_CODES)
    assert "YAML syntax error" in only(issues).message


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read the file"):
        load_codebook(tmp_path / "absent.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(TWO_CODES.replace("B}", "Visi\xf3n}").encode("latin-1"))
    with pytest.raises(CodebookError, match="not valid UTF-8") as caught:
        load_codebook(latin)
    assert caught.value.issues[0].file == str(latin)


def test_all_problems_are_reported_together_in_line_order(problems: Problems) -> None:
    text_in = TWO_CODES.replace("{es: B}", "{en: B}") + (
        "    color: blue\n"
        "    mappings: {layer: gossip, metcalfe_level: 12}\n"
        "  - id: a.b\n"
        "    label: {es: again}\n"
    )
    path, issues, text = problems(text_in)
    assert [(i.line, i.field) for i in issues] == [
        (11, "codes[1].label.es"),
        (12, "codes[1].color"),
        (13, "codes[1].mappings.metcalfe_level"),
        (13, "codes[1].mappings.layer"),
        (14, "codes[2].id"),
    ]
    assert text.splitlines()[0] == f"{path}: 5 problems in the codebook:"
    assert isinstance(CodebookError(issues), ValueError)


def test_parse_codebook_names_its_source_in_messages() -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(TWO_CODES + "    polarity: sideways\n", "inline.yaml")
    assert str(only(caught.value.issues)).startswith("inline.yaml:12: codes[1].polarity [a.b]:")


def test_messages_in_spanish(problems: Problems) -> None:
    set_language("es")  # the autouse fixture restores the language afterwards
    path, issues, text = problems(TWO_CODES.replace("{es: B}", "{en: B}"))
    assert only(issues).message == "falta la etiqueta es"
    assert text.splitlines()[0] == f"{path}: 1 problema en el libro de códigos:"


def test_windows_line_ends_and_byte_order_mark_keep_line_numbers(problems: Problems) -> None:
    text_in = "\ufeff" + (TWO_CODES + "    color: red\n").replace("\n", "\r\n")
    path, issues, text = problems(text_in)
    assert_issue(path, text, only(issues), 12, "codes[1].color", "#RRGGBB")
