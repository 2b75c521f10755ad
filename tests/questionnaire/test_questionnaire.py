"""The questionnaire flow with a scripted prompter: order, draft, back, skip, resume, reruns, modes."""

from __future__ import annotations

import functools

import json

import pytest

from assessor.schema.answers import Answers, check_answers
from assessor.scoring.score import asked_skills
from assessor.questionnaire.flow import make_draft, read_draft, run_questionnaire
from assessor.questionnaire.questions import (
    BACK, CHECK, CLOUD, EVIDENCE, HOURS, MAX_PROMPTS, NAME, OTHER_DATE, RATE, REGION, ROLE, ROLE_STAGE,
    SEED, TARGET, TARGET_OTHER, Setup,
)

from tests.conftest import TODAY


@functools.lru_cache(maxsize=None)
def stage_of(role: str) -> str:
    from assessor.paths import bundled
    from assessor.schema.loader import load_rubric

    return load_rubric(bundled("rubrics")).rubric.role(role).stage


class Script:
    """A prompter that answers from a plan and presses Enter (the default) for everything else.

    ``plan`` maps a question key to its answer; ``steps`` are answers used in order first (for
    back-and-forth sequences); ``stop_at`` presses Ctrl-C at the n-th question (1-based).
    """

    def __init__(self, plan=None, steps=None, stop_at=None):
        self.plan = dict(plan or {})
        self.steps = list(steps or [])
        self.stop_at = stop_at
        self.asked = []

    def ask(self, question):
        self.asked.append(question)
        if self.stop_at is not None and len(self.asked) == self.stop_at:
            raise KeyboardInterrupt
        if self.steps:
            return self.steps.pop(0)
        if question.key in self.plan:
            return self.plan[question.key]
        if question.key == ROLE_STAGE and self.plan.get(ROLE):  # the role's stage comes first
            return stage_of(self.plan[ROLE])
        if question.kind == "text":
            return question.parse(question.default) if question.parse else question.default
        return question.default

    @property
    def keys(self):
        return [q.key for q in self.asked]


class Drafts:
    def __init__(self):
        self.saved = []

    def __call__(self, draft):
        json.dumps(draft)  # the store keeps it as JSON
        self.saved.append(draft)

    @property
    def last(self):
        return self.saved[-1]


def setup_for(rubric, **kw):
    return Setup(rubric, today=TODAY, **kw)


def run(rubric, script, drafts=None, answered=None, **kw):
    return run_questionnaire(setup_for(rubric, **kw), script, answered=answered,
                             save_draft=drafts or (lambda d: None))


def test_enter_through_a_first_run_completes_with_neutral_answers(rubric):
    script = Script()
    answers = run(rubric, script)
    assert check_answers(answers, rubric) == []
    assert answers.role is None and answers.mode == "quick"
    assert answers.ratings == {s: None for s in asked_skills(rubric, None)}
    assert answers.evidence == {} and answers.checks == {}
    assert answers.hours_per_week == 6.0 and answers.target_date is None
    assert script.keys[:6] == [NAME, ROLE_STAGE, REGION, CLOUD, HOURS, TARGET]
    assert answers.cloud == "any"


@pytest.mark.parametrize("how", ["chosen", "fixed"])
def test_quick_mode_asks_at_most_37_prompts_for_every_role(rubric, how):
    for role in [None, *(r.id for r in rubric.roles)]:
        if how == "fixed" and role is None:
            continue
        script = Script({ROLE: role}) if how == "chosen" else Script()
        answers = run(rubric, script, fixed_role=role if how == "fixed" else None)
        assert len(script.asked) <= 37, f"{role}: {len(script.asked)} prompts"
        assert set(answers.ratings) == set(asked_skills(rubric, role))
        assert answers.role == role


def test_the_draft_is_saved_after_every_answer(rubric):
    drafts = Drafts()
    script = Script()
    run(rubric, script, drafts)
    assert len(drafts.saved) == len(script.asked)
    for n, draft in enumerate(drafts.saved, start=1):
        assert len({k: v for k, v in draft["answered"].items() if k != SEED}) == n
        assert isinstance(draft["answered"][SEED], int), "the shuffle seed is kept with the draft"
        assert draft["mode"] == "quick"


