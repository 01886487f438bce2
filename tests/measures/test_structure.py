"""Structure and fragmentation (M1) on a hand-worked executive of two ministries."""

from __future__ import annotations

import pytest
from measure_case_builders import actor, element, event, snapshot

from concierto.measures.structure import (
    StructureError,
    budget_dispersion,
    churn,
    covered_years,
    date_key,
    hhi,
    structure_at,
    structure_of_case,
)
from concierto.snapshot import CaseSnapshot

ACTORS = (
    actor("pcm", "ministry", sector="cog", centre=True),
    actor("mef", "ministry", sector="eco"),
    actor("pcm-u", "line_unit", "pcm", "cog"),
    actor("ag1", "agency", "pcm", "cog", created="2010"),
    actor("ag2", "agency", "pcm-u", "cog", created="2012-05-01", dissolved="2014-02"),
    actor("ag3", "agency", "mef", "eco", created="2011-06"),
)
EVENTS = (
    event(1, "created", "2010-03", "ag1"),
    event(2, "created", "2012-05-01", "ag2"),
    event(3, "dissolved", "2014-02", "ag2"),
)


def case() -> CaseSnapshot:
    return snapshot(actors=ACTORS, events=EVENTS)


def test_current_structure_counts_only_bodies_not_dissolved() -> None:
    now = structure_at(case())
    assert now.actors == ("ag1", "ag3", "mef", "pcm", "pcm-u")
    assert dict(now.by_kind) == {"agency": 2, "line_unit": 1, "ministry": 2}
    assert dict(now.by_sector) == {"cog": 3, "eco": 2}
    assert (now.ministries, now.agencies, now.agencification) == (2, 2, 0.5)
    assert dict(now.agencies_per_ministry) == {"pcm": 1, "mef": 1}
    assert [(s.parent, s.bodies) for s in now.spans] == [
        ("mef", ("ag3",)),
        ("pcm", ("ag1", "pcm-u")),
    ]
    assert (now.span_mean, now.span_max) == (1.5, 2)
    assert [(s.parent, s.size) for s in now.centre_spans] == [("pcm", 2)]
    assert now.depth == 1
    assert now.undated == ("mef", "pcm", "pcm-u")
    assert "actor:ag1" in now.evidence and "actor:ag2" not in now.evidence


def test_structure_at_a_date_reaches_agencies_through_line_units() -> None:
    at = structure_at(case(), "2013-12-31")
    assert at.agencies == 3
    assert at.agencification == pytest.approx(3 / 5)
    assert dict(at.agencies_per_ministry) == {"pcm": 2, "mef": 1}
    assert at.agencies_per_ministry_mean == 1.5 and at.agencies_per_ministry_max == 2
    assert dict(at.agencies_per_ministry_by_sector) == {"cog": 2.0, "eco": 1.0}
    assert at.span_mean == pytest.approx(4 / 3)
    assert at.depth == 2 and at.deepest_chain == ("pcm", "pcm-u", "ag2")


def test_dissolution_date_itself_is_absence() -> None:
    assert "ag2" in structure_at(case(), "2014-01-31").actors
    assert "ag2" not in structure_at(case(), "2014-02").actors


def test_yearly_series_only_over_the_years_the_data_covers() -> None:
    result = structure_of_case(case())
    assert list(result.series) == [2010, 2011, 2012, 2013, 2014]
    assert [result.series[y].agencies for y in result.series] == [1, 2, 3, 3, 2]
    assert result.series[2010].agencification == pytest.approx(1 / 3)
    assert result.agencification == 0.5
    assert covered_years(snapshot(actors=(actor("x", "ministry"),))) == ()


def test_churn_counts_events_by_type_and_keeps_quiet_years_as_zero() -> None:
    years = churn(case())
    assert [(y.year, dict(y.by_type)) for y in years] == [
        (2010, {"created": 1}),
        (2011, {}),
        (2012, {"created": 1}),
        (2013, {}),
        (2014, {"dissolved": 1}),
    ]
    assert years[4].evidence == ("event:3",) and years[1].total == 0


def test_budget_dispersion_hhi_and_effective_number() -> None:
    programmes = (
        element(
            "p1",
            kind="programme",
            policy="pol",
            executors=(("ag1", 600.0), ("pcm-u", 300.0), ("ag3", 100.0)),
        ),
        element("p2", kind="programme", policy="pol", executors=(("ag1", 400.0),)),
        element("p3", kind="programme", executors=(("ag1", 10.0), ("ag3", None))),
    )
    found = {b.scope: b for b in budget_dispersion(snapshot(actors=ACTORS, elements=programmes))}
    assert found["p1"].hhi == pytest.approx(0.46)
    assert found["p1"].effective_number == pytest.approx(1 / 0.46)
    assert found["p2"].hhi == 1.0 and found["p2"].effective_number == 1.0
    assert found["policy:pol"].hhi == pytest.approx(1.1e6 / 1.96e6)
    assert found["policy:pol"].evidence == ("element:p1", "element:p2")
    assert found["p3"].hhi is None and "p3/ag3" in (found["p3"].reason or "")


def test_hhi_of_nothing_is_undefined() -> None:
    assert hhi({"a": 0.0}) == ({}, None)


def test_attachment_cycle_and_bad_dates_are_named() -> None:
    looped = snapshot(actors=(actor("a", parent="b"), actor("b", parent="a")))
    with pytest.raises(StructureError, match="cycle"):
        structure_at(looped)
    with pytest.raises(StructureError, match="actor 'x': created: '20x0'"):
        structure_at(snapshot(actors=(actor("x", created="20x0"),)), "2010")
    assert date_key("2010-01", "d") == (2010, 1, 1)
