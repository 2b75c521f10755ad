"""The rubric file formats: the single source of truth for what a rubric directory may hold.

Every model is strict (unknown keys are errors) so that a typo in a hand-written rubric is
reported instead of silently ignored. Checks that span several files (a role naming a skill
that does not exist) live on :class:`Rubric`, the combined model, and report every problem at
once through :class:`CrossReferenceErrors` so the loader can name the file each one is in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


class Strict(BaseModel):
    """Base of every file format: typos are errors, loaded data never changes under us."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
LevelNumber = Annotated[int, Field(ge=0, le=4)]
StepLevel = Annotated[int, Field(ge=1, le=4)]
OptionLetter = Literal["a", "b", "c", "d", "e", "f"]
OPTION_LETTERS = ("a", "b", "c", "d", "e", "f")
Weight = Literal["nice", "important", "critical"]
WEIGHT_VALUES: dict[str, int] = {"nice": 1, "important": 2, "critical": 3}
Seniority = Literal["junior", "mid", "senior", "lead", "executive"]


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


class KnowledgeCheck(Strict):
    id: Id
    question: Text
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: OptionLetter = Field(description="Letter of the one correct option (a = first).")
    explanation: Text
    level: StepLevel = Field(description="The level this question probes.")

    @model_validator(mode="after")
    def _answer_names_an_option(self) -> KnowledgeCheck:
        if OPTION_LETTERS.index(self.answer) >= len(self.options):
            raise ValueError(
                f"answer {self.answer!r} names no option: there are {len(self.options)} options "
                f"(a-{OPTION_LETTERS[len(self.options) - 1]})"
            )
        if len({o.casefold() for o in self.options}) != len(self.options):
            raise ValueError("options must be distinct, or two of them could be 'correct'")
        return self


class LearningStep(Strict):
    """How to get from ``to_level - 1`` to ``to_level`` in one skill."""

    to_level: StepLevel
    actions: list[Text] = Field(min_length=1, max_length=6)
    project: Text | None = None
    hours: Annotated[int, Field(ge=1, le=400)]


class Skill(Strict):
    id: Id
    name: ShortText
    category: Id
    summary: Text = Field(description="One line: why the skill matters in AI work.")
    levels: list[Level] = Field(min_length=5, max_length=5)
    evidence: list[Evidence] = Field(min_length=2, max_length=4)
    checks: list[KnowledgeCheck] = Field(default_factory=list, max_length=6)
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
    experience: ShortText = Field(description='Experience level as the guides state it, e.g. "Mid to Senior".')
    years_min: Annotated[int, Field(ge=0, le=40)]
    years_max: Annotated[int, Field(ge=0, le=40)] | None = None
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
        if self.years_max is not None and self.years_max < self.years_min:
            raise ValueError("years_max is below years_min")
        return self


class CareerStage(Strict):
    id: Id
    name: ShortText
    rank: Annotated[int, Field(ge=1, le=9)]
    years: ShortText | None = Field(default=None, description='As the guide states it, e.g. "0-2 years".')
    responsibilities: list[Text] = Field(min_length=1)
    sources: list[Text] = Field(min_length=1)


class SalaryFigure(Strict):
    """A salary range exactly as one guide states it; guides that disagree each keep their own."""

    stage: Id | None = Field(default=None, description="Ladder stage the figure belongs to.")
    region: Id
    label: ShortText = Field(description='The guide\'s own label, e.g. "Entry-Level AI Engineer".')
    text: ShortText = Field(description='The figure exactly as the guide prints it, e.g. "$90,000–$130,000".')
    low: Annotated[int, Field(ge=0)]
    high: Annotated[int, Field(ge=0)] | None = None
    unit: Literal["year", "lpa"] = "year"
    source: Text


class CareerFile(Strict):
    """``career.yaml``: the ladder and every salary figure the guides give."""

    ladder: list[CareerStage] = Field(min_length=2)
    salaries: list[SalaryFigure] = Field(min_length=1)


class Coverage(Strict):
    skill: Id
    weight: Annotated[float, Field(gt=0, le=1)] = Field(description="Share of the exam on this skill.")


