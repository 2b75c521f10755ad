"""The learning plan: one step per level to climb, prerequisites first, laid out in weeks.

Steps come from each skill's ``learning`` entries in the rubric. A step to level L of a skill
waits for level L-1 of the same skill and for level L (or the planned top) of every
prerequisite skill that is itself in the plan.

Order: among the steps whose prerequisites are done, the one that adds the most readiness per
hour goes next, and the next level of the skill just studied follows at once when nothing blocks
it, so one skill is learnt in one stretch. With a target date, the steps that fit the hours until
then are chosen the same way (most readiness per hour first, a step only after its
prerequisites); the rest of the path follows them as "after the target".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from assessor.schema.result import Gap, Phase, Plan, PlanStep, PlanTarget
from assessor.schema.rubric import WEIGHT_VALUES, Role, Rubric
from assessor.scoring.readiness import readiness

MAX_WEEKS = 20 * 52  # dates stop 20 years ahead: a longer plan is a different plan
# Phases group steps by the week they start in; each phase then runs until its last step ends.
WINDOWS = (("Starting in the first month", 1, 4), ("Starting in months 2-3", 5, 13),
           ("Starting later in the first year", 14, 52), ("Starting in the second year", 53, 104),
           ("Starting after two years", 105, None))
AFTER_TARGET = "After the target date"
FULL_TIME = 40  # hours a week: beyond this a plan is not a side project any more

Step = tuple[str, int]


def _date(start: dt.date, weeks: int, days: int = 0) -> dt.date:
    try:
        return start + dt.timedelta(weeks=weeks, days=days)
    except OverflowError:
        return dt.date.max


def build_plan(rubric: Rubric, role: Role, gaps: list[Gap], levels: Mapping[str, int],
               start: dt.date, hours_per_week: float, target_date: dt.date | None,
               for_next_role: bool) -> Plan:
    skills = rubric.skill_map
    planned = {g.skill: (g.current, g.required) for g in gaps}
    priority = {g.skill: g.priority for g in gaps}
    steps_all = {(s, lv) for s, (cur, req) in planned.items() for lv in range(cur + 1, req + 1)}
    hours = {st: skills[st[0]].step_to(st[1]).hours for st in steps_all}
    weights = {r.skill: WEIGHT_VALUES[r.weight] for r in role.requirements}
    required = {r.skill: r.level for r in role.requirements}
    total_weight = sum(weights.values()) or 1

    def gain(step: Step) -> float:
        """Readiness points one step adds: 100 x weight / (required level x sum of weights)."""
        skill = step[0]
        return 100.0 * weights.get(skill, 0) / (required.get(skill, 1) * total_weight)

    def deps(step: Step) -> list[Step]:
        skill, level = step
        out = [(skill, level - 1)] if (skill, level - 1) in steps_all else []
        for pre in skills[skill].prerequisites:
            if pre in planned:
                cur, req = planned[pre]
                out += [(pre, lv) for lv in range(cur + 1, min(level, req) + 1)]
        return out

    def value(step: Step):
        # Most readiness per hour first; then the more urgent gap, the lower level, the id.
        return (-gain(step) / hours[step], priority[step[0]], step[1], step[0])

    # 1. With a target date: the steps that fit the budget, chosen by readiness per hour.
    budget = None
    chosen: set[Step] = set()
    if target_date is not None:
        days = max((target_date - start).days + 1, 0)
        budget = round(hours_per_week * days / 7, 1)
        spent = 0
        while True:
            ready = [s for s in steps_all - chosen
                     if all(d in chosen for d in deps(s)) and spent + hours[s] <= budget]
            if not ready:
                break
            best = min(ready, key=value)
            chosen.add(best)
            spent += hours[best]

    # 2. Order: in-budget steps first, then the rest; a skill's next level follows at once.
    order = _sequence(chosen, set(), deps, value)
    order += _sequence(steps_all - chosen, set(chosen), deps, value)

    steps, clock, capped = [], 0.0, False
    for skill_id, level in order:
        learning = skills[skill_id].step_to(level)
        first_week = int(clock // hours_per_week) + 1
        clock += learning.hours
        last_week = max(first_week, math.ceil(clock / hours_per_week))
        if last_week > MAX_WEEKS:
            capped = True
            first_week, last_week = min(first_week, MAX_WEEKS), MAX_WEEKS
        steps.append(PlanStep(
            skill=skill_id, name=skills[skill_id].name, from_level=level - 1, to_level=level,
            hours=learning.hours, actions=list(learning.actions), project=learning.project,
            resources=list(learning.resources),
            start_week=first_week, end_week=last_week,
            start_date=_date(start, first_week - 1), end_date=_date(start, last_week, -1),
            after=[f"{s}:{lv}" for s, lv in deps((skill_id, level)) if s != skill_id],
            in_budget=(skill_id, level) in chosen if target_date is not None else None))

    total = sum(s.hours for s in steps)
    weeks = min(math.ceil(total / hours_per_week), MAX_WEEKS) if total else 0
    finish = _date(start, weeks, -1) if weeks else start
    note = None
    if capped:
        years = total / hours_per_week / 52
        note = (f"At {_num(hours_per_week)} h/week this plan would take about {years:,.0f} years; "
                f"dates stop at 20 years ({finish:%b %Y}). Plan more hours a week or a nearer role.")

    reachable = needed = target = None
    if target_date is not None:
        days = (target_date - start).days + 1
        available_weeks = max(days, 0) / 7
        reachable = total == 0 or (available_weeks > 0 and total <= budget)
        needed = round(total / available_weeks, 1) if available_weeks > 0 else None
        after = dict(levels)
        for skill_id, level in chosen:
            after[skill_id] = max(after.get(skill_id, 0), level)
        at_target = readiness(role, after)
        planned_hours = sum(hours[s] for s in chosen)
        target = PlanTarget(
            date=target_date, budget_hours=budget, planned_hours=planned_hours, fits=bool(reachable),
            hours_needed=total, readiness_at_target=at_target,
            suggestion=_suggestion(rubric, role, after, at_target, hours_per_week, target_date,
                                   bool(reachable), total, needed, finish, for_next_role))

    return Plan(for_role=role.id, for_next_role=for_next_role, hours_per_week=hours_per_week,
                total_hours=total, weeks=weeks, start=start, finish=finish,
                target_date=target_date, target_reachable=reachable,
                hours_per_week_needed=needed, phases=_phases(steps, rubric, target_date is not None),
                target=target, note=note)


def _sequence(todo: Iterable[Step], done: set[Step], deps, value) -> list[Step]:
    pending, done, out = set(todo), set(done), []
    while pending:
        ready = [s for s in pending if all(d in done for d in deps(s))]
        if not ready:  # the rubric forbids cycles; guard anyway so a plan always ends
            ready = list(pending)
        nxt = None
        if out:
            follow = (out[-1][0], out[-1][1] + 1)
            if follow in ready:
                nxt = follow
        if nxt is None:
            nxt = min(ready, key=value)
        pending.discard(nxt)
        done.add(nxt)
        out.append(nxt)
    return out


def _phases(steps: list[PlanStep], rubric: Rubric, with_target: bool) -> list[Phase]:
    groups: list[tuple[str, list[PlanStep], bool]] = []
    before = [s for s in steps if not with_target or s.in_budget]
    for name, first, last in WINDOWS:
        members = [s for s in before if s.start_week >= first and (last is None or s.start_week <= last)]
        if members:
            groups.append((name, members, False))
    rest = [s for s in steps if with_target and not s.in_budget]
    if rest:
        groups.append((AFTER_TARGET, rest, True))
    out = []
    for name, members, after in groups:
        with_project = [s for s in members if s.project]
        # The phase ends with one project: the one of its highest step, using all its skills.
        top = max(with_project, key=lambda s: (s.to_level, s.hours), default=None)
        uses = list(dict.fromkeys(s.skill for s in members))
        names = [rubric.skill(s).name for s in uses]
        project = None
        if top is not None:
            others = [n for n in names if n != top.name]
            project = top.project + (f" Bring in what this phase covered: {', '.join(others)}."
                                     if others else "")
        out.append(Phase(name=name, first_week=min(s.start_week for s in members),
                         last_week=max(s.end_week for s in members),
                         hours=sum(s.hours for s in members), steps=members,
                         project=project, project_uses=uses, after_target=after))
    return out


def _suggestion(rubric: Rubric, role: Role, after: Mapping[str, int], at_target: float,
                hours_per_week: float, target_date: dt.date, fits: bool, total: int,
                needed: float | None, finish: dt.date, for_next_role: bool) -> str:
    when = f"{target_date:%b %Y}"
    pace = f"At {_num(hours_per_week)} h/week"
    if fits:
        return f"{pace} the whole plan ({total:,} h) fits before {when}: you reach {at_target:g}% for {role.name}."
    if needed is None:
        return (f"The target date {target_date.isoformat()} is not after the start: the whole plan "
                f"takes {total:,} h, until {finish:%b %Y} at {_num(hours_per_week)} h/week.")
    text = f"{pace} you reach {at_target:g}% for {role.name} by {when}"
    lower = [r for r in rubric.roles if r.ladder_rank < role.ladder_rank]
    if lower:
        first = max(lower, key=lambda r: (readiness(r, after), -r.ladder_rank, r.id))
        first_ready = readiness(first, after)
        if first_ready > at_target:
            text += f": aim for {first.name} first ({first_ready:g}% by then)"
    if needed > FULL_TIME:
        text += (f"; the whole plan needs {needed:g} h/week, more than a full-time job: "
                 f"at your pace it ends in {finish:%b %Y}.")
    else:
        text += f"; {role.name} needs {needed:g} h/week by then."
    return text


def _num(hours: float) -> str:
    return f"{hours:g}"
