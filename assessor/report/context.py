"""Everything a report shows, as plain data: the scored result turned into words and chart numbers.

Pure (no I/O): templates only lay this out, and never compute a score. Wording lives here, not in
scoring, so the JSON result stays free of prose it does not need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assessor.schema.answers import Answers
from assessor.schema.result import AssessmentResult
from assessor.schema.rubric import Rubric

LEVEL_WORDS = ("none", "beginner", "practitioner", "advanced", "expert")
CONFIDENCE_NOTES = {
    "high": "your rating is backed by evidence and knowledge checks",
    "medium": "partly backed by evidence or checks",
    "low": "self-rating only, or not backed by what you ticked and answered",
    "self-reported": "your own rating: nothing was asked to back or doubt it",
}


@dataclass
class ReportContext:
    title: str
    person: str
    name_given: bool
    date: dt.date
    role: dict
    readiness: int
    verdict: str
    no_gaps: bool
    top_gaps: list[dict]
    role_fit: list[dict]
    best_cert: dict | None
    categories: list[dict]
    skills: list[dict]
    gaps: list[dict]
    plan: dict
    certifications: list[dict]
    retired: list[dict]
    career: dict
    progress: dict | None
    calibration: list[dict]
    self_rated_only: int
    answers: list[dict]
    reflection: list[dict]
    notes: str | None
    sources: list[dict]
    meta: dict = field(default_factory=dict)


def cert_label(cert) -> str:
    """Names often already carry the exam code ("... (AI-901)"); never print it twice."""
    return cert.name if not cert.code or cert.code in cert.name else f"{cert.name} ({cert.code})"


def verdict(readiness: float, role_name: str, gaps: int, critical: int) -> str:
    if gaps == 0:
        return f"You meet every requirement of {role_name}: time to aim one step higher."
    if readiness >= 85:
        return f"You are nearly ready for {role_name}: {gaps} gap{'s' if gaps > 1 else ''} left to close."
    if readiness >= 60:
        return (f"You have a solid base for {role_name}; closing the {critical or gaps} most "
                "important gaps below will make you a credible candidate.")
    if readiness >= 30:
        return f"You are on your way to {role_name}: the plan below builds the core skills first."
    return f"{role_name} is a long-range goal from here: start with the foundations in the first month."


def build_context(rubric: Rubric, answers: Answers, result: AssessmentResult,
                  progress: dict | None = None) -> ReportContext:
    skills, roles, certs = rubric.skill_map, rubric.role_map, rubric.certification_map
    sources = {s.id: s for s in rubric.meta.sources}
    role = roles[result.role]
    critical = sum(1 for g in result.gaps if g.weight == "critical")

    keys = {s.id: str(n) for n, s in enumerate(rubric.meta.sources, start=1)}

    def src(ids):
        return [{"id": i, "key": keys.get(i, "?"), "title": sources[i].title if i in sources else i}
                for i in ids]

    gaps = [{
        "skill": g.skill, "name": g.name, "current": g.current, "required": g.required, "gap": g.gap,
        "weight": g.weight, "priority": g.priority, "priority_label": g.priority_label,
        "why": " ".join(g.why.split()), "sources": src(g.sources), "confidence": g.confidence,
        "confidence_note": CONFIDENCE_NOTES[g.confidence],
        "current_word": LEVEL_WORDS[g.current], "required_word": LEVEL_WORDS[g.required],
        "blocks": [skills[b].name for b in g.blocks],
        "category": rubric.category_map[g.category].name,
    } for g in result.gaps]

    score_by_skill = {s.skill: s for s in result.skills}
    skill_rows = []
    for req in role.requirements:
        s = score_by_skill[req.skill]
        skill_rows.append({"skill": s.skill, "name": s.name, "category": s.category,
                           "current": s.current, "required": req.level, "weight": req.weight,
                           "confidence": s.confidence, "rated": s.rated})
    order = {c.id: i for i, c in enumerate(rubric.categories)}
    skill_rows.sort(key=lambda r: (order[r["category"]], -r["required"], r["name"]))
    categories = []
    for cat in rubric.categories:
        rows = [r for r in skill_rows if r["category"] == cat.id]
        if rows:
            categories.append({
                "id": cat.id, "name": cat.name,
                "current": round(sum(min(r["current"], 4) for r in rows) / len(rows), 2),
                "required": round(sum(r["required"] for r in rows) / len(rows), 2)})

    # The three best fits plus the target, in rank order, so the # column always reads upward.
    shown = [f for f in result.role_fit if f.role != result.role][:3]
    shown.append(next(f for f in result.role_fit if f.role == result.role))
    shown.sort(key=result.role_fit.index)
    role_fit = [{"role": f.role, "name": f.name, "readiness": round(f.readiness),
                 "target": f.role == result.role, "rank": result.role_fit.index(f) + 1,
                 "rated_share": round(100 * f.rated_share)} for f in shown]

    recommended = [c for c in result.certifications if c.recommended][:5]

    def cert_row(c):
        model = certs[c.id]
        return {"id": c.id, "name": c.name, "code": c.code, "provider": c.provider, "level": c.level,
                "status": c.status, "status_date": c.status_date, "coverage": round(100 * c.coverage),
                "fit_note": c.fit_note, "prerequisites": [certs[p].name for p in model.prerequisites],
                "recommended_experience": model.recommended_experience, "exam": model.exam,
                "replaces": [certs[r].code or certs[r].name for r in c.replaces],
                "covered": [skills[s].name for s in c.covered_gaps], "url": model.url,
                "checked": model.checked, "status_note": model.status_note}

    retired = []
    for c in rubric.certifications:
        rank = next(r for r in result.certifications if r.id == c.id)
        if rank.status == "retired" and any(s.startswith("0") for s in c.sources):
            successors = [certs[s] for s in c.successor_ids]
            retired.append({"name": c.name, "code": c.code, "date": c.status_date,
                            "successors": [cert_label(s) for s in successors],
                            "note": c.status_note})

    plan = result.plan
    plan_role = roles[plan.for_role] if plan.for_role else role
    reach = None
    if plan.target_date:
        if plan.target_reachable:
            reach = (f"At {plan.hours_per_week:g} hours a week you finish around {plan.finish:%d %B %Y}, "
                     f"before your target date of {plan.target_date:%d %B %Y}.")
        elif plan.hours_per_week_needed:
            reach = (f"At {plan.hours_per_week:g} hours a week you would finish around "
                     f"{plan.finish:%d %B %Y}, after your target date of {plan.target_date:%d %B %Y}: "
                     f"it takes about {plan.hours_per_week_needed:g} hours a week, or a later date.")
        else:
            reach = f"Your target date {plan.target_date:%d %B %Y} has already passed; pick a new one."
    plan_ctx = {
        "role": plan_role.name, "for_next_role": plan.for_next_role,
        "hours_per_week": plan.hours_per_week, "total_hours": plan.total_hours, "weeks": plan.weeks,
        "start": plan.start, "finish": plan.finish, "target_date": plan.target_date, "reach": reach,
        "phases": [{"name": p.name, "first_week": p.first_week, "last_week": p.last_week,
                    "hours": p.hours, "detailed": p.first_week < 14, "steps": [s.model_dump() | {
                        "from_word": LEVEL_WORDS[s.from_level], "to_word": LEVEL_WORDS[s.to_level]}
                        for s in p.steps]} for p in plan.phases],
    }

    region = next(r for r in rubric.meta.regions if r.id == result.region)
    stage_rank = rubric.stage_map[role.stage].rank
    ladder = []
    for stage in sorted(rubric.career.ladder, key=lambda s: s.rank):
        if stage.rank < stage_rank:
            continue
        pay = [p for p in rubric.career.salaries if p.stage == stage.id and p.region == region.id]
        ladder.append({
            "name": stage.name, "years": stage.years, "current": stage.id == role.stage,
            "responsibilities": stage.responsibilities,
            "roles": [r.name for r in rubric.roles if r.stage == stage.id],
            "salaries": [{"label": p.label, "text": p.text, "source": sources[p.source].title,
                          "key": keys[p.source]} for p in pay],
            "sources": src(stage.sources)})
    other_pay = [{"label": p.label, "text": p.text, "source": sources[p.source].title, "key": keys[p.source]}
                 for p in rubric.career.salaries if p.stage is None and p.region == region.id]
    career = {"region": region.name, "ladder": ladder, "other_salaries": other_pay,
              "next_roles": [roles[n].name for n in role.next_roles]}

    answers_rows = []
    for sid in [s.skill for s in result.skills if s.asked or s.rated is not None]:
        sk, sc = skills[sid], score_by_skill[sid]
        ticked = [e.text for e in sk.evidence if e.id in answers.evidence.get(sid, [])]
        checks = [{"question": c.question, "chosen": answers.checks[c.id],
                   "right": answers.checks[c.id] == c.answer} for c in rubric.checks_of(sid) if c.id in answers.checks]
        answers_rows.append({"name": sk.name, "rated": sc.rated, "counted": sc.current,
                             "rated_title": sk.levels[sc.rated].title if sc.rated is not None else None,
                             "evidence": ticked, "evidence_asked": sc.evidence_level is not None,
                             "checks_right": sum(c["right"] for c in checks), "checks": len(checks)})
    reflection = [{"text": q.text, "answer": answers.reflection[q.id]}
                  for q in rubric.reflection if q.id in answers.reflection]

    calibration = [{"name": a.name, "rated": a.rated, "counted": a.counted, "adjusted": a.adjusted,
                    "confidence": a.confidence, "reason": a.reason} for a in result.calibration
                   if a.adjusted or a.rated is None or "(self-rating only)" not in a.reason]
    self_only = sum(1 for a in result.calibration if a.rated is not None and not a.adjusted
                    and "(self-rating only)" in a.reason)
    person = result.name or "Your"
    shown_certs = {c.id for c in recommended} | {
        c.id for c in rubric.certifications if c.name in {r["name"] for r in retired}}
    return ReportContext(
        title=f"AI career learning plan: {role.name}",
        person=result.name or "you", name_given=bool(result.name), date=result.assessed_on,
        role={"id": role.id, "name": role.name, "focus": role.focus, "experience": role.experience,
              "summary": role.summary, "suggested": result.role_suggested},
        readiness=round(result.readiness),
        verdict=verdict(result.readiness, role.name, len(result.gaps), critical),
        no_gaps=not result.gaps, top_gaps=gaps[:3], role_fit=role_fit,
        best_cert=cert_row(recommended[0]) if recommended else None,
        categories=categories, skills=skill_rows, gaps=gaps, plan=plan_ctx,
        certifications=[cert_row(c) for c in recommended], retired=retired, career=career,
        progress=progress, calibration=calibration, self_rated_only=self_only, answers=answers_rows, reflection=reflection,
        notes=answers.notes,
        sources=[{"id": s.id, "key": keys[s.id], "title": s.title, "kind": s.kind, "summary": s.summary}
                 for s in rubric.meta.sources],
        meta={"rubric": rubric.meta.name, "rubric_version": result.rubric_version,
              "digest": result.rubric_digest[:12], "tool_version": result.tool_version,
              "mode": result.mode, "region": region.name, "owner": person,
              "cert_urls": [{"name": c.name, "url": c.url, "checked": c.checked,
                             "shown": c.id in shown_certs} for c in rubric.certifications]})
