"""The rubric holds itself to its own rules: complete skills, traceable content, honest certifications."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path


from assessor.schema.rubric import OPTION_LETTERS

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TODAY = dt.date(2026, 11, 23)


def test_skills_are_complete(rubric):
    assert len(rubric.skills) >= 30
    technical = {c.id for c in rubric.categories if c.technical}
    for s in rubric.skills:
        descriptors = [lv.descriptor for lv in s.levels]
        assert len(set(descriptors)) == 5 and [lv.level for lv in s.levels] == [0, 1, 2, 3, 4], s.id
        assert 2 <= len(s.evidence) <= 4, s.id
        assert len({e.level for e in s.evidence}) >= 2, f"{s.id}: evidence should span levels"
        assert [st.to_level for st in sorted(s.learning, key=lambda x: x.to_level)] == [1, 2, 3, 4]
        assert all(len(lv.title) <= 40 for lv in s.levels), s.id
        if s.category in technical:
            assert len(rubric.checks_of(s.id)) >= 2, s.id
        for c in rubric.checks_of(s.id):
            assert c.answer in OPTION_LETTERS[: len(c.options)], c.id
            assert len({o.casefold() for o in c.options}) == len(c.options), c.id
            assert c.explanation and 1 <= c.level <= 4


def test_correct_answers_are_not_guessable_from_position(rubric):
    letters = Counter(c.answer for s in rubric.skills for c in rubric.checks_of(s.id))
    total = sum(letters.values())
    assert max(letters.values()) / total < 0.4, letters


def test_every_item_cites_a_known_source(rubric):
    known = {s.id for s in rubric.meta.sources}
    items = [*rubric.skills, *rubric.roles, *rubric.certifications, *rubric.career.ladder]
    for item in items:
        assert item.sources and set(item.sources) <= known, item.id
    assert all(p.source in known for p in rubric.career.salaries)
    guides = [s for s in rubric.meta.sources if s.kind == "guide"]
    assert len(guides) == 4


def test_reflection_questions_come_from_the_guides(rubric):
    assert len(rubric.reflection) >= 5
    assert all(q.source.startswith("00") for q in rubric.reflection)


def test_prerequisites_form_no_cycle_and_exist(rubric):
    ids = set(rubric.skill_map)
    for s in rubric.skills:
        assert set(s.prerequisites) <= ids - {s.id}
