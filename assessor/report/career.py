"""The career path from the reader's current rung upward, with every salary figure the guides
give for their region, grouped by stage and named by source title.

Pure. The current rung is the ladder stage of the highest role the reader is nearly ready for;
with none, the first rung. A stage without a figure for the region says so in plain words.
"""

from __future__ import annotations

from assessor.report.model import CareerView, Salary, StageView
from assessor.schema.result import AssessmentResult
from assessor.schema.rubric import Role, Rubric

STAGES_ABOVE_TARGET = 1
RESPONSIBILITIES = 3  # the first three duties per stage: enough to tell the rungs apart


def current_rank(rubric: Rubric, result: AssessmentResult) -> int:
    ready = [rubric.role_map[f.role] for f in result.role_fit if f.nearly_ready]
    ranks = [rubric.stage_map[r.stage].rank for r in ready]
    return max(ranks) if ranks else min(s.rank for s in rubric.career.ladder)


def career_view(rubric: Rubric, result: AssessmentResult, role: Role) -> CareerView:
    region = next(r for r in rubric.meta.regions if r.id == result.region)
    titles = {s.id: s.title for s in rubric.meta.sources}
    here = current_rank(rubric, result)
    target = rubric.stage_map[role.stage].rank
    low, high = min(here, target), max(here, target) + STAGES_ABOVE_TARGET
    ladder = []
    for stage in sorted(rubric.career.ladder, key=lambda s: s.rank):
        if not low <= stage.rank <= high:
            continue
        pay = [Salary(label=p.label, text=p.text, source=titles.get(p.source, "the guides"))
               for p in rubric.career.salaries if p.stage == stage.id and p.region == region.id]
        if not pay:
            note = f"No figure for {region.name} at this stage in the guides."
        elif len({p.source for p in pay}) > 1:
            note = (f"{len({p.source for p in pay})} guides give different figures for this stage; "
                    "each is shown as its guide states it.")
        else:
            note = None
        ladder.append(StageView(
            name=stage.name, years=stage.years,
            roles=[r.name for r in rubric.roles if r.stage == stage.id],
            responsibilities=[r.rstrip(".") + "." for r in stage.responsibilities[:RESPONSIBILITIES]],
            salaries=pay, salary_note=note, you_are_here=stage.rank == here,
            target=stage.id == role.stage))
    other = [Salary(label=p.label, text=p.text, source=titles.get(p.source, "the guides"))
             for p in rubric.career.salaries if p.stage is None and p.region == region.id]
    start = "your current rung" if here <= target else "your target role"
    return CareerView(region=region.name,
                      intro=(f"The ladder from {start} upward, with years of experience and the "
                             f"salary figures for {region.name} exactly as the guides state them."),
                      ladder=ladder, other_salaries=other)
