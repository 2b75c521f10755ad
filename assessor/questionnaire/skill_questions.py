"""The skill questions: a self-rating per skill, then (full mode) evidence and adaptive
knowledge checks for the claims that matter most, within the prompt budget."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assessor.questionnaire.model import (
    CHECK, EVIDENCE, MAX_PROMPTS, MIN_CHECKS, RATE, SEED, Option, Question, Setup, _last, _pick,
    _select, accepts,
)
from assessor.schema.answers import Answers
from assessor.schema.rubric import OPTION_LETTERS, Rubric, Skill
from assessor.scoring import bands
from assessor.scoring.calibration import band_posterior, claimed_level
from assessor.scoring.score import asked_skills


def skill_questions(setup: Setup, role: str | None, answered: Mapping[str, Any],
                    used: int = 0) -> list[Question]:
    """Ratings for every skill; in full mode then the claims worth verifying (evidence + checks).

    ``used`` is how many questions come before (setup): full mode keeps the total at or under
    ``MAX_PROMPTS`` by verifying only as many claims as fit.
    """
    r, prev = setup.rubric, setup.previous
    skills = [r.skill(s) for s in asked_skills(r, role)]
    categories = r.category_map
    out: list[Question] = []
    seen_category = None
    for number, skill in enumerate(skills, start=1):
        category = categories[skill.category]
        progress = f"{category.name} · skill {number} of {len(skills)}"
        header = None
        if skill.category != seen_category:
            seen_category = skill.category
            header = f"{category.name}: {category.description}"
        out.append(rating_question(skill, answered, prev, progress, header))
    if setup.mode == "full":
        out += verification_questions(setup, role, answered, MAX_PROMPTS - used - len(out))
    return out


def verification_order(rubric: Rubric, role: str | None, answered: Mapping[str, Any]) -> list[Skill]:
    """Claims worth verifying, most important first: the role's critical and important skills
    rated 1 or more (every core skill when the role is "not sure"), critical before important,
    higher claims (up to the required level) first."""
    weights = {"nice": 1, "important": 2, "critical": 3}
    if role is not None:
        reqs = {q.skill: (weights[q.weight], q.level) for q in rubric.role(role).requirements}
    else:
        reqs = {s: (2, 4) for s in asked_skills(rubric, None)}
    order = {s: i for i, s in enumerate(asked_skills(rubric, role))}
    chosen = []
    for skill_id, (weight, required) in reqs.items():
        rated = answered.get(RATE + skill_id)
        if weight >= 2 and isinstance(rated, int) and rated >= 1 and skill_id in order:
            chosen.append((-weight, -min(rated, required), order[skill_id], skill_id))
    return [rubric.skill(c[-1]) for c in sorted(chosen)]


def verification_questions(setup: Setup, role: str | None, answered: Mapping[str, Any],
                           budget: int) -> list[Question]:
    """Evidence, then adaptive knowledge checks, one verified claim after another, within budget.

    The questions after an unanswered one depend on its answer, so the list ends there; the flow
    rebuilds it after every answer (the adaptive path is replayed from the answers given).
    """
    r, prev = setup.rubric, setup.previous
    seed = shuffle_seed(setup, answered)
    out: list[Question] = []
    header = ("Checking your claims: evidence and a few short knowledge checks on the skills that "
              "matter most for the role (options are shuffled; \"I don't know\" is fine)")
    for skill in verification_order(r, role, answered):
        checks = r.checks_of(skill.id)
        left = budget - len(out)
        if left < 1 + min(MIN_CHECKS, len(checks)):
            continue
        rated = answered[RATE + skill.id]
        progress = f"Checking your claims · {skill.name} (rated {rated})"
        q = evidence_question(skill, answered, prev, progress)
        out.append(replace(q, header=header) if header else q)
        header = None
        ev_key = EVIDENCE + skill.id
        if ev_key not in answered or not accepts(q, answered[ev_key]):
            return out
        levels = {e.id: e.level for e in skill.evidence}
        ev_level = max((levels[e] for e in answered[ev_key] if e in levels), default=0)
        claimed = claimed_level(rated, True, ev_level)
        by_id = {c.id: c for c in checks}
        items = check_items(checks, prev, seed)
        max_checks = min(bands.MAX_CHECKS, left - 1)

        def answer(item, by_id=by_id):
            key = CHECK + item.id
            if key not in answered or answered[key] not in (*OPTION_LETTERS, None):
                return None
            return answered[key] == by_id[item.id].answer

        asked, _, finished = bands.run_adaptive(
            claimed, items, answer, start_band=previous_band(prev, r, skill), max_checks=max_checks)
        for k, item in enumerate(asked, start=1):
            out.append(check_question(by_id[item.id], skill, answered, prev,
                                      f"{progress} · check {k} (at most {max_checks})", seed=seed))
        if not finished:
            return out
    return out


def shuffle_seed(setup: Setup, answered: Mapping[str, Any]) -> int:
    value = answered.get(SEED)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return setup.seed or 0


def check_items(checks, prev: Answers | None, seed: int) -> list[bands.Item]:
    """The skill's checks as items, in preference order: unseen in the last run first, then a
    seeded shuffle (so ties between equally useful checks differ from run to run)."""
    seen = set(prev.checks) | set(prev.checks_skipped) if prev else set()
    order = sorted(checks, key=lambda c: (c.id in seen, random.Random(f"{seed}/{c.id}").random()))
    return [bands.Item(c.id, c.level, c.id in seen) for c in order]


def previous_band(prev: Answers | None, rubric: Rubric, skill: Skill) -> int | None:
    """The band the last run estimated for the skill (a rerun starts there), if it had checks."""
    if prev is None:
        return None
    own = {c.id: c for c in rubric.checks_of(skill.id)}
    responses = [(own[i].level, letter == own[i].answer) for i, letter in prev.checks.items() if i in own]
    responses += [(own[i].level, None) for i in prev.checks_skipped if i in own]
    if not responses:
        return None
    levels = {e.id: e.level for e in skill.evidence}
    ticked = prev.evidence.get(skill.id)
    claimed = claimed_level(prev.ratings.get(skill.id), ticked is not None,
                            max((levels[e] for e in ticked or [] if e in levels), default=0))
    return bands.estimate(band_posterior(claimed, responses))[0]


def option_order(check, seed: int) -> list[int]:
    """The order a check's options are shown in: a shuffle seeded by the run's seed and the id."""
    order = list(range(len(check.options)))
    random.Random(f"{seed}:{check.id}").shuffle(order)
    return order


def rating_question(skill: Skill, answered, prev: Answers | None, progress: str,
                    header: str | None) -> Question:
    options = [Option(f"{lv.level}  {lv.title}", lv.level, lv.descriptor, key=str(lv.level))
               for lv in skill.levels]
    options.append(Option("skip / not sure", None,
                          f"{skill.summary} (Skipping counts as level 0, marked low confidence.)",
                          key="s"))
    had = prev is not None and skill.id in prev.ratings
    last = prev.ratings[skill.id] if had else None
    return _select(RATE + skill.id, skill.name, options, answered, last,
                   last_time=_last("skipped" if last is None else last) if had else None,
                   header=header, progress=progress, kind_of_prompt="rate",
                   instruction="(0-4 or ↑↓, Enter)")


def evidence_question(skill: Skill, answered, prev: Answers | None, progress: str) -> Question:
    key = EVIDENCE + skill.id
    ids = [e.id for e in skill.evidence]
    had = prev is not None and skill.id in prev.evidence
    last = [e for e in prev.evidence[skill.id] if e in ids] if had else []
    default = _pick(answered, key, last,
                    lambda v: isinstance(v, list) and all(x in ids for x in v))
    return Question(
        key, "checkbox", f"{skill.name}: which of these have you done?",
        tuple(Option(e.text, e.id) for e in skill.evidence), default=list(default),
        last_time=_last(f"{len(last)} ticked") if had else None, progress=f"{progress} · evidence",
        instruction="(Space ticks, Enter confirms, ← goes back)", kind_of_prompt="evidence")


def check_question(check, skill: Skill, answered, prev: Answers | None, progress: str, *,
                   seed: int = 0) -> Question:
    """Options in a seeded shuffle, labelled a, b, c... as shown; each option's value is its letter
    in the rubric's written order, so the answer stored never depends on the display order."""
    shown = option_order(check, seed)
    options = [Option(f"{OPTION_LETTERS[pos]}) {check.options[i]}", OPTION_LETTERS[i],
                      key=OPTION_LETTERS[pos]) for pos, i in enumerate(shown)]
    options.append(Option("I don't know", None, key="?"))
    had = prev is not None and check.id in prev.checks
    last = prev.checks[check.id] if had else None
    return _select(CHECK + check.id, check.question, options, answered, last,
                   last_time=None, progress=progress,
                   kind_of_prompt="check",
                   instruction=f"(a-{OPTION_LETTERS[len(check.options) - 1]} or ↑↓, Enter)")
