"""The commented answers file: readable comments, and it loads back to exactly the same answers."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.schema.answers import Answers, load_answers
from assessor.schema.answers_yaml import dump_answers_yaml
from assessor.paths import PACKAGE_DIR


def round_trip(answers, rubric, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(dump_answers_yaml(answers, rubric), encoding="utf-8")
    return load_answers(path, rubric)


def test_sample_round_trips_with_comments(rubric, tmp_path):
    answers = load_answers(PACKAGE_DIR / "samples" / "career_changer.yaml", rubric)
    skill = rubric.skill("python") if "python" in rubric.skill_map else rubric.skills[0]
    check = rubric.checks_of(skill.id)[0] if rubric.checks_of(skill.id) else next(c for s in rubric.skills for c in rubric.checks_of(s.id))
    answers = answers.model_copy(update={
        "checks": {check.id: "a"}, "evidence": {skill.id: [skill.evidence[0].id]},
        "ratings": {**answers.ratings, skill.id: 2}})
    text = dump_answers_yaml(answers, rubric)
    assert round_trip(answers, rubric, tmp_path) == answers
    rating_line = next(line for line in text.splitlines() if line.strip().startswith(f"{skill.id}: 2"))
    assert skill.name in rating_line and skill.levels[2].title in rating_line
    assert check.question[:40] in text
    assert skill.evidence[0].text[:40] in text
    assert "assessor assess --answers" in text


def test_skipped_ratings_and_empty_sections(rubric, tmp_path):
    skill = rubric.skills[0].id
    answers = Answers(ratings={skill: None}, evidence={skill: []})
    text = dump_answers_yaml(answers, rubric)
    assert "skipped" in text and "checks: {}" in text
    assert round_trip(answers, rubric, tmp_path) == answers


tricky_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_valid_answers_load_back_equal(rubric, tmp_path, data):
    skills = rubric.skills
    chosen = data.draw(st.lists(st.sampled_from(skills), unique_by=lambda s: s.id, max_size=8))
    checks = [c for s in chosen for c in rubric.checks_of(s.id)]
    reflection = [q.id for q in rubric.reflection]
    name = data.draw(st.one_of(st.none(), tricky_text.map(str.strip)))
    answers = Answers(
        name=name or None,
        role=data.draw(st.sampled_from([None, *(r.id for r in rubric.roles)])),
        mode=data.draw(st.sampled_from(["quick", "full"])),
        assessed_on=data.draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)))),
        ratings={s.id: data.draw(st.sampled_from([None, 0, 1, 2, 3, 4])) for s in chosen},
        evidence={s.id: data.draw(st.lists(st.sampled_from([e.id for e in s.evidence]), unique=True))
                  for s in chosen[:3]},
        checks={c.id: data.draw(st.sampled_from("abcdef"[:len(c.options)])) for c in checks},
        hours_per_week=data.draw(st.floats(0.5, 80, allow_nan=False)),
        target_date=data.draw(st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2036, 1, 1)))),
        region=data.draw(st.sampled_from([g.id for g in rubric.meta.regions])),
        notes=data.draw(st.one_of(st.none(), tricky_text)),
        reflection={q: data.draw(st.sampled_from(["yes", "no", "unsure"]))
                    for q in data.draw(st.lists(st.sampled_from(reflection), unique=True))} if reflection else {},
    )
    assert round_trip(answers, rubric, tmp_path) == answers
