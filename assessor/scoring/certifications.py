"""Which certifications close the most of this person's gap, at a level that suits them.

Coverage = the share of the person's weighted gap (weight x levels missing) on skills the exam
covers; an exam spending at least 15% of its questions on a skill covers it fully, less counts in
proportion. Score = coverage x level factor (``level_factor``: 0.8 for an associate exam under
40% readiness, 0.75 for a professional one from 40 to 75%, 0.6 for a foundational one above 75%
when nothing else fits, else 1). The list is ordered by that score alone and shows it, so the
order explains itself. Which exams are recommended is a separate yes/no rule (``fit_note`` says
why one is not):

* active (never retired, retiring or with unverified details), and covering some of the gap;
* at the person's level: no professional, specialty or expert exam under 40% readiness, no
  foundational exam or course above 75% unless no other exam passes the rule;
* with a cloud chosen, from that cloud's vendor or vendor-neutral.

The headline ("best next certification") is the first recommended exam. Retired exams stay in the
list (the guides name them, so users will ask) with their successors, and each successor notes
which retired exam it replaces.
"""

from __future__ import annotations

import datetime as dt

from assessor.schema.result import CertificationRank, Gap
from assessor.schema.rubric import WEIGHT_VALUES, Certification, Role, Rubric

FULL_COVER_SHARE = 0.15  # an exam spending this share of its questions on a skill fully covers it
BEGINNER, ADVANCED = 40.0, 75.0  # readiness bounds of the level rule
TIER = {"course": 0, "foundational": 0, "associate": 1, "professional": 2, "specialty": 2, "expert": 2}


def tier_of(cert: Certification) -> int | None:
    """0 entry, 1 associate, 2 professional; None for an exam whose level no source states."""
    if cert.level:
        return TIER.get(cert.level, 1)
    return 0 if cert.kind == "course_certificate" else None
CLOUD_VENDORS = {"aws": ("Amazon Web Services", "AWS"), "azure": ("Microsoft", "Azure"),
                 "gcp": ("Google Cloud", "Google Cloud")}
CLOUD_NAMES = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud"}


def is_retired(cert: Certification, on: dt.date) -> bool:
    return cert.status == "retired" or (
        cert.status == "retiring" and cert.status_date is not None and cert.status_date <= on)


def cloud_of(cert: Certification) -> str | None:
    """The cloud whose exam this is; None for vendor-neutral exams (CNCF, NVIDIA, Databricks...)."""
    for cloud, prefixes in CLOUD_VENDORS.items():
        if any(cert.provider.startswith(p) for p in prefixes):
            return cloud
    return None


def rank_certifications(rubric: Rubric, gaps: list[Gap], overall: float, on: dt.date,
                        cloud: str = "any") -> list[CertificationRank]:
    """``overall`` is readiness (0-100) for the plan's role: it decides which exam levels fit."""
    weighted = {g.skill: WEIGHT_VALUES[g.weight] * g.gap for g in gaps}
    total = sum(weighted.values())
    replaced_by: dict[str, list[str]] = {}
    for c in rubric.certifications:
        if is_retired(c, on):
            for succ in c.successor_ids:
                replaced_by.setdefault(succ, []).append(c.id)

    rows, exact = [], {}
    for c in rubric.certifications:
        covered = [cov for cov in c.covers if cov.skill in weighted]
        share = sum(weighted[cov.skill] * min(1.0, cov.weight / FULL_COVER_SHARE) for cov in covered)
        exact[c.id] = share / total if total else 0.0
        coverage = round(exact[c.id], 3)
        retired = is_retired(c, on)
        rows.append((c, coverage, retired, _blocker(c, coverage, retired, overall, cloud)))
    # "Unless nothing else fits": foundational exams come back for advanced users with no other.
    if not any(b is None for _, _, _, b in rows):
        rows = [(c, cov, ret, None if b == FOUNDATIONAL_NOTE else b) for c, cov, ret, b in rows]

    out = []
    for c, coverage, retired, blocker in rows:
        recommended = blocker is None
        note = blocker or _fit_note(c, overall)
        factor = level_factor(c, overall)
        exact[c.id] = 0.0 if retired else exact[c.id] * factor
        out.append(CertificationRank(
            id=c.id, name=c.name, code=c.code, provider=c.provider, level=getattr(c, "level_label", None) or c.level or "not stated",
            status="retired" if retired else c.status, status_date=c.status_date,
            coverage=coverage, level_factor=factor,
            score=round(exact[c.id], 3),
            recommended=recommended, fit_note=note, cloud=cloud_of(c),
            successors=c.successor_ids, replaces=sorted(replaced_by.get(c.id, [])),
            covered_gaps=[cov.skill for cov in c.covers if cov.skill in weighted]))
    # Ties on score: an exam whose level is stated (so known to suit you) before one whose is not.
    stated = {c.id: tier_of(c) is not None for c in rubric.certifications}
    # Sorted on the unrounded score, so a change that scales every coverage alike keeps the order.
    out.sort(key=lambda r: (not r.recommended, r.status == "retired", -exact[r.id], not stated[r.id],
                            r.name, r.id))
    if out and out[0].recommended:
        out[0] = out[0].model_copy(update={"headline": True})
    return out


