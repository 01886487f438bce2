"""Diagnosis (M7): statuses of designed small cases under the default rule table, traces,
quote ranking, statements and rule-table errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from concierto.measures.diagnosis import (
    Indicator,
    Quote,
    RuleTableError,
    default_rules_text,
    diagnose,
    load_rule_table,
    parse_rule_table,
    rank_quotes,
)


def _ind(**values: float | None) -> dict[str, Indicator]:
    return {
        name.replace("__", "."): Indicator(value, (f"ev:{name}",)) for name, value in values.items()
    }


# A case where every deficit of the study shows (the study's finding).
WEAK_CASE = _ind(
    shared_vision__present_share=0.1,
    shared_vision__absent_share=0.6,
    information_exchange__absent_share=0.4,
    network__information_exchange__ties=0,
    network__information_exchange__pair_share=0.0,
    interaction_rules__absent_share=0.5,
    network__interaction_rule__ties=2,
    network__interaction_rule__pair_share=0.1,
    metcalfe__policy_score=2,
    metcalfe__cog_median=2,
    alignment__coverage=0.5,
    alignment__orphan_rate=0.45,
    objective_alignment__absent_share=0.3,
    centrifugal__policy_index=0.45,
    gaps__covered_share=0.3,
)

# A well-coordinated case.
STRONG_CASE = _ind(
    shared_vision__present_share=0.8,
    shared_vision__absent_share=0.0,
    information_exchange__absent_share=0.1,
    network__information_exchange__ties=12,
    network__information_exchange__pair_share=0.8,
    interaction_rules__absent_share=0.0,
    network__interaction_rule__ties=8,
    network__interaction_rule__pair_share=0.7,
    metcalfe__policy_score=6,
    metcalfe__cog_median=6,
    alignment__coverage=1.0,
    alignment__orphan_rate=0.1,
    objective_alignment__absent_share=0.0,
    centrifugal__policy_index=0.05,
    gaps__covered_share=0.9,
    centrifugal__testimony_share=0.0,
)


def test_weak_case_gets_the_studys_diagnosis() -> None:
    result = diagnose(WEAK_CASE, [], load_rule_table())
    statuses = {name: d.status for name, d in result.dimensions.items()}
    assert statuses == {
        "shared_vision": "absent",  # 0.6 >= 0.5 and 0.1 < 0.2: rule 0
        "information_exchange": "absent",  # 0 ties and 0.4 >= 0.3
        "interaction_rules": "weak",  # 2 ties, so not absent; pair share 0.1 < 0.25
        "objective_alignment": "weak",  # coverage 0.5: not < 0.25 but < 0.6
    }
    assert result.dimensions["shared_vision"].fired == 0
    assert result.dimensions["interaction_rules"].fired == 1
    holds = {name: s.holds for name, s in result.statements.items()}
    assert holds == {
        "weak_coordination": True,
        "limited_coherence": True,
        "centrifugal_logic": True,
        "centre_of_government_paradox": True,
    }


def test_strong_case_is_present_everywhere_and_no_statement_holds() -> None:
    result = diagnose(STRONG_CASE, [], load_rule_table())
    assert {d.status for d in result.dimensions.values()} == {"present"}
    assert {s.holds for s in result.statements.values()} == {False}
    assert all(not d.not_evaluable for d in result.dimensions.values())


def test_partial_is_the_default_when_no_rule_holds() -> None:
    values = dict(STRONG_CASE)
    values["shared_vision.present_share"] = Indicator(0.4, ("ev:sv",))
    values["shared_vision.absent_share"] = Indicator(0.3, ("ev:sva",))
    result = diagnose(values, [], load_rule_table())
    vision = result.dimensions["shared_vision"]
    assert vision.status == "partial" and vision.fired is None
    assert [r.holds for r in vision.rules] == [False, False, False]
    # The weak rule compared two indicators: 0.3 > 0.4 is false, and the trace keeps both.
    leaf = vision.rules[1].condition.children[0]
    assert (leaf.observed, leaf.threshold, leaf.threshold_indicator) == (
        0.3,
        0.4,
        "shared_vision.present_share",
    )


def test_trace_records_observed_values_and_evidence() -> None:
    result = diagnose(WEAK_CASE, [], load_rule_table())
    vision = result.dimensions["shared_vision"]
    leaves = vision.rules[0].condition.leaves()
    assert [
        (leaf.indicator, leaf.op, leaf.observed, leaf.threshold, leaf.holds) for leaf in leaves
    ] == [
        ("shared_vision.absent_share", ">=", 0.6, 0.5, True),
        ("shared_vision.present_share", "<", 0.1, 0.2, True),
    ]
    assert "ev:shared_vision__absent_share" in vision.evidence
    assert "ev:metcalfe__policy_score" in vision.evidence


def test_missing_indicators_are_not_evaluable_and_never_fire() -> None:
    values = {
        "shared_vision.absent_share": Indicator(0.9),
        "shared_vision.present_share": Indicator(None),
    }
    result = diagnose(values, [], load_rule_table())
    vision = result.dimensions["shared_vision"]
    # absent needs present_share (missing): not evaluable; weak: unknown, metcalfe missing
    assert vision.rules[0].holds is None
    assert vision.status == "partial"
    assert "shared_vision.present_share" in vision.not_evaluable
    assert "metcalfe.policy_score" in vision.not_evaluable
    # The paradox needs two weak dimensions (none here: all partial), so it is false even though
    # the centre-of-government median is missing; the missing indicator is still listed.
    paradox = result.statements["centre_of_government_paradox"]
    assert paradox.holds is False
    assert paradox.not_evaluable == ("metcalfe.cog_median",)
    assert paradox.condition.children[0].holds is None


def test_any_is_true_despite_a_missing_branch() -> None:
    values = {"alignment.coverage": Indicator(None), "centrifugal.policy_index": Indicator(0.8)}
    result = diagnose(values, [], load_rule_table())
    assert result.dimensions["objective_alignment"].status == "absent"


def _quote(eid: str, sign: int, who: str, text: str, corroboration: int = 1) -> Quote:
    return Quote(eid, "c", "shared_vision", sign, "E01", 0, len(text), text, who, corroboration)


def test_quote_ranking_prefers_sign_then_new_interviewee_then_corroboration() -> None:
    quotes = [
        _quote("seg:1", -1, "E01", "short", 1),
        _quote("seg:2", -1, "E01", "a much longer quote", 2),
        _quote("seg:3", -1, "E02", "x", 1),
        _quote("seg:4", 1, "E03", "positive and long enough", 3),
    ]
    ranked = rank_quotes(quotes, "weak", 3)
    assert [q.evidence_id for q in ranked] == ["seg:2", "seg:3", "seg:1"]
    assert [q.evidence_id for q in rank_quotes(quotes, "present", 3)] == ["seg:4"]
    assert [q.evidence_id for q in rank_quotes(quotes, "partial", 3)] == ["seg:2", "seg:4", "seg:3"]


def test_dimension_evidence_includes_its_quotes() -> None:
    quotes = [_quote("seg:9", -1, "E05", "no hay visión común")]
    result = diagnose(WEAK_CASE, quotes, load_rule_table())
    vision = result.dimensions["shared_vision"]
    assert [q.evidence_id for q in vision.quotes] == ["seg:9"]
    assert "seg:9" in vision.evidence
    assert result.dimensions["information_exchange"].quotes == ()


def test_case_overrides_replace_an_entry() -> None:
    overrides = {
        "dimensions": {
            "shared_vision": {
                "rules": [
                    {
                        "status": "present",
                        "when": {
                            "indicator": "shared_vision.present_share",
                            "op": ">=",
                            "value": 0.1,
                        },
                    }
                ],
                "default": "weak",
            }
        },
        "quotes": 1,
    }
    table = load_rule_table(overrides=overrides)
    assert table.quotes == 1 and "case overrides" in table.provenance
    assert diagnose(WEAK_CASE, [], table).dimensions["shared_vision"].status == "present"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other/1"), "format"),
        (lambda d: d["dimensions"]["shared_vision"].update(default="meh"), "default"),
        (
            lambda d: d["dimensions"]["shared_vision"]["rules"][0].update(status="good"),
            "rules[0]: status",
        ),
        (
            lambda d: d["dimensions"]["shared_vision"]["rules"][0]["when"]["all"][0].update(op="~"),
            "op '~'",
        ),
        (lambda d: d["statements"]["weak_coordination"].pop("when"), "missing 'when'"),
    ],
)
def test_bad_tables_name_the_entry(mutate: object, message: str) -> None:
    data = yaml.safe_load(default_rules_text())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(RuleTableError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rule_table(data, "rules.yaml")


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("format: [unclosed", encoding="utf-8")
    with pytest.raises(RuleTableError, match=r"rules\.yaml"):
        load_rule_table(path)
