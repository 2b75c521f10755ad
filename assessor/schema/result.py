"""The scored result (``assess --format json``): what scoring hands to the report and the history.

It holds numbers and short machine-made reasons, never layout; the report context turns it into
words and charts. Stored runs keep it verbatim, so it is versioned like every other format.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from assessor.schema.rubric import Id, Resource, Strict, Weight

RESULT_SCHEMA_VERSION = 1
Confidence = Literal["high", "medium", "low", "self-reported"]
BandName = Literal["none", "recognise", "apply", "decide"]


class SkillScore(Strict):
    skill: Id
    name: str
    category: Id
    rated: int | None = Field(description="Self-rating; None when skipped or not asked.")
    current: int = Field(description="Calibrated level used for scoring.")
    confidence: Confidence
    evidence_level: int | None = Field(description="Highest evidence level ticked; None if not asked.")
    checks_right: int
    checks_answered: int
    asked: bool = Field(description="Whether the user was asked about this skill at all.")
    checks_asked: int = Field(default=0, description="Knowledge checks shown for this skill.")
    band: BandName | None = Field(
        default=None, description="Band the checks support (none/recognise/apply/decide); None: no checks.")
    band_probability: float | None = Field(
        default=None, description="Posterior probability of that band given self-rating, evidence and checks.")


class Adjustment(Strict):
    skill: Id
    name: str
    rated: int | None
    counted: int
    confidence: Confidence
    adjusted: bool
    reason: str


class RoleFit(Strict):
    role: Id
    name: str
    readiness: float
    fit: float = Field(description="Ranking score: readiness x match (see match).")
    match: float = Field(default=1.0, description="Share of the levels of the person's strongest skills the role asks for.")
    nearly_ready: bool
    ladder_rank: int
    rated_share: float = Field(description="Share of the role's weighted requirements the user rated.")


class Gap(Strict):
    skill: Id
    name: str
    category: Id
    current: int
    required: int
    gap: int
    weight: Weight
    priority: int = Field(description="1 = close this first.")
    priority_label: Literal["top", "high", "medium", "low"]
    blocks: list[Id] = Field(description="Other gap skills that list this one as a prerequisite.")
    why: str
    sources: list[str]
    confidence: Confidence


class CertificationRank(Strict):
    id: Id
    name: str
    code: str | None
    provider: str
    level: str
    status: str
    status_date: dt.date | None
    coverage: float = Field(description="Share of the user's weighted gap the exam addresses (0-1).")
    level_factor: float = Field(default=1.0, description="How well the exam's level suits the person (0.6-1).")
    score: float = Field(description="What the list is ordered by: coverage x level_factor (0 when retired).")
    recommended: bool = Field(description="Active, at the person's level, and of their cloud or vendor-neutral.")
    headline: bool = Field(default=False, description="The best next certification: the first recommended.")
    cloud: Literal["aws", "azure", "gcp"] | None = Field(
        default=None, description="The cloud vendor whose exam it is; None = vendor-neutral.")
    fit_note: str
    successors: list[Id]
    replaces: list[Id] = Field(description="Retired certifications from the guides this one replaces.")
    covered_gaps: list[Id]


class PlanStep(Strict):
    skill: Id
    name: str
    from_level: int
    to_level: int
    hours: int
    actions: list[str]
    project: str | None
    resources: list[Resource] = Field(default_factory=list, description="Where to learn it.")
    start_week: int
    end_week: int
    start_date: dt.date
    end_date: dt.date
    after: list[str] = Field(description="Steps (skill:level) that must come first.")
    in_budget: bool | None = Field(
        default=None, description="With a target date: the step fits the hours until then.")


class Phase(Strict):
    name: str
    first_week: int
    last_week: int | None
    hours: int
    steps: list[PlanStep]
    project: str | None = Field(default=None, description="One project at the end that uses the phase's steps.")
    project_uses: list[Id] = Field(default_factory=list, description="The skills the project brings together.")
    after_target: bool = Field(default=False, description="The steps that do not fit before the target date.")


class PlanTarget(Strict):
    """What fits between today and the target date at the person's hours per week."""

    date: dt.date
    budget_hours: float = Field(description="Hours per week x weeks until the date.")
    planned_hours: int = Field(description="Hours of the steps chosen to fit the budget (<= budget).")
    fits: bool = Field(description="Whether the whole plan fits the budget.")
    hours_needed: int = Field(description="Hours of the whole plan.")
    readiness_at_target: float = Field(description="Readiness if the in-budget steps are done.")
    suggestion: str = Field(description="Plain words: what to aim for with this budget.")


class Plan(Strict):
    for_role: Id | None
    for_next_role: bool = Field(description="True when the target role has no gaps left.")
    hours_per_week: float
    total_hours: int
    weeks: int
    start: dt.date
    finish: dt.date
    target_date: dt.date | None
    target_reachable: bool | None
    hours_per_week_needed: float | None
    phases: list[Phase]
    target: PlanTarget | None = Field(default=None, description="Set when a target date is given.")
    note: str | None = Field(default=None, description="Set when the plan is too long to date in full.")


class CalibrationSummary(Strict):
    """How far the self-ratings were backed: the first thing a reader of an over-rating needs."""

    claims: int = Field(description="Skills rated above 0.")
    lowered: int
    raised: int
    checks_asked: int
    checks_right: int


class StretchRole(Strict):
    role: Id
    name: str
    readiness: float
    missing: list[Id] = Field(description="Required skills still below the role's level.")


class AssessmentResult(Strict):
    schema_version: int = RESULT_SCHEMA_VERSION
    tool_version: str
    rubric_name: str
    rubric_version: str
    rubric_digest: str
    assessed_on: dt.date
    name: str | None
    mode: str
    region: str
    role: Id | None = Field(description="Target role; the best-fitting role when the user was not sure.")
    role_name: str | None
    role_suggested: bool = Field(description='True when the user answered "not sure".')
    readiness: float
    skills: list[SkillScore]
    role_fit: list[RoleFit]
    gaps: list[Gap]
    certifications: list[CertificationRank]
    plan: Plan
    calibration: list[Adjustment]
    calibration_summary: CalibrationSummary | None = None
    stretch: list[StretchRole] = Field(
        default_factory=list, description="Roles one rung up that the person is close to.")
    certifications_note: str | None = Field(
        default=None, description="Set when certifications matter little for this person, and why.")
