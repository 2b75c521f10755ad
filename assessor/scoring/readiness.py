"""Readiness for a role, the gaps in priority order, and how well every role fits the person.

All pure: levels in, numbers out. Readiness is the importance-weighted share of each required
level the person reaches, so it is 0 with nothing and 100 with every requirement met, and it can
only grow when a level grows.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessor.schema.result import Confidence, Gap, RoleFit
from assessor.schema.rubric import WEIGHT_VALUES, Role, Rubric

NEARLY_READY = 75.0  # readiness from which seniority and use of strengths decide the ranking


def readiness(role: Role, levels: Mapping[str, int]) -> float:
    total = sum(WEIGHT_VALUES[r.weight] for r in role.requirements)
    met = sum(WEIGHT_VALUES[r.weight] * min(levels.get(r.skill, 0), r.level) / r.level
              for r in role.requirements)
    return round(100.0 * met / total, 1)


def strength_use(role: Role, levels: Mapping[str, int]) -> float:
    """How much of the role's demand the person's levels fill: 1.0 = every requirement at level 4, met.

    A junior role asks for level 1-2 and so cannot use a level-4 specialist; this is what makes
    a PhD in NLP fit "NLP engineer" rather than "AI developer" when both are within reach.
    """
    total = sum(WEIGHT_VALUES[r.weight] * 16 for r in role.requirements)
    used = sum(WEIGHT_VALUES[r.weight] * min(levels.get(r.skill, 0), r.level) * r.level
               for r in role.requirements)
    return used / total


def role_fit(rubric: Rubric, levels: Mapping[str, int], rated: set[str]) -> list[RoleFit]:
    top_rank = max(r.ladder_rank for r in rubric.roles)
    fits = []
    for role in rubric.roles:
        ready = readiness(role, levels)
        weight_total = sum(WEIGHT_VALUES[r.weight] for r in role.requirements)
        rated_share = sum(WEIGHT_VALUES[r.weight] for r in role.requirements if r.skill in rated) / weight_total
        nearly = ready >= NEARLY_READY
        if nearly:
            # Among roles within reach: strengths used and ladder height first, readiness last.
            fit = 200 + 60 * strength_use(role, levels) + 25 * role.ladder_rank / top_rank + 0.15 * ready
        else:
            fit = ready + 5 * strength_use(role, levels)
        fits.append(RoleFit(role=role.id, name=role.name, readiness=ready, fit=round(fit, 2),
                            nearly_ready=nearly, ladder_rank=role.ladder_rank,
                            rated_share=round(rated_share, 3)))
    # On a tie (e.g. nothing rated yet) the lower rung comes first: never suggest the top job by id.
    return sorted(fits, key=lambda f: (-f.fit, -f.readiness, f.ladder_rank, f.role))


def gaps(rubric: Rubric, role: Role, levels: Mapping[str, int],
         confidence: Mapping[str, Confidence]) -> list[Gap]:
    """Every requirement not yet met, critical skills and prerequisites of other gaps first."""
    skills = rubric.skill_map
    open_ = {r.skill: r for r in role.requirements if levels.get(r.skill, 0) < r.level}
    blocks = {s: sorted(o for o in open_ if s in skills[o].prerequisites) for s in open_}

    def score(req) -> float:
        gap = req.level - levels.get(req.skill, 0)
        return 3 * WEIGHT_VALUES[req.weight] + gap + 2 * min(len(blocks[req.skill]), 2)

    order = sorted(open_.values(), key=lambda r: (-score(r), [q.skill for q in role.requirements].index(r.skill)))
    out = []
    for rank, req in enumerate(order, start=1):
        s = score(req)
        label = "top" if s >= 11 else "high" if s >= 8 else "medium" if s >= 5 else "low"
        skill = skills[req.skill]
        out.append(Gap(
            skill=req.skill, name=skill.name, category=skill.category,
            current=levels.get(req.skill, 0), required=req.level,
            gap=req.level - levels.get(req.skill, 0), weight=req.weight, priority=rank,
            priority_label=label, blocks=blocks[req.skill], why=req.why or skill.summary,
            sources=list(role.sources if req.why else skill.sources),
            confidence=confidence.get(req.skill, "low")))
    return out
