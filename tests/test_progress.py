"""Comparing two runs: pure tables of cases plus properties over real scored results."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.progress import (
    STALE_AFTER_DAYS,
    compare,
    compare_history,
    last_ratings,
    readiness_trend,
    report_progress,
)

from assessor.history.store import open_store
from assessor.records import Run

from tests.history_helpers import bundled_rubric, make_env, role_skills, scored, uniform


@pytest.fixture(scope="session")
def loaded():
    return bundled_rubric()


@pytest.fixture(scope="session")
def skills(loaded):
    return role_skills(loaded)


def as_run(result, run_id: int | None = None) -> Run:
    """The record of a scored result, as the store returns it: the stored JSON, parsed."""
    return Run.from_result(json.loads(result.model_dump_json()), id=run_id)


def as_runs(results) -> list[Run]:
    return [as_run(r, k + 1) for k, r in enumerate(results)]


def test_a_run_compared_with_itself_shows_no_change(loaded):
    _, result = uniform(loaded, 2)
    c = compare(as_run(result), as_run(result))
    assert c.readiness_change == 0 and c.skills == () and c.newly_assessed == ()
    assert c.gaps_closed == c.gaps_opened == c.stale == () and not c.rubric_changed
    assert c.added == c.removed == () and c.shared == len(result.skills) and c.days == 0


def test_level_changes_readiness_and_gaps(loaded, skills):
    a, b = skills[0], skills[1]
    _, before = scored(loaded, {a: 1, b: 3}, "2026-01-01")
    _, after = scored(loaded, {a: 4, b: 2}, "2026-02-01")
    c = compare(as_run(before, 1), as_run(after, 2))
    changed = {s.skill: (s.before, s.after, s.change) for s in c.skills}
    assert changed == {a: (1, 4, 3), b: (3, 2, -1)}
    assert c.readiness_before == before.readiness and c.readiness_after == after.readiness
    assert c.readiness_change == round(after.readiness - before.readiness, 1)
    closed = {g.skill for g in c.gaps_closed}
    opened = {g.skill for g in c.gaps_opened}
    before_gaps = {g.skill for g in before.gaps}
    after_gaps = {g.skill for g in after.gaps}
    assert closed == before_gaps - after_gaps and a in closed
    assert opened == after_gaps - before_gaps
    assert (c.before.run, c.after.run, c.days) == (1, 2, 31)


def test_skills_not_asked_in_a_run_are_not_drops(loaded, skills):
    a, b = skills[0], skills[1]
    _, before = scored(loaded, {a: 3}, "2026-01-01")
    _, after = scored(loaded, {b: 2}, "2026-01-20")  # a not rated this time: not a drop to 0
    c = compare(as_run(before), as_run(after))
    assert c.skills == ()
    assert [(s.skill, s.level) for s in c.newly_assessed] == [(b, 2)]
    assert a in {g.skill for g in after.gaps}  # scoring counts it as 0 this time ...
    assert a not in {g.skill for g in c.gaps_opened}  # ... but that is not a new gap


def test_role_change_compares_readiness_for_the_new_role(loaded):
    _, before = uniform(loaded, 2, "2026-01-01", role="ml_engineer")
    _, after = uniform(loaded, 2, "2026-01-02", role="ai_engineer")
    c = compare(as_run(before), as_run(after))
    fit = next(f.readiness for f in before.role_fit if f.role == "ai_engineer")
    assert c.role_changed and c.readiness_before == fit and c.readiness_change == round(after.readiness - fit, 1)


def changed_rubric(run: Run, drop: str, add: str) -> Run:
    """The same run as if a later rubric had removed one skill and added another."""
    out = copy.deepcopy(dict(run.result))
    new = dict(next(s for s in out["skills"] if s["skill"] == drop), skill=add, name="Agentic AI")
    out["skills"] = [s for s in out["skills"] if s["skill"] != drop] + [new]
    out["gaps"] = [g for g in out["gaps"] if g["skill"] != drop]
    out["rubric_digest"], out["rubric_version"] = "0" * 64, "2027.01"
    return Run.from_result(out, id=run.id)


def test_rubric_change_compares_shared_skills_and_lists_the_rest(loaded, skills):
    a, b = skills[0], skills[1]
    _, before = scored(loaded, {a: 1, b: 1}, "2026-01-01")
    _, after = scored(loaded, {a: 1, b: 3}, "2026-03-01")
    c = compare(as_run(before), changed_rubric(as_run(after), drop=a, add="agentic_ai"))
    assert c.rubric_changed and c.added == ("agentic_ai",) and c.removed == (a,)
    assert c.shared == len(before.skills) - 1
    assert [(s.skill, s.before, s.after) for s in c.skills] == [(b, 1, 3)]
    assert all(g.skill != a for g in c.gaps_closed)  # a removed skill is not a closed gap
    assert c.as_json()["after"]["rubric_version"] == "2027.01"


@pytest.mark.parametrize("days, stale", [(STALE_AFTER_DAYS - 1, False), (STALE_AFTER_DAYS, True),
                                         (400, True)])
def test_skills_not_re_rated_for_90_days_are_stale(loaded, skills, days, stale):
    a, b = skills[0], skills[1]
    first = dt.date(2026, 1, 1)
    _, old = scored(loaded, {a: 2, b: 3}, first)
    _, new = scored(loaded, {a: 3}, first + dt.timedelta(days=days))
    c = compare(as_run(old), as_run(new))
    expected = [(b, first, days, 3)] if stale else []
    assert [(s.skill, s.last_rated, s.days, s.level) for s in c.stale] == expected


def test_stale_looks_at_the_whole_history(loaded, skills):
    a, b, d = skills[:3]
    runs = [scored(loaded, {a: 1, b: 1, d: 1}, "2026-01-01")[1],
            scored(loaded, {a: 2, d: 2}, "2026-04-01")[1],   # b last rated on 2026-01-01
            scored(loaded, {a: 3}, "2026-05-01")[1]]         # d last rated 30 days ago: fresh
    c = compare_history(as_runs(runs))
    assert [(s.skill, s.last_rated.isoformat(), s.days) for s in c.stale] == [(b, "2026-01-01", 120)]
    assert last_ratings(as_runs(runs)) == {a: (dt.date(2026, 5, 1), 3), b: (dt.date(2026, 1, 1), 1),
                                          d: (dt.date(2026, 4, 1), 2)}


def test_stored_records_and_fresh_results_give_the_same_comparison(loaded, skills, tmp_path):
    """The store's records (ratings from its ratings table, results only where compared) and
    records made from the scored results describe the same history."""
    results = [scored(loaded, {skills[0]: 1, skills[2]: 2}, "2026-01-01"),
               scored(loaded, {skills[0]: 3, skills[1]: 2}, "2026-05-01"),
               scored(loaded, {skills[0]: 4}, "2026-06-01")]
    stored = stored_runs(tmp_path, results)
    fresh = as_runs([r for _, r in results])
    assert compare_history(stored) == compare_history(fresh)
    assert last_ratings(stored) == last_ratings(fresh)
    assert report_progress(stored, {}) == report_progress(fresh, {})


def test_json_shape_of_a_comparison(loaded, skills):
    _, before = scored(loaded, {skills[0]: 1}, "2026-01-01")
    _, after = scored(loaded, {skills[0]: 3}, "2026-09-01")
    data = compare(as_run(before, 4), as_run(after, 9)).as_json()
    assert data["readiness"] == {"before": before.readiness, "after": after.readiness,
                                 "change": round(after.readiness - before.readiness, 1),
                                 "role": "ml_engineer"}
    assert {"skill": skills[0], "before": 1, "after": 3}.items() <= data["skills"][0].items()
    for key in ("gaps_closed", "gaps_opened", "stale", "added", "removed", "newly_assessed"):
        assert isinstance(data[key], list)
    assert (data["before"]["run"], data["after"]["run"]) == (4, 9)
    json.dumps(data)  # plain JSON all the way down


ratings_strategy = st.lists(st.integers(0, 4) | st.none(), min_size=6, max_size=6)


@settings(max_examples=40, deadline=None)
@given(first=ratings_strategy, second=ratings_strategy, gap_days=st.integers(0, 400))
def test_comparison_is_antisymmetric(loaded, skills, first, second, gap_days):
    """Swapping the runs swaps closed and opened gaps and negates every change."""
    picked = skills[:6]
    on = dt.date(2026, 1, 1)
    _, x = scored(loaded, {s: v for s, v in zip(picked, first) if v is not None}, on)
    _, y = scored(loaded, {s: v for s, v in zip(picked, second) if v is not None},
                  on + dt.timedelta(days=gap_days))
    forward, backward = compare(as_run(x), as_run(y)), compare(as_run(y), as_run(x))
    asked_x = {s.skill for s in x.skills if s.rated is not None}
    asked_y = {s.skill for s in y.skills if s.rated is not None}
    # Closed one way is opened the other way, unless the skill went unasked in the gap's run.
    assert {g.skill for g in forward.gaps_closed} & asked_x == {g.skill for g in backward.gaps_opened}
    assert {g.skill for g in forward.gaps_opened} == {g.skill for g in backward.gaps_closed} & asked_y
    assert {(s.skill, s.change) for s in forward.skills} == {(s.skill, -s.change) for s in backward.skills}
    assert forward.readiness_change == -backward.readiness_change
    assert not ({g.skill for g in forward.gaps_closed} & {g.skill for g in forward.gaps_opened})
    for s in forward.skills:
        assert s.before != s.after and 0 <= s.before <= 4 and 0 <= s.after <= 4


def stored_runs(tmp_path, results) -> list:
    """Save results through the real store; return ``runs_up_to`` of the last, as the report gets it."""
    env = make_env(tmp_path / "home")
    with open_store(env) as store:
        ids = [store.save_run("me", answers, result) for answers, result in results]
        return store.runs_up_to("me", ids[-1])


def test_report_progress_gives_the_trend_and_the_changes(loaded, skills, tmp_path):
    runs = stored_runs(tmp_path, [scored(loaded, {skills[0]: 1, skills[1]: 2}, "2026-01-01"),
                                  scored(loaded, {skills[0]: 2, skills[1]: 2}, "2026-02-01"),
                                  scored(loaded, {skills[0]: 3, skills[2]: 1}, "2026-06-01")])
    names = {s.id: s.name for s in loaded.rubric.skills}
    section = report_progress(runs, names)
    assert [p["readiness"] for p in section["trend"]] == [r.readiness for r in runs]
    assert [p["run"] for p in section["trend"]] == [1, 2, 3] and section["runs"] == 3
    assert section["trend"][0]["label"] == "2026-01-01"
    assert section["previous_date"] == dt.date(2026, 2, 1) and section["previous_run"] == 2
    rows = {c["skill"]: (c["before"], c["after"], c["delta_text"]) for c in section["changes"]}
    assert rows[skills[0]] == (2, 3, "+1") and rows[skills[2]] == (None, 1, "new")
    assert any("Not re-rated" in n and "2026-02-01" in n for n in section["notes"])
    assert report_progress(runs[:1], names) is None
    assert [r for _, r, _ in readiness_trend(runs)] == [r.readiness for r in runs]


def test_report_progress_needs_only_the_last_two_results(loaded, tmp_path):
    runs = stored_runs(tmp_path, [uniform(loaded, k % 5, f"2026-0{k + 1}-01") for k in range(5)])
    assert [r.result is not None for r in runs] == [False, False, False, True, True]
    assert report_progress(runs, {})["runs"] == 5
    with pytest.raises(ValueError, match="not loaded"):  # a caller's mistake is loud, never a query
        compare(runs[0], runs[-1])


def test_report_progress_trend_uses_the_reported_role_throughout(loaded, tmp_path):
    runs = stored_runs(tmp_path, [uniform(loaded, 2, "2026-01-01", role="ml_engineer"),
                                  uniform(loaded, 2, "2026-02-01", role="ai_engineer")])
    section = report_progress(runs, {})
    first_for_ai = next(f["readiness"] for f in runs[0].result["role_fit"] if f["role"] == "ai_engineer")
    assert section["trend"][0]["readiness"] == first_for_ai
    assert any("changed target role" in n for n in section["notes"])
