"""The learning plan: one step per level to climb, prerequisites first, laid out in weeks.

Steps come from each skill's ``learning`` entries in the rubric. A step to level L of a skill
waits for level L-1 of the same skill and for level L (or the planned top) of every
prerequisite skill that is itself in the plan, then the most urgent available step goes next.
"""

from __future__ import annotations

import datetime as dt
import math

from assessor.schema.result import Gap, Phase, Plan, PlanStep
from assessor.schema.rubric import Rubric

PHASES = (("First month", 1, 4), ("Next quarter", 5, 13), ("Later", 14, None))


def build_plan(rubric: Rubric, gaps: list[Gap], start: dt.date, hours_per_week: float,
               target_date: dt.date | None, for_role: str | None, for_next_role: bool) -> Plan:
    skills = rubric.skill_map
    planned = {g.skill: (g.current, g.required) for g in gaps}
    priority = {g.skill: g.priority for g in gaps}
    pending = {(s, lv) for s, (cur, req) in planned.items() for lv in range(cur + 1, req + 1)}

    def deps(step):
        skill, level = step
        out = [(skill, level - 1)] if (skill, level - 1) in pending or (skill, level - 1) in done else []
        for pre in skills[skill].prerequisites:
            if pre in planned:
                cur, req = planned[pre]
                need = min(level, req)
                out += [(pre, lv) for lv in range(cur + 1, need + 1)]
        return out

    done: set[tuple[str, int]] = set()
    order: list[tuple[str, int]] = []
    while pending:
        ready = [s for s in pending if all(d in done for d in deps(s))]
        if not ready:  # the rubric forbids cycles; guard anyway so a plan always ends
            ready = list(pending)
        nxt = min(ready, key=lambda s: (s[1] - planned[s[0]][0], priority[s[0]], s[0]))
        pending.discard(nxt)
        done.add(nxt)
        order.append(nxt)

    steps, clock = [], 0.0
    for skill_id, level in order:
        learning = skills[skill_id].step_to(level)
        first_week = int(clock // hours_per_week) + 1
        clock += learning.hours
        last_week = max(first_week, math.ceil(clock / hours_per_week))
        steps.append(PlanStep(
            skill=skill_id, name=skills[skill_id].name, from_level=level - 1, to_level=level,
            hours=learning.hours, actions=list(learning.actions), project=learning.project,
            start_week=first_week, end_week=last_week,
            start_date=start + dt.timedelta(weeks=first_week - 1),
            end_date=start + dt.timedelta(weeks=last_week, days=-1),
            after=[f"{s}:{lv}" for s, lv in deps((skill_id, level)) if s != skill_id]))

    total = sum(s.hours for s in steps)
    weeks = math.ceil(total / hours_per_week) if total else 0
    finish = start + dt.timedelta(weeks=weeks, days=-1) if weeks else start
    reachable = needed = None
    if target_date is not None:
        days = (target_date - start).days + 1
        available_weeks = max(days, 0) / 7
        reachable = total == 0 or (available_weeks > 0 and finish <= target_date)
        needed = round(total / available_weeks, 1) if available_weeks > 0 else None
    phases = []
    for name, first, last in PHASES:
        members = [s for s in steps if s.start_week >= first and (last is None or s.start_week <= last)]
        if members:
            phases.append(Phase(name=name, first_week=first, last_week=last,
                                hours=sum(s.hours for s in members), steps=members))
    return Plan(for_role=for_role, for_next_role=for_next_role, hours_per_week=hours_per_week,
                total_hours=total, weeks=weeks, start=start, finish=finish,
                target_date=target_date, target_reachable=reachable,
                hours_per_week_needed=needed, phases=phases)
