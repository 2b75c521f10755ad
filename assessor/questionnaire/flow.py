"""The questionnaire's flow: which question comes next, going back, resuming, and the draft.

The flow knows nothing about terminals: it hands each :class:`~assessor.questionnaire.questions.Question` to a
:class:`Prompter` and gets a value back (or ``BACK``). The real prompter is ``prompts.py``;
tests script one. After every answer the draft is saved, so Ctrl-C, a crash or a killed process
loses at most the question on screen, and ``--resume`` continues at the next unanswered question.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Protocol

from assessor.schema.answers import Answers, check_answers
from assessor.questionnaire.questions import (
    BACK, CHECK, CLOUD, EVIDENCE, SEED, HOURS, NAME, OTHER_DATE, RATE, REGION, ROLE, TARGET, TARGET_OTHER,
    Question, Setup, accepts, build_questions, chosen_role,
)

DRAFT_VERSION = 1


class Prompter(Protocol):
    def ask(self, question: Question) -> Any:
        """The answer's value, or ``BACK``; raises KeyboardInterrupt when the user stops."""


def run_questionnaire(setup: Setup, prompter: Prompter, *, answered: Mapping[str, Any] | None = None,
                      save_draft: Callable[[dict], None] = lambda draft: None) -> Answers:
    """Ask until every question has an answer; start at the first unanswered one (resume)."""
    state: dict[str, Any] = dict(answered or {})
    if setup.fixed_role is not None:
        state[ROLE] = setup.fixed_role
    if not isinstance(state.get(SEED), int):  # a resumed draft keeps its shuffle
        state[SEED] = setup.seed if setup.seed is not None else secrets.randbelow(2**31)
    questions = build_questions(setup, state)
    i = first_unanswered(questions, state)
    first = True
    while i < len(questions):
        question = questions[i]
        if first:  # resuming mid-category: say which category this is
            question, first = with_context(questions, i), False
        value = prompter.ask(question)
        if value is BACK:
            i = max(i - 1, 0)
            continue
        state[question.key] = value
        save_draft(make_draft(setup, state))
        questions = build_questions(setup, state)
        i = _index(questions, question.key, state) + 1
    return build_answers(setup, questions, state)


def with_context(questions: list[Question], i: int) -> Question:
    """The question with the header of the category it belongs to, when it has none itself."""
    question = questions[i]
    if question.header or not question.progress:
        return question
    header = next((q.header for q in reversed(questions[:i]) if q.header), None)
    return replace(question, header=header)


def first_unanswered(questions: list[Question], answered: Mapping[str, Any]) -> int:
    for i, q in enumerate(questions):
        if q.key not in answered or not accepts(q, answered[q.key]):
            return i
    return len(questions)


def _index(questions: list[Question], key: str, answered) -> int:
    for i, q in enumerate(questions):
        if q.key == key:
            return i
    return first_unanswered(questions, answered) - 1


def build_answers(setup: Setup, questions: list[Question], answered: Mapping[str, Any]) -> Answers:
    """The answers file content from the questions actually asked (a changed role drops the rest)."""
    got = {q.key: answered[q.key] for q in questions if q.key in answered and accepts(q, answered[q.key])}
    target = got.get(TARGET)
    if target == OTHER_DATE:
        target = got.get(TARGET_OTHER)
    data: dict[str, Any] = {
        "name": got.get(NAME) or None,
        "role": chosen_role(setup, got),
        "mode": setup.mode,
        "region": got.get(REGION, setup.rubric.meta.regions[0].id),
        "cloud": got.get(CLOUD, "any"),
        "target_date": target,
        "ratings": {k[len(RATE):]: v for k, v in got.items() if k.startswith(RATE)},
        "evidence": {k[len(EVIDENCE):]: list(v) for k, v in got.items() if k.startswith(EVIDENCE)},
        "checks": {k[len(CHECK):]: v for k, v in got.items() if k.startswith(CHECK) and v is not None},
        "checks_skipped": [k[len(CHECK):] for k, v in got.items() if k.startswith(CHECK) and v is None],
        "shuffle_seed": answered.get(SEED) if isinstance(answered.get(SEED), int) else None,
    }
    if HOURS in got:
        data["hours_per_week"] = got[HOURS]
    answers = Answers.model_validate(data)
    problems = check_answers(answers, setup.rubric, "questionnaire")
    if problems:  # the prompts only offer valid values: this is a bug, not a user mistake
        raise RuntimeError("questionnaire produced invalid answers:\n" + "\n".join(p.line() for p in problems))
    return answers


# --- the draft ---------------------------------------------------------------------------------

def make_draft(setup: Setup, answered: Mapping[str, Any]) -> dict:
    """JSON-able: what a resume needs to rebuild the same questions with the same answers."""
    return {"version": DRAFT_VERSION, "mode": setup.mode, "fixed_role": setup.fixed_role,
            "answered": dict(answered)}


def read_draft(draft: Mapping[str, Any] | None) -> tuple[dict[str, Any], str | None, str | None]:
    """(answers, mode, fixed role) from a stored draft; anything unreadable counts as no draft."""
    if not isinstance(draft, Mapping) or draft.get("version") != DRAFT_VERSION:
        return {}, None, None
    answered = draft.get("answered")
    mode = draft.get("mode") if draft.get("mode") in ("quick", "full") else None
    role = draft.get("fixed_role") if isinstance(draft.get("fixed_role"), str) else None
    return (dict(answered) if isinstance(answered, Mapping) else {}), mode, role


def saved_run_of(draft: Mapping[str, Any] | None) -> int | None:
    """The run id a draft's answers were already saved as (Ctrl-C while the plan was written),
    so resuming writes that run's plan instead of saving the same answers again."""
    run = draft.get("saved_run") if isinstance(draft, Mapping) else None
    return run if isinstance(run, int) and not isinstance(run, bool) and run > 0 else None


def answered_count(draft: Mapping[str, Any] | None) -> int:
    return sum(1 for k in read_draft(draft)[0] if k != SEED)