def test_ctrl_c_keeps_every_earlier_answer_and_resume_continues_at_the_next(rubric):
    core = asked_skills(rubric, None)
    plan = {NAME: "Ada", REGION: "uk", RATE + core[0]: 3, RATE + core[1]: None, RATE + core[2]: 1}
    drafts = Drafts()
    first = Script(plan, stop_at=10)
    with pytest.raises(KeyboardInterrupt):
        run(rubric, first, drafts)
    answered, mode, fixed = read_draft(drafts.last)
    assert len(answered) == 9 + 1 and mode == "quick" and fixed is None  # + the shuffle seed

    second = Script()
    answers = run(rubric, second, answered=answered)
    assert second.keys[0] == first.keys[9], "resume starts at the question that was on screen"
    assert len(first.asked) - 1 + len(second.asked) == 6 + len(core)
    assert answers.name == "Ada" and answers.region == "uk"
    assert answers.ratings[core[0]] == 3 and answers.ratings[core[1]] is None
    assert answers.ratings[core[2]] == 1


def test_resume_of_a_fixed_role_and_full_mode_draft(rubric):
    role = rubric.roles[0].id
    drafts = Drafts()
    with pytest.raises(KeyboardInterrupt):
        run(rubric, Script(stop_at=7), drafts, mode="full", fixed_role=role)
    answered, mode, fixed = read_draft(drafts.last)
    assert (mode, fixed) == ("full", role)
    script = Script()
    answers = run(rubric, script, answered=answered, mode=mode, fixed_role=fixed)
    assert ROLE not in script.keys and answers.role == role and answers.mode == "full"


def test_back_returns_to_the_previous_question_with_its_answer_as_default(rubric):
    core = asked_skills(rubric, None)
    # name, role, region, hours, target, rate core0 = 2, then back, then core0 again -> 3
    script = Script(steps=["Ada", None, "us", "any", 6.0, None, 2, BACK, 3])
    answers = run(rubric, script)
    assert script.keys[6:9] == [RATE + core[0], RATE + core[1], RATE + core[0]]
    assert script.asked[8].default == 2, "going back shows the answer given"
    assert answers.ratings[core[0]] == 3


def test_back_twice_and_forward_again_keeps_later_answers_as_defaults(rubric):
    core = asked_skills(rubric, None)
    script = Script(steps=["Ada", None, "us", "any", 6.0, None, 1, 2, BACK, BACK])
    answers = run(rubric, script)
    assert script.keys[6:12] == [RATE + core[0], RATE + core[1], RATE + core[2],
                                 RATE + core[1], RATE + core[0], RATE + core[1]]
    assert script.asked[10].default == 1 and script.asked[11].default == 2
    assert answers.ratings[core[0]] == 1 and answers.ratings[core[1]] == 2


def test_back_on_the_first_question_stays_there(rubric):
    script = Script(steps=[BACK, "Ada"])
    answers = run(rubric, script)
    assert script.keys[:3] == [NAME, NAME, ROLE_STAGE] and answers.name == "Ada"


def test_going_back_and_changing_the_role_asks_the_new_roles_skills(rubric):
    a, b = rubric.roles[0].id, rubric.roles[-1].id
    first_a = asked_skills(rubric, a)[0]
    script = Script(steps=["Ada", stage_of(a), a, "us", "any", 6.0, None, 2,
                           BACK, BACK, BACK, BACK, BACK, BACK, BACK, stage_of(b), b])
    answers = run(rubric, script)
    assert answers.role == b
    assert set(answers.ratings) == set(asked_skills(rubric, b))
    if first_a in answers.ratings:  # a skill both roles share keeps its answer
        assert answers.ratings[first_a] == 2


def test_skip_records_not_sure(rubric):
    core = asked_skills(rubric, None)
    answers = run(rubric, Script({RATE + core[0]: None, RATE + core[1]: 0}))
    assert core[0] in answers.ratings and answers.ratings[core[0]] is None
    assert answers.ratings[core[1]] == 0


def test_another_date_and_back_from_it(rubric):
    script = Script(steps=["Ada", None, "us", "any", 6.0, OTHER_DATE, BACK, OTHER_DATE, "2027-08-01"])
    answers = run(rubric, script)
    assert script.keys[5:9] == [TARGET, TARGET_OTHER, TARGET, TARGET_OTHER]
    assert answers.target_date.isoformat() == "2027-08-01"


