"""Situational-judgement items (SJT) for the workplace and career skills: enough of them, well formed,
and no easier for a test-wise reader than the rest of the bank.

An SJT item is a realistic AI-team scenario with four plausible actions, one keyed best as an experienced
lead would judge it. They verify the 'apply' and 'decide' bands; the recognise band is not asked of
behaviour, so an SJT item never carries it.
"""

from __future__ import annotations

import itertools
import re

import pytest
from rapidfuzz import fuzz

from assessor.schema.rubric import OPTION_LETTERS

SJT_CATEGORIES = ("workplace", "career")
MIN_PER_SKILL = 3
# Skills the rubric issue added to these categories: they need items from day one.
NEW_SKILLS = {"product_management"}
BOTH_OF_THE_ABOVE = re.compile(r"\b(all|none|both) of the above\b", re.I)


def sjt_skills(rubric) -> list[str]:
    return [s.id for s in rubric.skills if s.category in SJT_CATEGORIES]


def sjt_items(rubric):
    skills = set(sjt_skills(rubric))
    return [c for c in rubric.checks if c.skill in skills]


def test_every_workplace_and_career_skill_has_enough_sjt_items(rubric):
    skills = sjt_skills(rubric)
    assert NEW_SKILLS <= set(skills), "the new workplace skills exist"
    short = {s: len(rubric.checks_of(s)) for s in skills if len(rubric.checks_of(s)) < MIN_PER_SKILL}
    assert not short, f"skills with fewer than {MIN_PER_SKILL} situational-judgement items: {short}"


@pytest.mark.parametrize("field", ["shape", "band", "notes"])
def test_each_sjt_item_is_a_scenario_with_four_actions_and_notes(rubric, field):
    bad = []
    for c in sjt_items(rubric):
        wrong = set(OPTION_LETTERS[:len(c.options)]) - {c.answer}
        if field == "shape" and (len(c.options) != 4 or len(c.question) < 80 or "_sjt_" not in c.id
                                 or any(BOTH_OF_THE_ABOVE.search(o) for o in c.options)):
            bad.append(c.id)
        if field == "band" and c.band not in ("apply", "decide"):
            bad.append(c.id)
        if field == "notes" and (set(c.distractors) != wrong or not c.explanation.strip()):
            bad.append(c.id)
    assert not bad, f"{field}: {bad}"


def test_sjt_keys_are_not_given_away_by_length_or_position(rubric):
    items = sjt_items(rubric)
    longest = sum(1 for c in items if max(c.options, key=len) == c.options[OPTION_LETTERS.index(c.answer)]
                  and sorted(map(len, c.options))[-1] != sorted(map(len, c.options))[-2])
    assert longest <= 0.35 * len(items), f"the key is the longest action in {longest} of {len(items)} items"
    letters = {c.answer for c in items}
    assert len(letters) == 4, f"keys are written in positions {sorted(letters)} only"


def test_no_two_sjt_scenarios_are_near_duplicates(rubric):
    items = sjt_items(rubric)
    close = [(a.id, b.id) for a, b in itertools.combinations(items, 2)
             if fuzz.token_set_ratio(a.question, b.question) >= 85]
    assert not close
