"""Which certifications close the most of this person's gap, at a level that suits them.

Retired exams are never recommended: they stay in the list (the guides name them, so users will
ask) with their successors, and each successor notes which retired exam it replaces.
"""

from __future__ import annotations

import datetime as dt

from assessor.schema.result import CertificationRank, Gap
from assessor.schema.rubric import WEIGHT_VALUES, Certification, Rubric

FULL_COVER_SHARE = 0.15  # an exam spending this share of its questions on a skill fully covers it
LEVEL_ORDER = {"foundational": 0, "associate": 1, "professional": 2, "expert": 2, "specialty": 2}


def is_retired(cert: Certification, on: dt.date) -> bool:
    return cert.status == "retired" or (
        cert.status == "retiring" and cert.status_date is not None and cert.status_date <= on)


def rank_certifications(rubric: Rubric, gaps: list[Gap], overall: float,
                        on: dt.date) -> list[CertificationRank]:
    """``overall`` is readiness (0-100) for the target role: it decides which exam levels fit."""
    weighted = {g.skill: WEIGHT_VALUES[g.weight] * g.gap for g in gaps}
    total = sum(weighted.values())
    stage = "beginner" if overall < 40 else "intermediate" if overall < 75 else "advanced"
    replaced_by: dict[str, list[str]] = {}
    for c in rubric.certifications:
        if is_retired(c, on):
            for succ in c.successor_ids:
                replaced_by.setdefault(succ, []).append(c.id)

    out = []
    for c in rubric.certifications:
        covered = [cov for cov in c.covers if cov.skill in weighted]
        share = sum(weighted[cov.skill] * min(1.0, cov.weight / FULL_COVER_SHARE) for cov in covered)
        coverage = share / total if total else 0.0
        # No stated tier: a course series counts as entry level; an exam gets no level adjustment.
        tier = LEVEL_ORDER[c.level] if c.level else (0 if c.kind == "course_certificate" else None)
        factor, note = 1.0, ""
        if stage == "beginner" and tier == 2:
            factor, note = 0.4, "professional level: build the basics (and a foundational exam) first"
        elif stage == "beginner" and tier == 1:
            factor, note = 0.8, "associate level: a stretch at your current level"
        elif stage == "intermediate" and tier == 2:
            factor, note = 0.75, "professional level: take it once the associate-level gaps are closed"
        elif stage == "advanced" and tier == 0:
            factor, note = 0.6, "foundational: likely below your level"
        retired = is_retired(c, on)
        if retired:
            note = "retired: take its successor instead"
        elif c.status == "retiring":
            note = f"retiring on {c.status_date:%d %b %Y}: check before booking"
        elif c.status == "unverified":
            factor *= 0.8
            note = note or "details unverified: check the provider's page"
        score = 0.0 if retired else coverage * factor
        out.append(CertificationRank(
            id=c.id, name=c.name, code=c.code, provider=c.provider, level=c.level_label,
            status="retired" if retired else c.status, status_date=c.status_date,
            coverage=round(coverage, 3), score=round(score, 4),
            recommended=not retired and coverage > 0, fit_note=note or "fits your level",
            successors=c.successor_ids, replaces=sorted(replaced_by.get(c.id, [])),
            covered_gaps=[cov.skill for cov in covered]))
    return sorted(out, key=lambda r: (not r.recommended, -r.score, r.status == "retired", r.name))
