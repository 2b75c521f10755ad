"""Checks that span several rubric files: every id a file names must exist in another.

Every problem is collected (not just the first) so the loader can name each file and place.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from assessor.schema.base import Strict

if TYPE_CHECKING:
    from assessor.schema.rubric import Rubric


class CrossReferenceProblem(Strict):
    """One broken link between items; ``loc`` is a path inside :class:`Rubric`."""

    loc: tuple[str | int, ...]
    found: str
    expected: str


class CrossReferenceErrors(Exception):
    """Raised (not ValueError, so pydantic lets it through) with every cross-file problem at once."""

    def __init__(self, problems: list[CrossReferenceProblem]):
        super().__init__(f"{len(problems)} cross-reference problem(s)")
        self.problems = problems


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def cross_reference_problems(r: Rubric):
    def problem(loc, found, expected):
        return CrossReferenceProblem(loc=tuple(loc), found=str(found), expected=expected)

    source_ids = {s.id for s in r.meta.sources}
    guide_ids = {s.id for s in r.meta.sources if s.kind == "guide"}
    region_ids = {g.id for g in r.meta.regions}
    category_ids = {c.id for c in r.categories}
    skill_ids = [s.id for s in r.skills]
    role_ids = [x.id for x in r.roles]
    cert_ids = [c.id for c in r.certifications]
    stage_ids = [s.id for s in r.career.ladder]
    known_skills, known_roles, known_certs = set(skill_ids), set(role_ids), set(cert_ids)

    for name, items in (("categories", [c.id for c in r.categories]), ("skills", skill_ids),
                        ("roles", role_ids), ("certifications", cert_ids),
                        ("career.ladder", stage_ids)):
        for dup in sorted(_duplicates(items)):
            index = items.index(dup, items.index(dup) + 1)
            yield problem([*name.split("."), index, "id"], dup, f"a unique id among {name}")
    nested = [(("skills", i, "evidence", j, "id"), e.id) for i, s in enumerate(r.skills)
              for j, e in enumerate(s.evidence)]
    nested += [(("checks", j, "id"), c.id) for j, c in enumerate(r.checks)]
    for dup in sorted(_duplicates([v for _, v in nested])):
        loc = [loc for loc, v in nested if v == dup][1]
        yield problem(loc, dup, "evidence and check ids unique across the whole rubric")

    def cite(loc, refs):
        single = isinstance(refs, str)
        for k, ref in enumerate([refs] if single else refs):
            if ref not in source_ids:
                yield problem(loc if single else [*loc, k], ref,
                              f"a source id from rubric.yaml: {sorted(source_ids)}")

    for i, s in enumerate(r.skills):
        if s.category not in category_ids:
            yield problem(["skills", i, "category"], s.category, f"one of {sorted(category_ids)}")
        elif r.category_map[s.category].technical and len(r.checks_of(s.id)) < 2:
            yield problem(["skills", i, "id"], f"{s.id} has {len(r.checks_of(s.id))} checks",
                          "at least 2 knowledge checks (in checks/*.yaml) for a skill in a technical category")
        for k, pre in enumerate(s.prerequisites):
            if pre not in known_skills or pre == s.id:
                yield problem(["skills", i, "prerequisites", k], pre, "the id of another skill")
        yield from cite(["skills", i, "sources"], s.sources)
    yield from _prerequisite_cycles(r)

    for j, c in enumerate(r.checks):
        if c.skill not in known_skills:
            yield problem(["checks", j, "skill"], c.skill, "the id of a skill")

    for i, role in enumerate(r.roles):
        if role.stage not in stage_ids:
            yield problem(["roles", i, "stage"], role.stage, f"a career.ladder stage id: {stage_ids}")
        for k, req in enumerate(role.requirements):
            if req.skill not in known_skills:
                yield problem(["roles", i, "requirements", k, "skill"], req.skill, "the id of a skill")
        for k, nxt in enumerate(role.next_roles):
            if nxt not in known_roles or nxt == role.id:
                yield problem(["roles", i, "next_roles", k], nxt, "the id of another role")
        yield from cite(["roles", i, "sources"], role.sources)
        if role.years_source is not None and role.years_source not in guide_ids:
            yield problem(["roles", i, "years_source"], role.years_source,
                          f"a guide id from rubric.yaml: {sorted(guide_ids)}")

    for i, c in enumerate(r.certifications):
        for k, cov in enumerate(c.covers):
            if cov.skill not in known_skills:
                yield problem(["certifications", i, "covers", k, "skill"], cov.skill, "the id of a skill")
        for field in ("successor_ids", "prerequisites"):
            for k, other in enumerate(getattr(c, field)):
                if other not in known_certs or other == c.id:
                    loc_field = "successors" if field == "successor_ids" else field
                    yield problem(["certifications", i, loc_field, k], other,
                                  "the id of another certification")
        yield from cite(["certifications", i, "sources"], c.sources)

    for i, stage in enumerate(r.career.ladder):
        yield from cite(["career", "ladder", i, "sources"], stage.sources)
    for i, pay in enumerate(r.career.salaries):
        if pay.region not in region_ids:
            yield problem(["career", "salaries", i, "region"], pay.region, f"one of {sorted(region_ids)}")
        if pay.stage is not None and pay.stage not in stage_ids:
            yield problem(["career", "salaries", i, "stage"], pay.stage, f"a ladder stage id: {stage_ids}")
        yield from cite(["career", "salaries", i, "source"], pay.source)
    for i, g in enumerate(r.career.growth):
        if g.region is not None and g.region not in region_ids:
            yield problem(["career", "growth", i, "region"], g.region, f"one of {sorted(region_ids)}")
        yield from cite(["career", "growth", i, "source"], g.source)
    for i, pay in enumerate(r.career.premiums):
        if pay.stage is not None and pay.stage not in stage_ids:
            yield problem(["career", "premiums", i, "stage"], pay.stage, f"a ladder stage id: {stage_ids}")
        yield from cite(["career", "premiums", i, "source"], pay.source)
    for i, q in enumerate(r.reflection):
        yield from cite(["reflection", i, "source"], q.source)


def _prerequisite_cycles(r: Rubric):
    graph = {s.id: [p for p in s.prerequisites if p != s.id] for s in r.skills}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]):
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt in graph and state.get(nxt) is None:
                cycle = visit(nxt, path + [node])
                if cycle:
                    return cycle
        state[node] = 2
        return None

    for i, s in enumerate(r.skills):
        if state.get(s.id) is None:
            cycle = visit(s.id, [])
            if cycle:
                yield CrossReferenceProblem(
                    loc=("skills", i, "prerequisites"), found=" -> ".join(cycle),
                    expected="prerequisites without cycles")
