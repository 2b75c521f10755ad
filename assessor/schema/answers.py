"""The answers file: what a user said about themselves, in one strict, versioned format.

The questionnaire produces it, ``--answers FILE`` reads it, the history stores it, and all three
go through :func:`check_answers`, so a hand-edited file is held to the same rules as the prompts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from assessor.errors import InvalidFilesError, Problem, short
from assessor.schema.rubric import OPTION_LETTERS, Id, LevelNumber, OptionLetter, Rubric, Strict
from assessor.schema.validation import dotted, read_document, validate_document

ANSWERS_SCHEMA_VERSION = 1
DEFAULT_HOURS_PER_WEEK = 6.0
MIN_HOURS_PER_WEEK = 0.5
EARLIEST_DAY, LATEST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
Name = Annotated[str, StringConstraints(max_length=120, strip_whitespace=True)]
Note = Annotated[str, StringConstraints(max_length=4000)]


class Answers(Strict):
    schema_version: Literal[1] = ANSWERS_SCHEMA_VERSION
    name: Name | None = None
    role: Id | None = Field(default=None, description='Target role id; null means "not sure".')
    mode: Literal["quick", "full"] = "quick"
    assessed_on: dt.date | None = Field(
        default=None, ge=EARLIEST_DAY, le=LATEST_DAY,
        description="Defaults to today; a date from 2000-01-01 to 2100-12-31 (the plan's weeks are "
        "dated from it).")
    ratings: dict[Id, LevelNumber | None] = Field(
        default_factory=dict, description="Self-rating 0-4 per skill id; null = skipped / not sure.")
    evidence: dict[Id, list[Id]] = Field(
        default_factory=dict, description="Evidence statement ids ticked, per skill id.")
    checks: dict[Id, OptionLetter] = Field(
        default_factory=dict, description="Chosen option letter per knowledge-check id, in the "
        "rubric's written order (a = first option written), whatever order the options were shown in.")
    checks_skipped: list[Id] = Field(
        default_factory=list, description='Knowledge checks shown and answered "I don\'t know" '
        "(they count as wrong).")
    shuffle_seed: int | None = Field(
        default=None, ge=0, description="Seed of the option shuffle: with it a check is shown in "
        "the same order again, so a saved answer can be reproduced.")
    hours_per_week: Annotated[float, Field(
        ge=MIN_HOURS_PER_WEEK, le=80, description="0.5-80: below half an hour a week a plan "
        "spans lifetimes (the questionnaire offers 1-30).")] = DEFAULT_HOURS_PER_WEEK
    target_date: dt.date | None = None
    region: Id = "us"
    cloud: Literal["aws", "azure", "gcp", "any"] = Field(
        default="any", description="The cloud you work in; certification advice keeps to it (any = all).")
    notes: Note | None = None
    reflection: dict[Id, Literal["yes", "no", "unsure"]] = Field(default_factory=dict)


FIX = ("Fix the answers file (every field is described by `assessor rubrics schema`), "
       "or run `assessor assess` on a terminal to answer the questions interactively.")


def load_answers(path: Path, rubric: Rubric) -> Answers:
    problems: list[Problem] = []
    data = read_document(path, problems, allow_json=True)
    answers = None if problems else validate_document(Answers, str(path), data, problems)
    if answers is not None:
        problems.extend(check_answers(answers, rubric, str(path), data))
    if problems:
        raise InvalidFilesError("The answers file is not valid", problems, FIX)
    return answers


def check_answers(answers: Answers, rubric: Rubric, file: str = "answers",
                  data: Any = None) -> list[Problem]:
    """Every way the answers can disagree with the rubric they are scored against."""
    out: list[Problem] = []

    def add(loc, found, expected):
        out.append(Problem(file, dotted(tuple(loc), data), short(found), expected))

    skills, roles = rubric.skill_map, rubric.role_map
    if answers.role is not None and answers.role not in roles:
        add(["role"], answers.role, f"a role id from `assessor roles`, e.g. {', '.join(list(roles)[:4])}")
    regions = [r.id for r in rubric.meta.regions]
    if answers.region not in regions and "region" not in answers.model_fields_set:
        out.append(Problem(file, "region", f"no region, so the default {answers.region!r}, which this "
                           "rubric does not have", f"a line `region: ID` with one of {', '.join(regions)}"))
    elif answers.region not in regions:
        add(["region"], answers.region, f"one of {', '.join(regions)}")
    for skill_id in answers.ratings:
        if skill_id not in skills:
            add(["ratings", skill_id], skill_id, "a skill id from `assessor skills`")
    for skill_id, ticked in answers.evidence.items():
        if skill_id not in skills:
            add(["evidence", skill_id], skill_id, "a skill id from `assessor skills`")
            continue
        own = {e.id for e in skills[skill_id].evidence}
        for k, ev in enumerate(ticked):
            if ev not in own:
                add(["evidence", skill_id, k], ev, f"an evidence id of {skill_id}: {', '.join(sorted(own))}")
    checks = rubric.check_map
    for check_id, letter in answers.checks.items():
        if check_id not in checks:
            add(["checks", check_id], check_id, "a knowledge-check id of the rubric")
        elif OPTION_LETTERS.index(letter) >= len(checks[check_id][1].options):
            n = len(checks[check_id][1].options)
            add(["checks", check_id], letter, f"an option letter a-{OPTION_LETTERS[n - 1]}")
    for k, check_id in enumerate(answers.checks_skipped):
        if check_id not in checks:
            add(["checks_skipped", k], check_id, "a knowledge-check id of the rubric")
        elif check_id in answers.checks:
            add(["checks_skipped", k], check_id, "a check not also answered under checks")
    reflection = {q.id for q in rubric.reflection}
    for qid in answers.reflection:
        if qid not in reflection:
            add(["reflection", qid], qid, "a reflection question id of the rubric")
    return out
