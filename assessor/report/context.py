"""The scored result turned into the report's typed context (:mod:`assessor.report.model`).

Pure (no I/O, no clock): templates only lay this out and never compute a score. Wording lives
here and in :mod:`assessor.report.wording`, not in scoring, so the JSON result stays free of prose.
Fields that other stages fill later (``plan.target``, ``stretch``, ``calibration_summary``) are
used when present; when they are None the report says what it can from the rest of the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessor.report import wording as w
from assessor.report.model import (
    AnswerGroup, AnswerRow, CertView, ChartRow, Cover, GapRow, ReportContext, RetiredView, RoleFitRow,
    SourceView,
)
from assessor.report.career import career_view
from assessor.report.plan_view import link, plan_view
from assessor.report.progress_view import progress_view
from assessor.schema.answers import Answers
from assessor.schema.result import AssessmentResult, CertificationRank
from assessor.schema.rubric import Rubric

RELEVANT_RETIRED_SHARE = 0.25  # a retired exam shows when this share of it covers the reader's plan


def build_context(rubric: Rubric, answers: Answers, result: AssessmentResult,
                  progress: Mapping[str, Any] | None = None, *, paper: str = "a4") -> ReportContext:
    roles = rubric.role_map
    role = roles[result.role]
    scores = {s.skill: s for s in result.skills}

    gaps = [GapRow(skill=g.skill, name=g.name, category=rubric.category_map[g.category].name,
                   current=g.current, required=g.required, rated=scores[g.skill].rated,
                   weight=g.weight, priority=g.priority, priority_label=g.priority_label,
                   why=w.guide_numbers_to_titles(" ".join(g.why.split()), rubric), confidence=g.confidence,
                   blocks=[rubric.skill_map[b].name for b in g.blocks]) for g in result.gaps]
    chart = chart_rows(rubric, result)

    shown = [f for f in result.role_fit if f.role != result.role][:3]
    shown.append(next(f for f in result.role_fit if f.role == result.role))
    shown.sort(key=result.role_fit.index)
    role_fit = [RoleFitRow(rank=result.role_fit.index(f) + 1, name=f.name,
                           readiness=round(f.readiness), target=f.role == result.role) for f in shown]

    recommended = [c for c in result.certifications if c.recommended][:3]
    cert_views = [cert_view(rubric, c) for c in recommended]
    plan = plan_view(rubric, result)
    backing = w.backing(result)

    first = plan.checklist[0].items[0] if plan.checklist and plan.checklist[0].items else None
    first_step = plan.detailed[0] if plan.detailed else None
    best = cert_views[0] if cert_views else None
    cover = Cover(
        verdict=w.verdict(result, role.name),
        first_step=first_step, first_action=first.action if first else None,
        cert_headline=f"{best.name}, {best.provider}" if best else None,
        cert_why=w.cert_why(recommended[0], best, rubric) if best else None,
        best_fit=w.best_fit(result), stretch=w.stretch(result, rubric, role))

    answers_rows = [AnswerRow(name=s.name, rated=s.rated, counted=s.current,
                              evidence=s.evidence_level, checks_right=s.checks_right,
                              checks=s.checks_asked or s.checks_answered)
                    for s in result.skills if s.asked or s.rated is not None]
    answer_groups = group_answers(answers_rows)
    region = next(r for r in rubric.meta.regions if r.id == result.region)
    return ReportContext(
        title=f"AI career learning plan: {role.name}",
        person=result.name or "you", name_given=bool(result.name), date=result.assessed_on,
        role_name=role.name, role_line=f"{w.without_source_refs(role.experience)} · {role.focus}",
        role_suggested=result.role_suggested, readiness=round(result.readiness), cover=cover,
        backing=backing, no_gaps=not result.gaps, next_roles=[roles[n].name for n in role.next_roles],
        top_gaps=gaps[:3], gaps=gaps, chart=chart, role_fit=role_fit, plan=plan,
        certifications=cert_views, certifications_note=result.certifications_note,
        retired=retired_views(rubric, result, {c.id for c in recommended}),
        career=career_view(rubric, result, role),
        progress=progress_view(progress, role, rubric) if progress else None,
        answers=answer_groups,
        answers_checked=any(a.evidence is not None or a.checks for a in answers_rows),
        reflection=w.reflection(rubric, answers), notes=answers.notes,
        sources=[SourceView(title=s.title, summary=s.summary, link=link(s.url, text=s.title))
                 for s in rubric.meta.sources],
        mode=result.mode,
        about=(f"{rubric.meta.name}, version {result.rubric_version} (digest "
               f"{result.rubric_digest[:12]}); assessor {result.tool_version}; salary region "
               f"{region.name}; {'full' if result.mode == 'full' else 'quick'} mode."),
        tool_version=result.tool_version, rubric_version=result.rubric_version, paper=paper,
        brief_weeks=plan.checklist)


def chart_rows(rubric: Rubric, result: AssessmentResult) -> list[ChartRow]:
    """Every skill the role requires, gaps first in priority order, then met skills by weight."""
    role = rubric.role_map[result.role]
    scores = {s.skill: s for s in result.skills}
    priority = {g.skill: g.priority for g in result.gaps}
    rank = {"critical": 0, "important": 1, "nice": 2}
    reqs = sorted(role.requirements, key=lambda r: (
        r.skill not in priority, priority.get(r.skill, 0), rank[r.weight], scores[r.skill].name))
    return [ChartRow(name=scores[r.skill].name, rated=scores[r.skill].rated,
                     counted=min(scores[r.skill].current, 4), required=r.level, weight=r.weight,
                     met=r.skill not in priority, priority=priority.get(r.skill)) for r in reqs]


def cert_view(rubric: Rubric, c: CertificationRank) -> CertView:
    model = rubric.certification_map[c.id]
    certs = rubric.certification_map
    return CertView(
        name=w.cert_label(c), provider=c.provider, level=c.level, status=c.status,
        status_date=c.status_date, coverage=round(100 * c.coverage), fit_note=c.fit_note,
        covered=[rubric.skill_map[s].name for s in c.covered_gaps],
        replaces=[certs[r].code or certs[r].name for r in c.replaces],
        prerequisites=[certs[p].name for p in model.prerequisites],
        recommended_experience=model.recommended_experience, exam=model.exam,
        link=link(model.url, w.cert_link_note(model.url_from, model.kind)), checked=model.checked)


def retired_views(rubric: Rubric, result: AssessmentResult, recommended: set[str]) -> list[RetiredView]:
    """Retired exams the guides name, only when this reader would otherwise meet them: a
    successor is on their list, or a good share of the exam covers skills in their plan."""
    guides = {s.id for s in rubric.meta.sources if s.kind == "guide"}
    planned = {s.skill for p in result.plan.phases for s in p.steps} | {g.skill for g in result.gaps}
    out = []
    for rank in result.certifications:
        cert = rubric.certification_map[rank.id]
        if rank.status != "retired" or not guides.intersection(cert.sources):
            continue
        successors = [s for s in cert.successor_ids if s in rubric.certification_map]
        share = sum(cov.weight for cov in cert.covers if cov.skill in planned)
        listed = [s for s in successors if s in recommended]
        if not listed and share < RELEVANT_RETIRED_SHARE:
            continue
        names = [w.cert_label(rubric.certification_map[s]) for s in successors]
        why = ("its successor is on your list" if listed else
               f"about {round(100 * min(share, 1))}% of it covers skills in your plan")
        out.append(RetiredView(name=w.cert_label(cert), date=cert.status_date, successors=names,
                               why_shown=why))
    return out


def group_answers(rows: list[AnswerRow]) -> list[AnswerGroup]:
    """Each answer in exactly one group, in the order a reader asks about them: what was cut,
    what was raised, what stood, what was zero, what was skipped. Empty groups are left out."""
    def plain_zero(a: AnswerRow) -> bool:
        return a.rated == 0 and a.counted == 0 and not a.evidence and not a.checks

    groups = [
        AnswerGroup("Lowered", [a for a in rows if a.rated is not None and a.counted < a.rated]),
        AnswerGroup("Raised", [a for a in rows if a.rated is not None and a.counted > a.rated]),
        AnswerGroup("Counted as you rated them",
                    [a for a in rows if a.rated is not None and a.counted == a.rated and not plain_zero(a)]),
        AnswerGroup("Rated 0 (none), nothing ticked or asked, counted 0",
                    [a for a in rows if plain_zero(a)], show_levels=False),
        AnswerGroup("Skipped or not asked", [a for a in rows if a.rated is None]),
    ]
    return [g for g in groups if g.rows]

