"""The rubric file formats: the single source of truth for what a rubric directory may hold.

Every model is strict (unknown keys are errors) so that a typo in a hand-written rubric is
reported instead of silently ignored. Checks that span several files (a role naming a skill
that does not exist) live on :class:`Rubric`, the combined model, and report every problem at
once through :class:`CrossReferenceErrors` so the loader can name the file each one is in.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from assessor.schema.base import (
    OPTION_LETTERS,
    Id,
    LevelNumber,
    OptionLetter,
    Seniority,
    ShortText,
    StepLevel,
    Strict,
    Text,
    WEIGHT_VALUES,
    Weight,
)
from assessor.schema.career import (  # noqa: F401 - part of the rubric format
    CareerFile,
    CareerStage,
    Certification,
    Coverage,
    GrowthFigure,
    PayPremium,
    SalaryFigure,
)
from assessor.schema.crossref import CrossReferenceErrors, CrossReferenceProblem, cross_reference_problems


class Source(Strict):
    """A document the rubric content is derived from; items cite it by ``id`` (its file name)."""

    id: Text
    title: Text
    kind: Literal["guide", "reference"]
    url: str | None = None
    summary: Text | None = None


class Region(Strict):
    id: Id
    name: ShortText
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)]


class RubricMeta(Strict):
    """``rubric.yaml``: identity and version of the rubric, so stored runs know what scored them."""

    name: Text
    version: Text
    description: Text
    regions: list[Region] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class Category(Strict):
    id: Id
    name: ShortText
    description: Text
    technical: bool = Field(description="Technical categories require knowledge checks.")


class Level(Strict):
    """One behavioural anchor: what a person at this level can do and has done."""

    level: LevelNumber
    title: ShortText = Field(description="Short label shown in the prompt's choice list.")
    descriptor: Text = Field(description="Observable behaviour; shown as the choice description.")


class Evidence(Strict):
    id: Id
    text: Text = Field(description='First-person statement, e.g. "I have deployed a model ...".')
    level: StepLevel = Field(description="The level this evidence demonstrates.")


Band = Literal["recognise", "apply", "decide"]
BAND_LEVEL: dict[str, int] = {"recognise": 1, "apply": 2, "decide": 3}
"""The lowest level a band verifies: checks confirm a band; self-rating and evidence place the level."""


class KnowledgeCheck(Strict):
    """One multiple-choice item. Options are written in any order and shuffled when asked."""

    id: Id
    skill: Id = Field(description="The skill this check verifies.")
    band: Band = Field(description="recognise (level 1), apply (level 2) or decide (levels 3-4).")
    question: Text
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: OptionLetter = Field(description="Letter of the key in the order written (a = first).")
    explanation: Text = Field(description="Why the key is the best answer.")
    distractors: dict[OptionLetter, Text] = Field(
        default_factory=dict, description="Why each wrong option is not the best answer.")
    source: Text | None = None

    @model_validator(mode="after")
    def _answer_names_an_option(self) -> KnowledgeCheck:
        if OPTION_LETTERS.index(self.answer) >= len(self.options):
            raise ValueError(
                f"answer {self.answer!r} names no option: there are {len(self.options)} options "
                f"(a-{OPTION_LETTERS[len(self.options) - 1]})"
            )
        if len({o.casefold() for o in self.options}) != len(self.options):
            raise ValueError("options must be distinct, or two of them could be 'correct'")
        bad = [k for k in self.distractors if k == self.answer or OPTION_LETTERS.index(k) >= len(self.options)]
        if bad:
            raise ValueError(f"distractors {bad} must name wrong options only")
        return self

    @property
    def level(self) -> int:
        return BAND_LEVEL[self.band]


ResourceKind = Literal["docs", "course", "book", "tutorial", "guide", "paper", "video", "exam_guide"]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$", max_length=500)]


class Resource(Strict):
    """A named place to learn a step: official docs, a vendor path, a well-known course or book."""

    title: ShortText
    url: HttpsUrl
    kind: ResourceKind
    free: bool


class LearningStep(Strict):
    """How to get from ``to_level - 1`` to ``to_level`` in one skill."""

    to_level: StepLevel
    actions: list[Text] = Field(min_length=1, max_length=6)
    project: Text | None = None
    hours: Annotated[int, Field(ge=1, le=400)]
    resources: list[Resource] = Field(default_factory=list, max_length=3)


class Skill(Strict):
    id: Id
    name: ShortText
    category: Id
    summary: Text = Field(description="One line: why the skill matters in AI work.")
    levels: list[Level] = Field(min_length=5, max_length=5)
    evidence: list[Evidence] = Field(min_length=2, max_length=4)
    prerequisites: list[Id] = Field(default_factory=list)
    learning: list[LearningStep] = Field(min_length=4, max_length=4)
    sources: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_and_steps_complete(self) -> Skill:
        if [lv.level for lv in self.levels] != [0, 1, 2, 3, 4]:
            raise ValueError("levels must be exactly 0, 1, 2, 3, 4 in that order, one each")
        descriptors = [lv.descriptor.casefold() for lv in self.levels]
        if len(set(descriptors)) != 5:
            raise ValueError("each level needs its own descriptor; two levels share one")
        if sorted(step.to_level for step in self.learning) != [1, 2, 3, 4]:
            raise ValueError("learning must hold one step for each to_level 1, 2, 3 and 4")
        return self

    def step_to(self, level: int) -> LearningStep:
        return next(step for step in self.learning if step.to_level == level)


class Requirement(Strict):
    skill: Id
    level: StepLevel
    weight: Weight
    why: Text | None = Field(default=None, description="Why this skill matters for this role.")


class Role(Strict):
    id: Id
    name: ShortText
    seniority: Seniority
    experience: ShortText = Field(
        description='Experience level as the guides state it, e.g. "Mid to Senior"; says "years not '
                    'stated" where no guide gives years for the title.')
    years_min: Annotated[int, Field(ge=0, le=40)] | None = Field(
        default=None, description="Years of experience as a guide states them; left out (not stated) otherwise.")
    years_max: Annotated[int, Field(ge=0, le=40)] | None = None
    years_source: Text | None = Field(
        default=None, description="The guide that states years_min/years_max for this title.")
    ladder_rank: Annotated[int, Field(ge=1, le=9)] = Field(
        description="Position on the career ladder (1 = entry); higher roles rank first in role fit."
    )
    stage: Id = Field(description="The career-ladder stage this role sits at.")
    focus: ShortText
    summary: Text
    requirements: list[Requirement] = Field(min_length=5, max_length=35)
    next_roles: list[Id] = Field(default_factory=list)
    sources: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_requirement_per_skill(self) -> Role:
        repeated = [s for s, n in Counter(r.skill for r in self.requirements).items() if n > 1]
        if repeated:
            raise ValueError(f"skills required more than once: {', '.join(repeated)}")
        if self.years_min is None:
            if self.years_max is not None or self.years_source is not None:
                raise ValueError("years_max and years_source need years_min (leave all three out if no guide states years)")
        else:
            if self.years_source is None:
                raise ValueError("years_min needs years_source: the guide that states the years")
            if self.years_max is not None and self.years_max < self.years_min:
                raise ValueError("years_max is below years_min")
        return self

    @property
    def years_text(self) -> str:
        """Years as the guide gives them ("0-2 years", "5+ years"), or "years not stated"."""
        if self.years_min is None:
            return "years not stated"
        if self.years_max is None:
            return f"{self.years_min}+ years"
        if self.years_max == self.years_min:
            return f"{self.years_min} years"
        return f"{self.years_min}-{self.years_max} years"


class ReflectionQuestion(Strict):
    id: Id
    text: Text
    source: Text


class Rubric(Strict):
    """Everything in a rubric directory, checked as a whole."""

    meta: RubricMeta
    categories: list[Category]
    skills: list[Skill]
    roles: list[Role]
    certifications: list[Certification]
    career: CareerFile
    checks: list[KnowledgeCheck] = Field(default_factory=list)
    reflection: list[ReflectionQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cross_references(self) -> Rubric:
        problems = list(cross_reference_problems(self))
        if problems:
            raise CrossReferenceErrors(problems)
        return self

    # Lookups are built once: the rubric is frozen, so they can never go stale.
    def skill(self, skill_id: str) -> Skill:
        return self.skill_map[skill_id]

    def role(self, role_id: str) -> Role:
        return self.role_map[role_id]

    def checks_of(self, skill_id: str) -> list[KnowledgeCheck]:
        return self.checks_by_skill.get(skill_id, [])

    @cached_property
    def skill_map(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    @cached_property
    def role_map(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def certification_map(self) -> dict[str, Certification]:
        return {c.id: c for c in self.certifications}

    @cached_property
    def category_map(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    @cached_property
    def stage_map(self) -> dict[str, CareerStage]:
        return {s.id: s for s in self.career.ladder}

    @cached_property
    def check_map(self) -> dict[str, tuple[Skill, KnowledgeCheck]]:
        skills = self.skill_map
        return {c.id: (skills[c.skill], c) for c in self.checks if c.skill in skills}

    @cached_property
    def checks_by_skill(self) -> dict[str, list[KnowledgeCheck]]:
        out: dict[str, list[KnowledgeCheck]] = {}
        for c in self.checks:
            out.setdefault(c.skill, []).append(c)
        return out