def test_rerun_defaults_reproduce_last_runs_answers(rubric):
    role = rubric.roles[2].id
    skills = asked_skills(rubric, role)
    plan = {NAME: "Ada", ROLE: role, REGION: "india", HOURS: 10.0, TARGET: OTHER_DATE,
            TARGET_OTHER: "2027-12-24", **{RATE + s: [None, 0, 1, 2, 3, 4][i % 6] for i, s in enumerate(skills)}}
    first = run(rubric, Script(plan))
    script = Script()  # Enter everywhere
    second = run(rubric, script, previous=first)
    assert second.model_copy(update={"shuffle_seed": None}) == first.model_copy(update={"shuffle_seed": None})
    rated = [q for q in script.asked if q.key.startswith(RATE)]
    assert all(q.last_time and q.last_time.startswith("last time: ") for q in rated)


def test_full_mode_asks_evidence_and_checks_and_records_them(rubric):
    role = rubric.roles[1].id
    skills = asked_skills(rubric, role)

    class Answerer(Script):  # every claim 3, no evidence, checks alternately right / "I don't know"
        n = 0

        def ask(self, question):
            if question.key.startswith(RATE):
                self.asked.append(question)
                return 3
            if question.key.startswith(CHECK):
                self.asked.append(question)
                self.n += 1
                return rubric.check_map[question.key[len(CHECK):]][1].answer if self.n % 2 else None
            return super().ask(question)

    script = Answerer()
    answers = run(rubric, script, mode="full", fixed_role=role)
    assert answers.mode == "full" and isinstance(answers.shuffle_seed, int)
    assert answers.evidence and set(answers.evidence) < set(skills), "only verified claims"
    assert answers.checks and answers.checks_skipped, "right answers and I-don't-knows both kept"
    assert not set(answers.checks) & set(answers.checks_skipped)
    for cid, letter in answers.checks.items():
        assert letter == rubric.check_map[cid][1].answer, "written-order letter of the chosen option"
    assert check_answers(answers, rubric) == []
    kinds = {q.kind_of_prompt for q in script.asked}
    assert kinds == {"other", "rate", "evidence", "check"}
    assert len(script.asked) <= MAX_PROMPTS


def test_quick_mode_asks_no_evidence_or_checks(rubric):
    script = Script()
    run(rubric, script, mode="quick")
    assert not [q for q in script.asked if q.key.startswith((EVIDENCE, CHECK))]


def test_full_mode_is_longer_but_skips_checks_above_the_claimed_level(rubric):
    role = rubric.roles[0].id
    low, high = Script(), Script({RATE + s: 4 for s in asked_skills(rubric, role)})
    run(rubric, low, mode="full", fixed_role=role)
    run(rubric, high, mode="full", fixed_role=role)
    checks_low = [q for q in low.asked if q.key.startswith(CHECK)]
    checks_high = [q for q in high.asked if q.key.startswith(CHECK)]
    assert len(checks_low) < len(checks_high)
    for q in checks_low:
        assert rubric.check_map[q.key[len(CHECK):]][1].level <= 1


def test_a_stale_draft_is_cleaned_up_not_trusted(rubric):
    core = asked_skills(rubric, None)
    answered = {NAME: "Ada", ROLE: "no_such_role", REGION: "atlantis", "rate:gone_skill": 3,
                RATE + core[0]: 9, RATE + core[1]: 2}
    script = Script()
    answers = run(rubric, script, answered=answered)
    assert script.keys[0] == ROLE_STAGE, "the first question whose stored answer is not valid"
    assert answers.role is None and answers.region == "us"
    assert answers.ratings[core[1]] == 2 and answers.ratings[core[0]] is None
    assert "gone_skill" not in answers.ratings


def test_draft_round_trip(rubric):
    setup = setup_for(rubric, mode="full", fixed_role=rubric.roles[0].id)
    draft = make_draft(setup, {NAME: "Ada", HOURS: 4.0})
    assert read_draft(json.loads(json.dumps(draft))) == ({NAME: "Ada", HOURS: 4.0}, "full",
                                                        rubric.roles[0].id)
    assert read_draft(None) == ({}, None, None)
    assert read_draft({"version": 99, "answered": {NAME: "x"}}) == ({}, None, None)
    assert read_draft({"version": 1, "answered": "nonsense", "mode": "slow"}) == ({}, None, None)


def test_resume_with_everything_answered_asks_nothing(rubric):
    drafts = Drafts()
    first = run(rubric, Script(), drafts)
    script = Script()
    again = run(rubric, script, answered=read_draft(drafts.last)[0])
    assert script.asked == [] and again == first


def test_answers_are_an_answers_model(rubric):
    assert isinstance(run(rubric, Script()), Answers)