class Certification(Strict):
    id: Id
    name: ShortText
    code: ShortText | None = None
    provider: ShortText
    level: Literal["foundational", "associate", "professional", "specialty", "course"]
    status: Literal["active", "retiring", "retired", "unverified"]
    status_date: dt.date | None = Field(default=None, description="Retirement (or GA) date.")
    status_note: Text | None = None
    successors: list[Id] | Literal["none"] = Field(
        default_factory=list, description='Certifications that replace it, or "none".'
    )
    covers: list[Coverage] = Field(min_length=2)
    prerequisites: list[Id] = Field(default_factory=list, description="Certifications to hold first.")
    recommended_experience: Text | None = None
    exam: Text | None = Field(default=None, description="Format, length and price as last checked.")
    checked: dt.date
    url: Text
    sources: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _retirement_is_complete(self) -> Certification:
        if self.status in ("retired", "retiring"):
            if self.status_date is None:
                raise ValueError(f"a {self.status} certification needs status_date")
            if self.successors == []:
                raise ValueError(f'a {self.status} certification needs successors (or "none")')
        return self

    @property
    def successor_ids(self) -> list[str]:
        return [] if self.successors == "none" else list(self.successors)


class ReflectionQuestion(Strict):
    id: Id
    text: Text
    source: Text


class SkillsFile(Strict):
    skills: list[Skill] = Field(min_length=1)


class CategoriesFile(Strict):
    categories: list[Category] = Field(min_length=1)


class RolesFile(Strict):
    roles: list[Role] = Field(min_length=1)


class CertificationsFile(Strict):
    certifications: list[Certification] = Field(min_length=1)


class ReflectionFile(Strict):
    questions: list[ReflectionQuestion] = Field(default_factory=list)


class CrossReferenceProblem(Strict):
    """One broken link between items; ``loc`` is a path inside :class:`Rubric`."""

    loc: tuple[str | int, ...]
    found: str
    expected: str


class CrossReferenceErrors(Exception):
    """Raised (not ValueError, so pydantic lets it through) with every cross-file problem at once."""

    def __init__(self, problems: list[CrossReferenceProblem]):
        super().__init__(f"{len(problems)} cross-reference problem(s)")
        self.problems = problems


