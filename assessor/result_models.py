"""The scored result (``assess --format json``): what scoring hands to the report and the history.

It holds numbers and short machine-made reasons, never layout; the report context turns it into
words and charts. Stored runs keep it verbatim, so it is versioned like every other format.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .rubric_models import Id, Strict, Weight

RESULT_SCHEMA_VERSION = 1
Confidence = Literal["high", "medium", "low"]


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
    fit: float = Field(description="Ranking score: readiness, then strengths used and ladder height.")
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
    score: float
    recommended: bool
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
    start_week: int
    end_week: int
    start_date: dt.date
    end_date: dt.date
    after: list[str] = Field(description="Steps (skill:level) that must come first.")


class Phase(Strict):
    name: str
    first_week: int
    last_week: int | None
    hours: int
    steps: list[PlanStep]


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
