"""From a self-rating plus evidence and knowledge checks to a calibrated level and a confidence.

Self-ratings are unreliable in both directions, so concrete evidence statements move a rating at
most one level toward what they show, and a majority of wrong answers on questions at or below
the claimed level takes one level off. Each rule can only raise the result when the user's input
improves (a higher rating, more evidence, a right answer), which the property tests rely on.
The rule is spelled out in the README ("How scoring works"); keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor.schema.result import Adjustment, Confidence, SkillScore
from assessor.schema.rubric import Skill


@dataclass(frozen=True)
class SkillInput:
    rated: int | None         # None: skipped, not sure, or never asked
    asked: bool               # the skill was part of the questionnaire
    evidence_asked: bool      # full mode, or the answers file lists evidence for the skill
    evidence_level: int       # highest level among the ticked evidence (0 = none ticked)
    checks: tuple[tuple[int, bool], ...]  # (probe level, answered right) for answered checks
    has_checks: bool = False  # the rubric has knowledge checks for this skill


def calibrate(skill: Skill, data: SkillInput) -> tuple[SkillScore, Adjustment]:
    rated = data.rated
    steps: list[str] = []
    # A skipped skill is calibrated like a rating of 0, so that giving any rating never lowers it.
    claim = 0 if rated is None else rated
    level = claim
    if data.evidence_asked:
        e = data.evidence_level
        if claim > e + 1:
            level = e + 1
            steps.append(f"no evidence above level {e}" if e else "no evidence ticked")
        elif claim < e:
            level = claim + 1
            steps.append(f"evidence at level {e}")
    considered = [right for probe, right in data.checks if probe <= max(level, 1)]
    right = sum(considered)
    wrong = len(considered) - right
    if wrong and wrong > right:
        level = max(0, level - 1)
    all_right = sum(r for _, r in data.checks)
    if data.checks:
        steps.append(f"{all_right} of {len(data.checks)} check{'s' if len(data.checks) != 1 else ''} right")

    evidence_ok = data.evidence_asked and data.evidence_level >= level
    checks_ok = bool(considered) and right >= wrong and right > 0
    adjusted = rated is not None and level != rated
    confidence: Confidence
    if rated is None:
        confidence = "low"
    elif level == 0 and rated == 0:
        confidence = "high"  # nothing claimed, nothing to doubt
    elif adjusted and level < rated:
        confidence = "low"
    elif evidence_ok and (checks_ok or not data.has_checks):
        confidence = "high"
    elif evidence_ok or checks_ok or level <= 1:
        confidence = "medium"
    else:
        confidence = "low"

    head = "skipped" if rated is None and data.asked else ("not asked" if rated is None else f"rated {rated}")
    detail = "; ".join(steps)
    if rated is None:
        verdict = f"counted as {level}"
    elif adjusted:
        verdict = f"counted as {level}"
    else:
        verdict = "kept" if (data.evidence_asked or data.checks) else "kept (self-rating only)"
    reason = f"{head}{'; ' + detail if detail else ''}: {verdict}, {confidence} confidence"

    score = SkillScore(
        skill=skill.id, name=skill.name, category=skill.category, rated=rated, current=level,
        confidence=confidence, evidence_level=data.evidence_level if data.evidence_asked else None,
        checks_right=all_right, checks_answered=len(data.checks), asked=data.asked)
    return score, Adjustment(skill=skill.id, name=skill.name, rated=rated, counted=level,
                             confidence=confidence, adjusted=adjusted, reason=reason)
