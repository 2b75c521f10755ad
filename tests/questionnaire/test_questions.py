"""Question building: pure functions over the real bundled rubric, no terminal involved."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.schema.answers import Answers
from assessor.scoring.score import asked_skills
from assessor.questionnaire.questions import (
    BACK, CHECK, CLOUD, EVIDENCE, HOURS, NAME, OTHER_DATE, RATE, REGION, ROLE, ROLE_STAGE, TARGET, TARGET_OTHER,
    MAX_PROMPTS, Setup, accepts, add_months, build_questions, check_question, parse_target_date, welcome_facts,
)

from tests.conftest import TODAY


def setup_for(rubric, **kw) -> Setup:
    return Setup(rubric, today=TODAY, **kw)


def by_key(questions):
    return {q.key: q for q in questions}


def test_first_questions_are_about_the_person_then_the_common_core(rubric):
    questions = build_questions(setup_for(rubric), {})
    keys = [q.key for q in questions]
    assert keys[:6] == [NAME, ROLE_STAGE, REGION, CLOUD, HOURS, TARGET]
    assert keys[6:] == [RATE + s for s in asked_skills(rubric, None)]
    assert len({q.key for q in questions}) == len(questions)


def test_role_question_offers_every_role_with_focus_and_seniority_and_not_sure(rubric):
    stage_q = by_key(build_questions(setup_for(rubric), {}))[ROLE_STAGE]
    assert stage_q.default is None  # first run: the neutral choice
    assert ROLE not in by_key(build_questions(setup_for(rubric), {ROLE_STAGE: None}))
    seen = set()
    for stage in [o.value for o in stage_q.options if isinstance(o.value, str)]:
        role_q = by_key(build_questions(setup_for(rubric), {ROLE_STAGE: stage}))[ROLE]
        assert role_q.kind == "select"
        by_value = {o.value: o for o in role_q.options}
        for role in (r for r in rubric.roles if r.stage == stage):
            option = by_value[role.id]
            assert role.name in option.title and role.seniority in option.title
            assert role.focus in option.description
            seen.add(role.id)
        assert by_value[None].title == "I'm not sure"
        assert role_q.options[-1].value is BACK
    assert seen == {r.id for r in rubric.roles}  # every role is reachable through its stage


def test_fixed_role_skips_the_role_question_and_asks_its_skills(rubric):
    role = rubric.roles[3].id
    questions = build_questions(setup_for(rubric, fixed_role=role), {})
    keys = [q.key for q in questions]
    assert ROLE not in keys
    assert [k[len(RATE):] for k in keys if k.startswith(RATE)] == asked_skills(rubric, role)


def test_choosing_a_role_switches_the_skills(rubric):
    role = rubric.roles[0].id
    questions = build_questions(setup_for(rubric), {ROLE: role})
    assert [q.key[len(RATE):] for q in questions if q.key.startswith(RATE)] == asked_skills(rubric, role)


def test_level_question_lists_five_anchors_then_skip_then_back(rubric):
    skill = rubric.skill(asked_skills(rubric, None)[0])
    q = by_key(build_questions(setup_for(rubric), {}))[RATE + skill.id]
    assert [o.value for o in q.options] == [0, 1, 2, 3, 4, None, BACK]
    for option, level in zip(q.options, skill.levels):
        assert level.title in option.title
        assert option.description == level.descriptor
        assert option.key == str(level.level)
    assert "not sure" in q.options[5].title
    assert q.default is None, "first run: skip, which claims nothing"
    assert q.last_time is None


def test_progress_line_and_one_header_per_category(rubric):
    ratings = [q for q in build_questions(setup_for(rubric), {}) if q.key.startswith(RATE)]
    names = {c.id: c.name for c in rubric.categories}
    for n, q in enumerate(ratings, start=1):
        skill = rubric.skill(q.key[len(RATE):])
        assert q.progress == f"{names[skill.category]} · skill {n} of {len(ratings)}"
    headers = [q.header for q in ratings if q.header]
    assert len(headers) == len({rubric.skill(q.key[len(RATE):]).category for q in ratings})
    assert all(h.split(":")[0] in names.values() for h in headers)


def test_rerun_defaults_are_last_answers_and_say_so(rubric):
    core = asked_skills(rubric, None)
    previous = Answers(name="Ada", role=None, region="uk", hours_per_week=10,
                       ratings={core[0]: 2, core[1]: None},
                       target_date=add_months(TODAY, 7))
    questions = by_key(build_questions(setup_for(rubric, previous=previous, login_name="x"), {}))
    assert questions[NAME].default == "Ada"
    assert questions[REGION].default == "uk"
    assert questions[HOURS].default == 10.0
    assert questions[TARGET].default == add_months(TODAY, 7).isoformat()
    assert questions[RATE + core[0]].default == 2
    assert questions[RATE + core[0]].last_time == "last time: 2"
    assert questions[RATE + core[1]].last_time == "last time: skipped"
    assert questions[RATE + core[2]].last_time is None and questions[RATE + core[2]].default is None


def test_answers_given_in_this_session_win_over_last_time(rubric):
    core = asked_skills(rubric, None)
    previous = Answers(ratings={core[0]: 2})
    q = by_key(build_questions(setup_for(rubric, previous=previous), {RATE + core[0]: 4}))[RATE + core[0]]
    assert q.default == 4 and q.last_time == "last time: 2"


def test_first_run_neutral_defaults(rubric):
    questions = by_key(build_questions(setup_for(rubric, login_name="ada"), {}))
    assert questions[NAME].default == "ada"
    assert questions[REGION].default == "us"
    assert questions[HOURS].default == 6.0
    assert questions[TARGET].default is None


def test_region_hint_is_used_only_when_the_rubric_has_it(rubric):
    assert by_key(build_questions(setup_for(rubric, region_hint="india"), {}))[REGION].default == "india"
    assert by_key(build_questions(setup_for(rubric, region_hint="mars"), {}))[REGION].default == "us"


def test_another_date_adds_a_text_question_that_checks_the_date(rubric):
    questions = by_key(build_questions(setup_for(rubric), {TARGET: OTHER_DATE}))
    q = questions[TARGET_OTHER]
    assert q.kind == "text"
    assert q.parse("2027-06-30") == "2027-06-30"
    assert q.parse("") is BACK
    with pytest.raises(ValueError):
        q.parse("30/06/2027")


@pytest.mark.parametrize("text, ok", [("2027-01-01", True), ("2026-11-23", False),
                                      ("2026-01-01", False), ("2040-01-01", False),
                                      ("tomorrow", False)])
def test_target_dates_must_be_in_the_future_and_within_ten_years(text, ok):
    if ok:
        assert parse_target_date(text, TODAY) == text
    else:
        with pytest.raises(ValueError):
            parse_target_date(text, TODAY)


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)), (dt.date(2026, 11, 23), 3, dt.date(2027, 2, 23)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)), (dt.date(2026, 12, 5), 18, dt.date(2028, 6, 5))])
def test_add_months_clamps_the_day(day, months, expected):
    assert add_months(day, months) == expected


# --- full mode ---------------------------------------------------------------------------------

def test_full_mode_rates_every_skill_first_then_verifies_claims(rubric):
    role = "ml_engineer" if "ml_engineer" in rubric.role_map else rubric.roles[0].id
    setup = setup_for(rubric, mode="full", fixed_role=role)
    skills = asked_skills(rubric, role)
    keys = [q.key for q in build_questions(setup, {})]
    assert not any(k.startswith((EVIDENCE, CHECK)) for k in keys), "nothing claimed: nothing to verify"
    answered = {RATE + s: 3 for s in skills}
    questions = build_questions(setup, answered)
    keys = [q.key for q in questions]
    last_rate = max(i for i, k in enumerate(keys) if k.startswith(RATE))
    first = keys[last_rate + 1]
    assert first.startswith(EVIDENCE) and keys[-1] == first, "the list stops at the unanswered question"
    assert questions[last_rate + 1].header.startswith("Checking your claims")


def test_evidence_then_checks_start_at_the_claimed_band(rubric):
    role = "ml_engineer" if "ml_engineer" in rubric.role_map else rubric.roles[0].id
    setup = setup_for(rubric, mode="full", fixed_role=role)
    answered = {RATE + s: 2 for s in asked_skills(rubric, role)}
    ev = build_questions(setup, answered)[-1]
    answered[ev.key] = []
    skill = rubric.skill(ev.key[len(EVIDENCE):])
    check_q = build_questions(setup, answered)[-1]
    assert check_q.key.startswith(CHECK)
    check = rubric.check_map[check_q.key[len(CHECK):]][1]
    bands_there = {c.level for c in rubric.checks_of(skill.id)}
    want = min(bands_there, key=lambda b: abs(b - 1))  # rated 2, no evidence: claimed level 1
    assert check.level == want


def test_knowledge_checks_are_shuffled_by_the_seed_and_store_written_letters(rubric):
    skill = next(s for s in rubric.skills if len(rubric.checks_of(s.id)) >= 1)
    orders = set()
    for check in rubric.checks[:40]:
        sk = rubric.skill(check.skill)
        for seed in (1, 2, 3):
            q = check_question(check, sk, {}, None, "p", seed=seed)
            n = len(check.options)
            assert [o.key for o in q.options[:n]] == list("abcdef"[:n]), "labels a, b, c as shown"
            assert sorted(o.value for o in q.options[:n]) == list("abcdef"[:n])
            for o in q.options[:n]:  # the title shows the option whose written letter is the value
                assert o.title.endswith(check.options["abcdef".index(o.value)])
            assert q.options[n].value is None  # "I don't know"
            assert q.default is None, "first-run default must not be an option (no hint)"
            assert all(o.description is None for o in q.options[:-1])
            orders.add(tuple(o.value for o in q.options[:n]))
            assert check_question(check, sk, {}, None, "p", seed=seed) == q, "same seed, same order"
    assert len(orders) > 3, "orders differ between checks and seeds"
    assert skill


def test_a_knowledge_check_looks_the_same_whatever_its_right_answer(rubric):
    for skill in rubric.skills:
        for check in rubric.checks_of(skill.id):
            asked = check_question(check, skill, {}, None, "p")
            for letter in "abcdef"[:len(check.options)]:
                other = check.model_copy(update={"answer": letter})
                assert check_question(other, skill, {}, None, "p") == asked


def test_evidence_is_a_checkbox_of_the_skill_statements(rubric):
    answered = {RATE + s: 2 for s in asked_skills(rubric, None)}
    q = build_questions(setup_for(rubric, mode="full"), answered)[-1]
    skill = rubric.skill(q.key[len(EVIDENCE):])
    assert q.kind == "checkbox"
    assert [o.value for o in q.options] == [e.id for e in skill.evidence]
    assert q.default == []


# --- properties --------------------------------------------------------------------------------

def all_setups(rubric):
    roles = [None, *(r.id for r in rubric.roles)]
    return [(role, mode) for role in roles for mode in ("quick", "full")]


def test_every_default_is_an_acceptable_answer_and_json_able(rubric):
    for role, mode in all_setups(rubric):
        for q in build_questions(setup_for(rubric, mode=mode, fixed_role=role), {}):
            assert q.kind == "text" or accepts(q, q.default), q.key
            json.dumps(q.default)


@pytest.mark.parametrize("role", [None, "first", "last"])
def test_quick_mode_asks_at_most_37_questions(rubric, role):
    roles = {"first": rubric.roles[0].id, "last": rubric.roles[-1].id, None: None}
    for r in [None, *(x.id for x in rubric.roles)] if role is None else [roles[role]]:
        n = len(build_questions(setup_for(rubric), {ROLE: r}))
        assert n <= 37, f"{r}: {n} prompts"


def test_welcome_facts_count_the_questions(rubric):
    facts = welcome_facts(setup_for(rubric))
    assert facts.quick_prompts <= 37
    low, high = facts.full_prompts
    assert low < high <= MAX_PROMPTS
    assert facts.quick_minutes <= 8
    fixed = welcome_facts(setup_for(rubric, fixed_role=rubric.roles[0].id))
    assert fixed.role_name == rubric.roles[0].name
    assert fixed.skills == len(asked_skills(rubric, rubric.roles[0].id))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_so_far_give_unique_keys_and_valid_defaults(rubric, data):
    role = data.draw(st.sampled_from([None, *(r.id for r in rubric.roles)]))
    mode = data.draw(st.sampled_from(["quick", "full"]))
    skills = asked_skills(rubric, role)
    answered = {ROLE: role}
    for skill_id in data.draw(st.lists(st.sampled_from(skills), unique=True, max_size=10)):
        answered[RATE + skill_id] = data.draw(st.sampled_from([None, 0, 1, 2, 3, 4]))
        evidence = [e.id for e in rubric.skill(skill_id).evidence]
        answered[EVIDENCE + skill_id] = data.draw(st.lists(st.sampled_from(evidence), unique=True))
    questions = build_questions(setup_for(rubric, mode=mode), answered)
    assert len({q.key for q in questions}) == len(questions)
    for q in questions:
        assert q.kind == "text" or accepts(q, q.default)
        if q.key in answered and q.kind != "text":
            assert q.default == answered[q.key]
