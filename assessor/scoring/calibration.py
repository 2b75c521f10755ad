"""From a self-rating plus evidence and knowledge checks to a counted level and a confidence.

The rule, step by step (the README's "How scoring works" says the same; keep the two in step):

1. **Claim**: the self-rating (a skipped skill counts as 0).
2. **Evidence** (when asked) moves the claim at most one level toward what it shows: a claim more
   than one level above the highest ticked evidence is capped at evidence + 1; evidence above the
   claim lifts it one level. The result is the *claimed level*.
3. **Checks** (when asked) give a band estimate (``bands.py``) whose prior is centred on the
   claimed level. When the checks make it at least ``RULE_PROBABILITY`` sure that the band is
   *at most* k and the claimed level is above band k, the level comes down to the top of band k
   ("checks disagree"); when they make it that sure the band is *at least* k and the claimed level
   is below band k, the level goes up one ("checks show more"). Otherwise the claimed level stands.

Every step is monotonic (a higher rating, more evidence or a right answer never lowers the
result), which the property tests rely on: the prior is log-concave, so a higher claim shifts the
whole posterior up, and with no answers the prior alone never moves the claimed level.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor.schema.result import Adjustment, BandName, Confidence, SkillScore
from assessor.schema.rubric import Skill
from assessor.scoring import bands

BAND_WORD = {1: "recognise", 2: "apply", 3: "decide"}


@dataclass(frozen=True)
class SkillInput:
    rated: int | None         # None: skipped, not sure, or never asked
    asked: bool               # the skill was part of the questionnaire
    evidence_asked: bool      # the evidence question was asked (or the answers file lists evidence)
    evidence_level: int       # highest level among the ticked evidence (0 = none ticked)
    checks: tuple[tuple[int, bool | None], ...]  # (check level 1-3, right; None = "I don't know")
    has_checks: bool = False  # the rubric has knowledge checks for this skill


def claimed_level(rated: int | None, evidence_asked: bool, evidence_level: int) -> int:
    """Steps 1-2: the self-rating moved at most one level toward the evidence."""
    claim = 0 if rated is None else rated
    if not evidence_asked:
        return claim
    if claim > evidence_level + 1:
        return evidence_level + 1
    if claim < evidence_level:
        return claim + 1
    return claim


def band_posterior(claimed: int, checks) -> bands.Posterior:
    return bands.posterior(claimed, [(level, right is True) for level, right in checks])


def calibrate(skill: Skill, data: SkillInput) -> tuple[SkillScore, Adjustment]:
    rated = data.rated
    claim = 0 if rated is None else rated
    steps: list[str] = []
    level = claimed_level(rated, data.evidence_asked, data.evidence_level)
    if data.evidence_asked:
        e = data.evidence_level
        if level < claim:
            steps.append(f"no evidence above level {e}" if e else "no evidence ticked")
        elif level > claim:
            steps.append(f"evidence at level {e}")

    band: BandName | None = None
    band_probability: float | None = None
    verdict_note = ""
    confirmed = False
    answered = [c for c in data.checks if c[1] is not None]
    right_total = sum(1 for _, r in data.checks if r is True)
    if data.checks:
        post = band_posterior(level, data.checks)
        best, p = bands.estimate(post)
        band, band_probability = bands.BANDS[best], round(p, 3)  # type: ignore[assignment]
        steps.append(_checks_text(data.checks))
        steps.append(f"checks point to '{band}' ({round(100 * p)}% sure)")
        high, low = bands.upper_band(post), bands.lower_band(post)
        if level > bands.BAND_TOP[high]:
            level = bands.BAND_TOP[high]
            verdict_note = "checks disagree"
        elif level < bands.BAND_BOTTOM[low]:
            level += 1
            verdict_note = "checks show more"
        confirmed = bands.band_of_level(level) == best and p >= bands.RULE_PROBABILITY

    nothing_asked = not data.evidence_asked and not data.checks
    evidence_ok = data.evidence_asked and (data.evidence_level >= level or level <= 1)
    adjusted = rated is not None and level != rated
    confidence: Confidence
    if rated is None:
        confidence = "low"
    elif nothing_asked:
        confidence = "self-reported"  # quick mode, or a claim the full mode did not verify
    elif adjusted and level < rated:
        confidence = "low"
    elif level == 0 and rated == 0:
        confidence = "high"  # nothing claimed, and nothing found against it
    elif data.checks:
        confidence = "high" if (confirmed and evidence_ok) else (
            "medium" if (confirmed or evidence_ok) else "low")
    elif evidence_ok:
        confidence = "medium" if data.has_checks else "high"
    else:
        confidence = "low"

    head = "skipped" if rated is None and data.asked else ("not asked" if rated is None else f"rated {rated}")
    detail = "; ".join(steps)
    if rated is None or adjusted:
        verdict = f"counted as {level}"
        if verdict_note:
            verdict += f", {verdict_note}"
    else:
        verdict = "kept" if not nothing_asked else "kept (self-rating only)"
    reason = f"{head}{'; ' + detail if detail else ''}: {verdict}, {confidence} confidence"

    score = SkillScore(
        skill=skill.id, name=skill.name, category=skill.category, rated=rated, current=level,
        confidence=confidence, evidence_level=data.evidence_level if data.evidence_asked else None,
        checks_right=right_total, checks_answered=len(answered), asked=data.asked,
        checks_asked=len(data.checks), band=band, band_probability=band_probability)
    return score, Adjustment(skill=skill.id, name=skill.name, rated=rated, counted=level,
                             confidence=confidence, adjusted=adjusted, reason=reason)


def _checks_text(checks) -> str:
    """ "1 of 4 'apply' checks right", or "2 of 4 checks right (1 of 3 'apply', 1 of 1 'decide')"."""
    n = len(checks)
    right = sum(1 for _, r in checks if r is True)
    levels = sorted({lv for lv, _ in checks})
    noun = "check" if n == 1 else "checks"
    if len(levels) == 1:
        return f"{right} of {n} '{BAND_WORD.get(levels[0], levels[0])}' {noun} right"
    parts = []
    for lv in levels:
        of = [r for level, r in checks if level == lv]
        parts.append(f"{sum(1 for r in of if r is True)} of {len(of)} '{BAND_WORD.get(lv, lv)}'")
    return f"{right} of {n} {noun} right ({', '.join(parts)})"
