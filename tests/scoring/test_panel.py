"""A career coach's panel: realistic people, and what a coach expects the tool to tell them.

The table is tests/data/panel/panel.yaml (one row per answers file, with the reason); this file
only reads it. Expectations are about the best fit and the gaps near the top, which survive
rubric edits that reorder the long tail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assessor.schema.answers import Answers, check_answers
from assessor.scoring.score import score

PANEL = Path(__file__).resolve().parents[1] / "data" / "panel"
TABLE = yaml.safe_load((PANEL / "panel.yaml").read_text(encoding="utf-8"))["panel"]
TODAY = dt.date(2026, 11, 23)
NEAR_TOP = 6


def load_person(name: str, rubric) -> Answers:
    """The answers file, keeping only skill and evidence ids the bundled rubric knows."""
    data = yaml.safe_load((PANEL / f"{name}.yaml").read_text(encoding="utf-8"))
    skills = rubric.skill_map
    data["ratings"] = {k: v for k, v in data.get("ratings", {}).items() if k in skills}
    data["evidence"] = {k: [e for e in v if e in {x.id for x in skills[k].evidence}]
                        for k, v in data.get("evidence", {}).items() if k in skills}
    answers = Answers.model_validate(data)
    assert not check_answers(answers, rubric, name)
    return answers


V2_IDS = {"junior_ml_engineer", "applied_scientist"}  # roles v2 (issue 14 brief): the panel's rubric


@pytest.fixture(scope="module")
def results(loaded):
    if not V2_IDS <= set(loaded.rubric.role_map):
        pytest.skip("the panel is written for the v2 roles (junior ML engineer, applied scientist)")
    return {row["file"]: score(loaded, load_person(row["file"], loaded.rubric), today=TODAY,
                               tool_version="test") for row in TABLE}


def test_panel_is_large_and_explained():
    assert len(TABLE) >= 10
    files = {p.stem for p in PANEL.glob("*.yaml")} - {"panel"}
    assert files == {row["file"] for row in TABLE}, "every persona has a row and every row a persona"
    for row in TABLE:
        assert row["reason"].strip() and row["best_fit"], row["file"]
        assert len(row["gaps"]) <= 3


@pytest.mark.parametrize("row", TABLE, ids=[r["file"] for r in TABLE])
def test_coach_agrees_with_best_fit_and_top_gaps(results, rubric, row):
    r = results[row["file"]]
    accepted = [role for role in row["best_fit"] if role in rubric.role_map]
    assert accepted, f"none of {row['best_fit']} is a role of the rubric: update the panel"
    ranking = [(f.role, f.fit, f.readiness) for f in r.role_fit[:4]]
    assert r.role_fit[0].role in accepted, f"{row['reason']}\n  tool: {ranking}"
    near_top = [g.skill for g in r.gaps[:NEAR_TOP]]
    for skill in row["gaps"]:
        if skill in rubric.skill_map:
            assert skill in near_top, f"{skill} not in the first {NEAR_TOP} gaps {near_top}: {row['reason']}"
    if row.get("stretch"):
        wanted = [s for s in row["stretch"] if s in rubric.role_map]
        assert {s.role for s in r.stretch} & set(wanted), f"stretch {[s.role for s in r.stretch]}"


@pytest.mark.parametrize("row", TABLE, ids=[r["file"] for r in TABLE])
def test_every_persona_gets_a_sound_plan_and_headline(results, rubric, row):
    r = results[row["file"]]
    t = r.plan.target
    if t is not None:
        assert t.planned_hours <= t.budget_hours
        assert t.fits == (t.hours_needed <= t.budget_hours)
        assert t.readiness_at_target >= r.readiness or r.plan.for_next_role
        assert t.suggestion
    recommended = [c for c in r.certifications if c.recommended]
    scores = [c.score for c in recommended]
    assert scores == sorted(scores, reverse=True), "the list is ordered by the score it shows"
    if recommended:
        head = recommended[0]
        assert head.headline and head.status == "active"
    assert sum(c.headline for c in r.certifications) == (1 if recommended else 0)