class Rubric(Strict):
    """Everything in a rubric directory, checked as a whole."""

    meta: RubricMeta
    categories: list[Category]
    skills: list[Skill]
    roles: list[Role]
    certifications: list[Certification]
    career: CareerFile
    reflection: list[ReflectionQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cross_references(self) -> Rubric:
        problems = list(_cross_reference_problems(self))
        if problems:
            raise CrossReferenceErrors(problems)
        return self

    # Lookups are built on demand; the rubric is small and frozen, so callers may cache.
    def skill(self, skill_id: str) -> Skill:
        return self.skill_map[skill_id]

    def role(self, role_id: str) -> Role:
        return self.role_map[role_id]

    @property
    def skill_map(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    @property
    def role_map(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @property
    def certification_map(self) -> dict[str, Certification]:
        return {c.id: c for c in self.certifications}

    @property
    def category_map(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    @property
    def stage_map(self) -> dict[str, CareerStage]:
        return {s.id: s for s in self.career.ladder}

    @property
    def check_map(self) -> dict[str, tuple[Skill, KnowledgeCheck]]:
        return {c.id: (s, c) for s in self.skills for c in s.checks}

    @property
    def evidence_map(self) -> dict[str, tuple[Skill, Evidence]]:
        return {e.id: (s, e) for s in self.skills for e in s.evidence}


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def _cross_reference_problems(r: Rubric):
    def problem(loc, found, expected):
        return CrossReferenceProblem(loc=tuple(loc), found=str(found), expected=expected)

    source_ids = {s.id for s in r.meta.sources}
    region_ids = {g.id for g in r.meta.regions}
    category_ids = {c.id for c in r.categories}
    skill_ids = [s.id for s in r.skills]
    role_ids = [x.id for x in r.roles]
    cert_ids = [c.id for c in r.certifications]
    stage_ids = [s.id for s in r.career.ladder]
    known_skills, known_roles, known_certs = set(skill_ids), set(role_ids), set(cert_ids)

    for name, items in (("categories", [c.id for c in r.categories]), ("skills", skill_ids),
                        ("roles", role_ids), ("certifications", cert_ids),
                        ("career.ladder", stage_ids)):
        for dup in sorted(_duplicates(items)):
            index = items.index(dup, items.index(dup) + 1)
            yield problem([*name.split("."), index, "id"], dup, f"a unique id among {name}")
    nested = [(("skills", i, "evidence", j, "id"), e.id) for i, s in enumerate(r.skills)
              for j, e in enumerate(s.evidence)]
    nested += [(("skills", i, "checks", j, "id"), c.id) for i, s in enumerate(r.skills)
               for j, c in enumerate(s.checks)]
    for dup in sorted(_duplicates([v for _, v in nested])):
        loc = [loc for loc, v in nested if v == dup][1]
        yield problem(loc, dup, "evidence and check ids unique across the whole rubric")

    def cite(loc, refs):
        single = isinstance(refs, str)
        for k, ref in enumerate([refs] if single else refs):
            if ref not in source_ids:
                yield problem(loc if single else [*loc, k], ref,
                              f"a source id from rubric.yaml: {sorted(source_ids)}")

    for i, s in enumerate(r.skills):
        if s.category not in category_ids:
            yield problem(["skills", i, "category"], s.category, f"one of {sorted(category_ids)}")
        elif r.category_map[s.category].technical and len(s.checks) < 2:
            yield problem(["skills", i, "checks"], f"{len(s.checks)} checks",
                          "at least 2 knowledge checks for a skill in a technical category")
        for k, pre in enumerate(s.prerequisites):
            if pre not in known_skills or pre == s.id:
                yield problem(["skills", i, "prerequisites", k], pre, "the id of another skill")
        yield from cite(["skills", i, "sources"], s.sources)
    yield from _prerequisite_cycles(r)

    for i, role in enumerate(r.roles):
        if role.stage not in stage_ids:
            yield problem(["roles", i, "stage"], role.stage, f"a career.ladder stage id: {stage_ids}")
        for k, req in enumerate(role.requirements):
            if req.skill not in known_skills:
                yield problem(["roles", i, "requirements", k, "skill"], req.skill, "the id of a skill")
        for k, nxt in enumerate(role.next_roles):
            if nxt not in known_roles or nxt == role.id:
                yield problem(["roles", i, "next_roles", k], nxt, "the id of another role")
        yield from cite(["roles", i, "sources"], role.sources)

    for i, c in enumerate(r.certifications):
        for k, cov in enumerate(c.covers):
            if cov.skill not in known_skills:
                yield problem(["certifications", i, "covers", k, "skill"], cov.skill, "the id of a skill")
        for field in ("successor_ids", "prerequisites"):
            for k, other in enumerate(getattr(c, field)):
                if other not in known_certs or other == c.id:
                    loc_field = "successors" if field == "successor_ids" else field
                    yield problem(["certifications", i, loc_field, k], other,
                                  "the id of another certification")
        yield from cite(["certifications", i, "sources"], c.sources)

    for i, stage in enumerate(r.career.ladder):
        yield from cite(["career", "ladder", i, "sources"], stage.sources)
    for i, pay in enumerate(r.career.salaries):
        if pay.region not in region_ids:
            yield problem(["career", "salaries", i, "region"], pay.region, f"one of {sorted(region_ids)}")
        if pay.stage is not None and pay.stage not in stage_ids:
            yield problem(["career", "salaries", i, "stage"], pay.stage, f"a ladder stage id: {stage_ids}")
        yield from cite(["career", "salaries", i, "source"], pay.source)
    for i, q in enumerate(r.reflection):
        yield from cite(["reflection", i, "source"], q.source)


def _prerequisite_cycles(r: Rubric):
    graph = {s.id: [p for p in s.prerequisites if p != s.id] for s in r.skills}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]):
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt in graph and state.get(nxt) is None:
                cycle = visit(nxt, path + [node])
                if cycle:
                    return cycle
        state[node] = 2
        return None

    for i, s in enumerate(r.skills):
        if state.get(s.id) is None:
            cycle = visit(s.id, [])
            if cycle:
                yield CrossReferenceProblem(
                    loc=("skills", i, "prerequisites"), found=" -> ".join(cycle),
                    expected="prerequisites without cycles")
