"""The report context as typed records: what the templates may read, and nothing else.

Frozen dataclasses, not dicts: a template that asks for a field that does not exist fails in the
tests (StrictUndefined), and nothing here is found by parsing a reason string or an id prefix.
Every sentence is already written; templates only lay the records out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """An https link shown as short text (a title or a domain), never as a raw URL."""

    text: str
    url: str
    note: str = ""  # e.g. "free course", "docs"


@dataclass(frozen=True)
class Backing:
    """How far the self-ratings were backed by evidence and knowledge checks."""

    claims: int
    backed: int
    lowered: int
    raised: int
    checks_asked: int
    checks_right: int
    mostly_unbacked: bool
    sentence: str


@dataclass(frozen=True)
class GapRow:
    skill: str
    name: str
    category: str
    current: int
    required: int
    rated: int | None
    weight: str
    priority: int
    priority_label: str
    why: str
    confidence: str
    blocks: list[str]


@dataclass(frozen=True)
class ChartRow:
    """One required skill in the gap chart: what you said, what was counted, what is needed."""

    name: str
    rated: int | None
    counted: int
    required: int
    weight: str
    met: bool
    priority: int | None


@dataclass(frozen=True)
class StepView:
    skill: str
    name: str
    from_word: str
    to_word: str
    to_level: int
    hours: int
    start_week: int
    end_week: int
    start_date: dt.date
    end_date: dt.date
    actions: list[str]
    project: str | None
    resources: list[Link]


@dataclass(frozen=True)
class WeekItem:
    name: str
    to_word: str
    action: str
    resource: Link | None


@dataclass(frozen=True)
class Week:
    number: int
    start: dt.date
    items: list[WeekItem]


@dataclass(frozen=True)
class PhaseView:
    name: str
    first_week: int
    last_week: int
    hours: int
    steps: list[StepView]


@dataclass(frozen=True)
class PlanView:
    role: str
    for_next_role: bool
    hours_per_week: float
    total_hours: int
    weeks: int
    start: dt.date
    finish: dt.date
    target_date: dt.date | None
    summary: str              # hours, weeks, finish, and what the target date allows
    horizon: str              # heading of the in-budget part, e.g. "By 30 September 2027"
    checklist: list[Week]     # the first four weeks
    detailed: list[StepView]  # in-budget steps with actions and resources
    in_budget_rest: list[StepView]  # in budget, shown compactly (long plans)
    after: list[PhaseView]    # phases after the target (or after the horizon)


@dataclass(frozen=True)
class CertView:
    name: str
    provider: str
    level: str | None
    status: str
    status_date: dt.date | None
    coverage: int
    fit_note: str
    covered: list[str]
    replaces: list[str]
    prerequisites: list[str]
    recommended_experience: str | None
    exam: str | None
    link: Link | None
    checked: dt.date


@dataclass(frozen=True)
class RetiredView:
    name: str
    date: dt.date | None
    successors: list[str]
    why_shown: str


@dataclass(frozen=True)
class Salary:
    label: str
    text: str
    source: str


@dataclass(frozen=True)
class StageView:
    name: str
    years: str | None
    roles: list[str]
    responsibilities: list[str]
    salaries: list[Salary]
    salary_note: str | None  # "no figure for Canada at this stage in the guides", or a disagreement note
    you_are_here: bool
    target: bool


@dataclass(frozen=True)
class CareerView:
    region: str
    intro: str
    ladder: list[StageView]
    other_salaries: list[Salary]


@dataclass(frozen=True)
class TrendPoint:
    label: str
    readiness: float


@dataclass(frozen=True)
class Dumbbell:
    name: str
    before: int | None
    after: int
    required: int | None


@dataclass(frozen=True)
class Retest:
    name: str
    last_rated: dt.date
    days: int


@dataclass(frozen=True)
class ProgressView:
    runs: int
    previous_date: dt.date
    readiness_before: float
    readiness_after: float
    summary: str
    trend: list[TrendPoint]
    dumbbells: list[Dumbbell]
    retest: list[Retest]
    notes: list[str]


@dataclass(frozen=True)
class AnswerRow:
    name: str
    rated: int | None
    counted: int
    evidence: int | None
    checks_right: int
    checks: int

    @property
    def detail(self) -> str:
        """What backed or cut the rating: "evidence 2, checks 1/2" (empty when nothing was asked)."""
        bits = [] if self.evidence is None else [f"evidence {self.evidence}"]
        if self.checks:
            bits.append(f"checks {self.checks_right}/{self.checks}")
        return ", ".join(bits)


@dataclass(frozen=True)
class AnswerGroup:
    """Answers that scoring treated alike ("lowered", "counted as rated", ...), in one paragraph:
    a reader sees what happened to their claims, and 80 skills take a third of a page, not two
    pages of a ten-column table (which also cost WeasyPrint a second of layout)."""

    title: str
    rows: list[AnswerRow]
    show_levels: bool = True  # False where every row has the same, obvious level (all zeros)


@dataclass(frozen=True)
class RoleFitRow:
    rank: int
    name: str
    readiness: int
    target: bool


@dataclass(frozen=True)
class SourceView:
    title: str
    summary: str | None
    link: Link | None


@dataclass(frozen=True)
class Cover:
    verdict: str
    first_step: StepView | None
    first_action: str | None
    cert_headline: str | None
    cert_why: str | None
    best_fit: str
    stretch: str | None


@dataclass(frozen=True)
class ReportContext:
    title: str
    person: str
    name_given: bool
    date: dt.date
    role_name: str
    role_line: str
    role_suggested: bool
    readiness: int
    cover: Cover
    backing: Backing
    no_gaps: bool
    next_roles: list[str]
    top_gaps: list[GapRow]
    gaps: list[GapRow]
    chart: list[ChartRow]
    role_fit: list[RoleFitRow]
    plan: PlanView
    certifications: list[CertView]
    certifications_note: str | None
    retired: list[RetiredView]
    career: CareerView
    progress: ProgressView | None
    answers: list[AnswerGroup]  # every answer once, grouped by what scoring did with it
    answers_checked: bool  # any evidence or knowledge check was asked: show those columns
    reflection: str | None
    notes: str | None
    sources: list[SourceView]
    mode: str
    about: str
    tool_version: str
    rubric_version: str
    paper: str
    brief_weeks: list[Week] = field(default_factory=list)
