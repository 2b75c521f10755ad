"""Readiness for a role, the gaps in priority order, and how well every role fits the person.

All pure: levels in, numbers out. Readiness is the importance-weighted share of each required
level the person reaches, so it is 0 with nothing and 100 with every requirement met, and it can
only grow when a level grows.

Role fit (README, "How scoring works") is readiness x match, where match is the share of the
levels of the person's strongest skills that the role asks for (a level the role does not ask
for, or asks lower, is not used by it). Both are shares a user can count by hand.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessor.schema.result import Confidence, Gap, RoleFit, StretchRole
from assessor.schema.rubric import WEIGHT_VALUES, Role, Rubric

STRONG = 3  # "advanced": skills at this level or above are a person's strengths
HALF_WAY = 50.0  # a role one rung up is a stretch when at least half of it is met


def readiness(role: Role, levels: Mapping[str, int]) -> float:
    total = sum(WEIGHT_VALUES[r.weight] for r in role.requirements)
    met = sum(WEIGHT_VALUES[r.weight] * min(levels.get(r.skill, 0), r.level) / r.level
              for r in role.requirements)
    return round(100.0 * met / total, 1)


def strengths(levels: Mapping[str, int]) -> set[str]:
    """Skills at level 3 or 4; with none that high, the skills at the person's highest level."""
    strong = {s for s, lv in levels.items() if lv >= STRONG}
    if strong:
        return strong
    top = max(levels.values(), default=0)
    return {s for s, lv in levels.items() if lv == top} if top > 0 else set()


def match(role: Role, levels: Mapping[str, int], strong: set[str]) -> float:
    """Sum over the strengths of min(level the role asks, your level), over the sum of your levels.

    1.0 when the role asks for every strength at your level or above (and when there are no
    strengths yet); a junior role asking level 2 of a level-4 skill uses half of it.
    """
    total = sum(levels[s] for s in strong)
    if not total:
        return 1.0
    asked = {r.skill: r.level for r in role.requirements}
    return sum(min(asked.get(s, 0), levels[s]) for s in strong) / total


def role_fit(rubric: Rubric, levels: Mapping[str, int], rated: set[str]) -> list[RoleFit]:
    strong = strengths(levels)
    fits = []
    for role in rubric.roles:
        ready = readiness(role, levels)
        m = match(role, levels, strong)
        weight_total = sum(WEIGHT_VALUES[r.weight] for r in role.requirements)
        rated_share = sum(WEIGHT_VALUES[r.weight] for r in role.requirements if r.skill in rated) / weight_total
        fits.append(RoleFit(role=role.id, name=role.name, readiness=ready, fit=round(ready * m, 1),
                            match=round(m, 3), nearly_ready=ready >= 75.0,
                            ladder_rank=role.ladder_rank, rated_share=round(rated_share, 3)))
    # A role "fits now" only when the person is nearly ready for it (75%+): those come first, by
    # fit; a 63%-ready senior role whose emphasis matches never outranks a 90%-ready entry role.
    # On a tie (e.g. nothing rated yet) the more ready role, then the lower rung comes first:
    # never suggest the top job by id.
    return sorted(fits, key=lambda f: (not f.nearly_ready, -f.fit, -f.readiness, f.ladder_rank, f.role))


def stretch_roles(rubric: Rubric, best: Role, levels: Mapping[str, int]) -> list[StretchRole]:
    """The best fit's next roles one rung (or more) up that are at least half met, most ready first."""
    out = []
    for role_id in best.next_roles:
        if role_id not in rubric.role_map:
            continue
        role = rubric.role(role_id)
        ready = readiness(role, levels)
        if role.ladder_rank <= best.ladder_rank or ready < HALF_WAY or ready >= 100:
            continue
        missing = [g.skill for g in gaps(rubric, role, levels, {})]
        out.append(StretchRole(role=role.id, name=role.name, readiness=ready, missing=missing))
    return sorted(out, key=lambda s: (-s.readiness, s.role))


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
