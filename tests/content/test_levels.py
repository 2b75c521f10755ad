"""Level ladders describe what a person can do and has done at a depth, not their reputation or seniority.

A level text from a template ("is consulted on ...", "works at depth") tells a user nothing they can check
against their own work, so the whole rubric is held to these rules, and every learning step must say
where to learn it.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

# Reputation and template wording: banned in every level of every skill.
TEMPLATE = re.compile(
    r"\bis consulted\b|\bexpert others consult\b|\bgo-to\b|\bworks at depth\b|\bspeaks for itself\b", re.IGNORECASE)
# Seniority wording: coaching and reputation belong to workplace skills, not to technical depth.
SENIORITY = re.compile(
    r"\bcoach(es|ing)?\b|\bmentor(s|ing)?\b|\bconsulted\b|\bteach(es)? (peers|others|engineers)\b", re.IGNORECASE)

SPLIT = {"big_data": ("distributed_processing", "streaming"),
         "other_languages": ("r_programming", "systems_languages"),
         "robotics_edge": ("robotics", "edge_ai")}
NEW = {"distributed_processing": "data_engineering", "streaming": "data_engineering",
       "r_programming": "programming", "systems_languages": "programming",
       "research_methods": "machine_learning", "recommender_systems": "specialisations",
       "time_series": "specialisations", "robotics": "specialisations", "edge_ai": "specialisations"}


def level_texts(rubric):
    for skill in rubric.skills:
        for lv in skill.levels:
            yield skill, lv, f"{lv.title} | {lv.descriptor}"


def test_no_level_text_uses_template_phrases(rubric):
    bad = [f"{s.id} level {lv.level}: {text}" for s, lv, text in level_texts(rubric) if TEMPLATE.search(text)]
    assert not bad, "\n".join(bad)


def test_technical_levels_and_evidence_measure_depth_not_seniority(rubric):
    technical = {c.id for c in rubric.categories if c.technical}
    bad = [f"{s.id} level {lv.level}: {text}" for s, lv, text in level_texts(rubric)
           if s.category in technical and SENIORITY.search(text)]
    bad += [f"{s.id} evidence {e.id}: {e.text}" for s in rubric.skills if s.category in technical
            for e in s.evidence if TEMPLATE.search(e.text) or SENIORITY.search(e.text)]
    assert not bad, "\n".join(bad)


def test_level_titles_are_short_and_descriptors_fit_a_prompt(rubric):
    for skill, lv, _ in level_texts(rubric):
        assert len(lv.title) <= 80, (skill.id, lv.level)
        # A sentence or two: shown as the choice description in a terminal prompt.
        assert len(lv.descriptor) <= 320, (skill.id, lv.level, len(lv.descriptor))


def test_every_learning_step_names_one_or_two_https_resources(rubric):
    for skill in rubric.skills:
        for step in skill.learning:
            assert 1 <= len(step.resources) <= 2, (skill.id, step.to_level, len(step.resources))
            for res in step.resources:
                assert str(res.url).startswith("https://"), (skill.id, step.to_level, res.url)


def test_a_resource_title_always_points_at_the_same_page(rubric):
    """Resources are reused across steps; one title with two URLs is a copy-paste slip."""
    urls = defaultdict(set)
    for skill in rubric.skills:
        for step in skill.learning:
            for res in step.resources:
                urls[res.title].add(str(res.url))
    assert {t: u for t, u in urls.items() if len(u) > 1} == {}


@pytest.mark.parametrize("skill_id, category", sorted(NEW.items()))
def test_new_skills_exist_in_their_category(rubric, skill_id, category):
    assert rubric.skill(skill_id).category == category


def test_conflated_skills_are_split(rubric):
    ids = {s.id for s in rubric.skills}
    for old, parts in SPLIT.items():
        assert old not in ids
        assert set(parts) <= ids


def test_optimisation_is_a_machine_learning_ladder(rubric):
    """Level 3 used to jump to operations research; each level now builds on the one below."""
    text = " ".join(lv.descriptor for lv in rubric.skill("optimisation").levels).lower()
    for topic in ("gradient descent", "learning-rate", "adam", "convergence", "gpus"):
        assert topic in text, topic
    assert "lagrange" not in text and "scheduling" not in text
