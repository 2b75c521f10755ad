"""The plan pages: the first four weeks as a checklist, what fits before the target, then the rest.

Pure. The in-budget part is every step that ends by the target date (or, with no target, every
step that starts in the next quarter); phases after it are grouped by year, and each phase's
week range is taken from its own steps, so the two always agree.
"""

from __future__ import annotations

import datetime as dt

from assessor.report import wording as w
from assessor.report.model import Link, PhaseView, PlanView, StepView, Week, WeekItem
from assessor.schema.result import AssessmentResult
from assessor.schema.rubric import Rubric

CHECKLIST_WEEKS = 4
DETAILED_STEPS = 4
QUARTER_WEEKS = 13


def plan_view(rubric: Rubric, result: AssessmentResult) -> PlanView:
    plan = result.plan
    steps = [s for p in plan.phases for s in p.steps]
    views = {id(s): step_view(rubric, s) for s in steps}
    target = plan.target.date if plan.target is not None else plan.target_date
    if target is not None and target >= plan.start:
        inside = [s for s in steps if s.end_date <= target]
        horizon = f"By your target date, {target:%d %B %Y}"
    else:
        inside = [s for s in steps if s.start_week <= QUARTER_WEEKS]
        horizon = f"The next quarter (weeks 1–{QUARTER_WEEKS})"
    outside = [s for s in steps if s not in inside]
    in_views = [views[id(s)] for s in inside]
    role = rubric.role_map[plan.for_role].name if plan.for_role else result.role_name or ""
    return PlanView(
        role=role, for_next_role=plan.for_next_role, hours_per_week=plan.hours_per_week,
        total_hours=plan.total_hours, weeks=plan.weeks, start=plan.start, finish=plan.finish,
        target_date=target, summary=summary(result), horizon=horizon,
        checklist=checklist([views[id(s)] for s in steps], plan.start, plan.weeks),
        detailed=in_views[:DETAILED_STEPS], in_budget_rest=in_views[DETAILED_STEPS:],
        after=by_year([views[id(s)] for s in outside]))


def summary(result: AssessmentResult) -> str:
    plan = result.plan
    if not plan.total_hours:
        return "Nothing left to plan."
    text = (f"{plan.total_hours:,} hours over about {plan.weeks} weeks at {plan.hours_per_week:g} "
            f"hours a week, from {plan.start:%d %B %Y} to around {plan.finish:%d %B %Y}.")
    if plan.note:  # longer than the dated 20 years: the weeks above would not add up
        text = f"{plan.total_hours:,} hours from {plan.start:%d %B %Y}. {plan.note}"
    t = plan.target
    if t is not None:
        if t.fits:
            return text + f" That is before your target date of {t.date:%d %B %Y}."
        return (text + f" By {t.date:%d %B %Y} you have about {round(t.budget_hours):,} hours: the "
                f"steps below use {t.planned_hours} of them and take you to "
                f"{round(t.readiness_at_target)}% readiness. {t.suggestion}")
    if plan.target_date is not None:
        if plan.target_reachable:
            return text + f" That is before your target date of {plan.target_date:%d %B %Y}."
        if plan.hours_per_week_needed:
            return (text + f" To finish by your target of {plan.target_date:%d %B %Y} you would "
                    f"need about {plan.hours_per_week_needed:g} hours a week; the steps that fit "
                    "before it come first below.")
        return text + f" Your target date {plan.target_date:%d %B %Y} has passed: pick a new one."
    return text


def checklist(steps: list[StepView], start: dt.date, weeks: int) -> list[Week]:
    """Weeks 1-4: each step active in a week, with the action that falls in that week."""
    out = []
    for n in range(1, min(CHECKLIST_WEEKS, weeks) + 1):
        items = []
        for s in steps:
            if s.start_week <= n <= s.end_week:
                k = n - s.start_week  # the step's k-th week: its k-th action, then its project
                if k < len(s.actions):
                    action = s.actions[k]
                elif s.project and k == len(s.actions):
                    action = f"Project: {s.project}"
                else:
                    action = f"Keep going: {s.actions[-1][0].lower()}{s.actions[-1][1:]}"
                items.append(WeekItem(name=s.name, to_word=s.to_word, action=action,
                                      resource=s.resources[0] if s.resources and (k == 0 or n == 1)
                                      else None))  # once per step: the box is for the action
        out.append(Week(number=n, start=start + dt.timedelta(weeks=n - 1), items=items))
    return out


def by_year(steps: list[StepView]) -> list[PhaseView]:
    years: dict[int, list[StepView]] = {}
    for s in steps:
        years.setdefault(s.start_date.year, []).append(s)
    return [PhaseView(name=f"Starting in {year}", first_week=min(s.start_week for s in group),
                      last_week=max(s.end_week for s in group), hours=sum(s.hours for s in group),
                      steps=group) for year, group in years.items()]


def link(url: str | None, note: str = "", text: str | None = None) -> Link | None:
    """Only https links become links; the text is short (the domain when no title is given)."""
    if not url or not url.startswith("https://"):
        return None
    return Link(text=text or w.domain(url), url=url, note=note)


def step_view(rubric: Rubric, step) -> StepView:
    learning = rubric.skill_map[step.skill].step_to(step.to_level)
    resources = [Link(text=r.title, url=r.url, note=f"{r.kind.replace('_', ' ')}{', free' if r.free else ''}")
                 for r in learning.resources if r.url.startswith("https://")]
    return StepView(skill=step.skill, name=step.name, from_word=w.LEVEL_WORDS[step.from_level],
                    to_word=w.LEVEL_WORDS[step.to_level], to_level=step.to_level, hours=step.hours,
                    start_week=step.start_week, end_week=step.end_week,
                    start_date=step.start_date, end_date=step.end_date, actions=list(step.actions),
                    project=step.project, resources=resources)