FOUNDATIONAL_NOTE = "foundational: below your level"


def _blocker(c: Certification, coverage: float, retired: bool, overall: float, cloud: str) -> str | None:
    """Why the exam is not recommended, or None when it is."""
    if retired:
        return "retired: take its successor instead"
    if c.status == "retiring":
        return f"retiring on {c.status_date:%d %b %Y}: check before booking"
    if c.status == "unverified":
        return "details unverified: check the provider's page"
    if coverage <= 0:
        return "covers none of your gaps"
    tier = tier_of(c)
    if tier == 2 and overall < BEGINNER:
        return f"{c.level or 'professional'} level: build the basics first (readiness under {BEGINNER:g}%)"
    vendor = cloud_of(c)
    if cloud != "any" and vendor is not None and vendor != cloud:
        return f"{CLOUD_NAMES[vendor]} exam: you work in {CLOUD_NAMES.get(cloud, cloud)}"
    if tier == 0 and overall > ADVANCED:
        return FOUNDATIONAL_NOTE
    return None


def level_factor(c: Certification, overall: float) -> float:
    tier = tier_of(c)
    if tier == 1 and overall < BEGINNER:
        return 0.8
    if tier == 2 and overall < ADVANCED:
        return 0.75
    if tier == 0 and overall > ADVANCED:
        return 0.6
    return 1.0


def _fit_note(c: Certification, overall: float) -> str:
    tier = tier_of(c)
    if tier is None:
        return "level not stated by the provider: check its page"
    if tier == 1 and overall < BEGINNER:
        return "associate level: a stretch at your level (score x 0.8)"
    if tier == 2 and overall < ADVANCED:
        return f"{c.level or 'professional'} level: a stretch until you are 75% ready (score x 0.75)"
    if tier == 0 and overall > ADVANCED:
        return "foundational: below your level, but no other exam fits (score x 0.6)"
    return "fits your level"


def certifications_note(role: Role, readiness: float, certs: list[CertificationRank],
                        cloud: str = "any") -> str | None:
    """One sentence when certifications matter little for this person; None otherwise."""
    if "research" in f"{role.id} {role.name} {role.focus}".lower():
        return (f"Certifications matter little for {role.name}: no exam covers research, and "
                "papers, experiments and reproduced results show it better.")
    if readiness >= ADVANCED:
        return (f"You are already {readiness:g}% ready for {role.name}: an exam adds little now; "
                "projects and experience carry more weight, so take one only if an employer asks for it.")
    if not any(c.recommended for c in certs):
        where = f" in {CLOUD_NAMES[cloud]} or vendor-neutral" if cloud in CLOUD_NAMES else ""
        return f"No active exam{where} fits your gaps at your level: build the skills with the plan first."
    return None
