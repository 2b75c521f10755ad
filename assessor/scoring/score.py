"""Scoring, end to end: answers + rubric -> :class:`AssessmentResult`. Pure: no I/O, no printing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from assessor.schema.answers import Answers
from assessor.scoring.calibration import SkillInput, calibrate
from assessor.scoring.certifications import certifications_note, rank_certifications
from assessor.scoring.planning import build_plan
from assessor.scoring.readiness import gaps as find_gaps
from assessor.scoring.readiness import readiness, role_fit, stretch_roles
from assessor.schema.result import AssessmentResult, CalibrationSummary, SkillScore
from assessor.schema.loader import LoadedRubric
from assessor.schema.rubric import Role, Rubric

CORE_SIZE = 30


def core_skills(rubric: Rubric) -> list[str]:
    """For "not sure": the skills most roles ask for, most important first, in rubric order."""
    weight = Counter()
    for role in rubric.roles:
        for req in role.requirements:
            weight[req.skill] += {"nice": 1, "important": 2, "critical": 3}[req.weight]
    chosen = {s for s, _ in weight.most_common(CORE_SIZE)}
    return [s.id for s in rubric.skills if s.id in chosen]


def asked_skills(rubric: Rubric, role_id: str | None) -> list[str]:
    """The skills a questionnaire for this role asks about, in category then rubric order."""
    wanted = ({r.skill for r in rubric.role(role_id).requirements} if role_id
              else set(core_skills(rubric)))
    order = {c.id: i for i, c in enumerate(rubric.categories)}
    listed = [s for s in rubric.skills if s.id in wanted]
    return [s.id for s in sorted(listed, key=lambda s: order[s.category])]


def score(loaded: LoadedRubric, answers: Answers, *, today: dt.date, tool_version: str) -> AssessmentResult:
    rubric = loaded.rubric
    on = answers.assessed_on or today
    checks = rubric.check_map
    by_skill_checks: dict[str, list[tuple[int, bool | None]]] = {}
    for check_id, letter in answers.checks.items():
        skill, check = checks[check_id]
        by_skill_checks.setdefault(skill.id, []).append((check.level, letter == check.answer))
    for check_id in answers.checks_skipped:  # "I don't know": shown, counted as wrong
        skill, check = checks[check_id]
        by_skill_checks.setdefault(skill.id, []).append((check.level, None))
    evidence_levels = {e.id: e.level for s in rubric.skills for e in s.evidence}
    asked = set(asked_skills(rubric, answers.role)) | set(answers.ratings)

    scores, adjustments = [], []
    for skill in rubric.skills:
        ev_asked = skill.id in answers.evidence  # full mode asks it only for the claims it verifies
        ticked = [evidence_levels[e] for e in answers.evidence.get(skill.id, [])]
        data = SkillInput(rated=answers.ratings.get(skill.id), asked=skill.id in asked,
                          evidence_asked=ev_asked, evidence_level=max(ticked, default=0),
                          checks=tuple(by_skill_checks.get(skill.id, ())),
                          has_checks=bool(rubric.checks_of(skill.id)))
        s, a = calibrate(skill, data)
        scores.append(s)
        if s.asked or a.rated is not None:
            adjustments.append(a)
    levels = {s.skill: s.current for s in scores}
    confidence = {s.skill: s.confidence for s in scores}
    rated = {s.skill for s in scores if s.rated is not None}

    fits = role_fit(rubric, levels, rated)
    suggested = answers.role is None
    role: Role = rubric.role(fits[0].role if suggested else answers.role)
    role_ready = readiness(role, levels)
    gap_list = find_gaps(rubric, role, levels, confidence)

    plan_role, for_next = role, False
    if not gap_list and role.next_roles:
        plan_role, for_next = rubric.role(role.next_roles[0]), True
    plan_gaps = find_gaps(rubric, plan_role, levels, confidence) if for_next else gap_list
    plan = build_plan(rubric, plan_role, plan_gaps, levels, on, answers.hours_per_week,
                      answers.target_date, for_next)
    plan_ready = readiness(plan_role, levels)
    certs = rank_certifications(rubric, plan_gaps, plan_ready, on, answers.cloud)
    note = certifications_note(plan_role, plan_ready, certs, answers.cloud)
    stretch = stretch_roles(rubric, rubric.role(fits[0].role), levels)
    return AssessmentResult(
        tool_version=tool_version, rubric_name=rubric.meta.name, rubric_version=rubric.meta.version,
        rubric_digest=loaded.digest, assessed_on=on, name=answers.name, mode=answers.mode,
        region=answers.region, role=role.id, role_name=role.name, role_suggested=suggested,
        readiness=role_ready, skills=scores, role_fit=fits, gaps=gap_list, certifications=certs,
        plan=plan, calibration=adjustments, stretch=stretch, certifications_note=note,
        calibration_summary=summarise(scores))


def summarise(scores: list[SkillScore]) -> CalibrationSummary:
    return CalibrationSummary(
        claims=sum(1 for s in scores if s.rated),
        lowered=sum(1 for s in scores if s.rated is not None and s.current < s.rated),
        raised=sum(1 for s in scores if s.current > (s.rated or 0)),
        checks_asked=sum(s.checks_asked for s in scores),
        checks_right=sum(s.checks_right for s in scores))
