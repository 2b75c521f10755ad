"""The questionnaire as data: every question the assessment asks, built by pure functions.

Like copier and commitizen, questions are plain values (:class:`Question`, in ``model``) built from
the rubric, the answers given so far, and the previous run: ``setup_questions`` builds the questions
before the skills, ``skill_questions`` the ratings and the checks, and this module puts them in
order. A thin layer (``cli/prompts.py``) asks them and the flow (``flow.py``) decides which comes
next. Nothing here does I/O, so the whole questionnaire can be built and checked in tests without a
terminal.

The list is rebuilt after every answer because later questions depend on earlier ones: the role
decides which skills are asked, and in full mode the self-rating and evidence decide which
knowledge checks can still change the score.

Defaults (pressing Enter through everything must complete the questionnaire):

* an answer already given in this session (going back, resuming) wins;
* else the previous run's answer (a rerun takes a minute when little changed), shown as
  ``last time: 2``;
* else a neutral default that claims nothing: "I'm not sure" for the role, "skip / not sure" for a
  level (scored as 0 with low confidence, exactly what an unanswered skill means), nothing ticked
  for evidence, "I don't know" for a knowledge check, no target date, the usual 6 hours a week.
  A first-run default of level 1 or 2 would put a claim in the user's mouth and bias the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessor.questionnaire.model import (  # noqa: F401 - the questionnaire's public names
    BACK, CHECK, CLOUD, CLOUDS, EVIDENCE, HOURS, HOURS_CHOICES, MAX_PROMPTS, MIN_CHECKS, NAME,
    OTHER_DATE, RATE, REGION, ROLE, ROLE_STAGE, SECONDS_PER_PROMPT, SEED, TARGET, TARGET_MONTHS,
    TARGET_OTHER, Kind, Option, Question, Setup, WelcomeFacts, accepts, add_months, parse_name,
    parse_target_date,
)
from assessor.questionnaire.setup_questions import (  # noqa: F401
    chosen_role, cloud_question, hours_question, intro_questions, region_question, role_question,
    stage_question, target_questions,
)
from assessor.questionnaire.skill_questions import (  # noqa: F401
    check_items, check_question, evidence_question, option_order, previous_band, rating_question,
    shuffle_seed, skill_questions, verification_order, verification_questions,
)
from assessor.scoring.score import asked_skills


def build_questions(setup: Setup, answered: Mapping[str, Any]) -> list[Question]:
    """All questions, in order, given the answers so far (answers decide later questions)."""
    questions = intro_questions(setup, answered)
    role = chosen_role(setup, answered)
    questions += skill_questions(setup, role, answered, used=len(questions))
    return questions


# --- the welcome ---------------------------------------------------------------------------------

def welcome_facts(setup: Setup) -> WelcomeFacts:
    """How long each mode takes, counted from the questions themselves.

    Full mode asks only the knowledge checks at or below the level a person claims, so its length
    is a range: from everything skipped (checks up to level 1) to everything claimed at level 4.
    Without ``--role`` quick mode gives the most questions any choice asks, full mode the median.
    """
    r = setup.rubric
    role = setup.fixed_role
    candidates = [role] if role else [None, *(x.id for x in r.roles)]

    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    quick = max(_estimate(setup, c, "quick", None) for c in candidates)
    low = median(_estimate(setup, c, "full", None) for c in candidates)
    high = median(_estimate(setup, c, "full", 4) for c in candidates)
    return WelcomeFacts(
        skills=len(asked_skills(r, role)), quick_prompts=quick[0],
        full_prompts=(low[0], high[0]),
        quick_minutes=_minutes(quick[1]), full_minutes=(_minutes(low[1]), _minutes(high[1])),
        rerun=setup.previous is not None, role_name=r.role(role).name if role else None)


def _estimate(setup: Setup, role: str | None, mode: str, level: int | None) -> tuple[int, int]:
    """(prompts, seconds) when every skill is rated ``level``, evidence backs it and the checks
    are answered alternately right and "I don't know" (a long adaptive path)."""
    s = Setup(setup.rubric, mode, today=setup.today, fixed_role=setup.fixed_role)  # type: ignore[arg-type]
    answered: dict[str, Any] = {ROLE: role, **{RATE + skill: level for skill in asked_skills(setup.rubric, role)}}
    checks = setup.rubric.check_map
    for _ in range(200):
        questions = build_questions(s, answered)
        pending = [q for q in questions if q.key.startswith((EVIDENCE, CHECK)) and q.key not in answered]
        if not pending:
            break
        q = pending[0]
        if q.key.startswith(EVIDENCE):
            answered[q.key] = q.values
        else:
            n = sum(1 for k in answered if k.startswith(CHECK))
            answered[q.key] = checks[q.key[len(CHECK):]][1].answer if n % 2 else None
    return len(questions), sum(SECONDS_PER_PROMPT[q.kind_of_prompt] for q in questions)


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))
