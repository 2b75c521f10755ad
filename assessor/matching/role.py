"""The posting as an ad-hoc role, scored with the same functions as ``assess``.

Level a posting asks for, by its seniority (required skill, nice-to-have skill):

| seniority | required | nice to have |
|-----------|----------|--------------|
| junior    | 2        | 1            |
| mid       | 3        | 2            |
| senior    | 3        | 2            |
| lead      | 4        | 3            |
| executive | 4        | 3            |

Required skills weigh "critical", nice-to-have skills "nice" (the rubric's weights 3 and 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor.matching.extract import Extraction
from assessor.schema.result import AssessmentResult, Gap, Plan
from assessor.schema.rubric import Requirement, Role, Rubric
from assessor.scoring.planning import build_plan
from assessor.scoring.readiness import gaps as find_gaps
from assessor.scoring.readiness import readiness

LEVELS = {"junior": (2, 1), "mid": (3, 2), "senior": (3, 2), "lead": (4, 3), "executive": (4, 3)}
POSTING_ROLE_ID = "posting"


def posting_role(rubric: Rubric, ext: Extraction) -> Role:
    req_level, nice_level = LEVELS[ext.seniority]
    reqs = [Requirement(skill=m.skill, level=req_level if m.required else nice_level,
                        weight="critical" if m.required else "nice",
                        why=f"The posting asks for it: {', '.join(m.matched[:3])}")
            for m in ext.skills if m.skill in rubric.skill_map]
    # model_construct: a posting may name fewer than the 5 requirements a rubric role must have.
    return Role.model_construct(
        id=POSTING_ROLE_ID, name=(ext.title or "This job posting")[:80], seniority=ext.seniority,
        experience=f"{ext.years}+ years" if ext.years else "not stated", years_min=ext.years or 0,
        years_max=None, ladder_rank=1, stage="posting", focus="job posting", summary="A pasted job posting.",
        requirements=reqs, next_roles=[], sources=["the posting"])


@dataclass
class PostingFit:
    role: Role
    readiness: float | None
    gaps: list[Gap]
    plan: Plan | None


def fit(rubric: Rubric, ext: Extraction, result: AssessmentResult, *, hours_per_week: float,
        target_date, start) -> PostingFit:
    """Readiness, gaps and plan for the posting from the person's calibrated levels in ``result``."""
    role = posting_role(rubric, ext)
    if not role.requirements:
        return PostingFit(role, None, [], None)
    levels = {s.skill: s.current for s in result.skills}
    confidence = {s.skill: s.confidence for s in result.skills}
    gap_list = find_gaps(rubric, role, levels, confidence)
    plan = build_plan(rubric, role, gap_list, levels, start, hours_per_week, target_date, False)
    return PostingFit(role, readiness(role, levels), gap_list, plan)
