"""The report's sentences, written from numbers the result holds (pure, no I/O).

Each function reads typed fields; none parses a reason string. When a field another stage fills
(``plan.target``, ``stretch``, ``calibration_summary``) is None, the sentence is built from what
the result already holds rather than left out.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from assessor.report.model import Backing
from assessor.schema.answers import Answers
from assessor.schema.result import AssessmentResult
from assessor.schema.rubric import Role, Rubric

LEVEL_WORDS = ("none", "beginner", "practitioner", "advanced", "expert")


def cert_label(cert) -> str:
    """Names often already carry the exam code ("... (AI-901)"); never print it twice."""
    return cert.name if not cert.code or cert.code in cert.name else f"{cert.name} ({cert.code})"


def domain(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _month(d) -> str:
    return f"{d:%b %Y}"


def _fits_now(result: AssessmentResult) -> str:
    """The best role the person is nearly ready for, if it is not the target."""
    now = next((f for f in result.role_fit if f.nearly_ready), None)
    if now is None or now.role == result.role:
        return ""
    return f"; {now.name} fits you now ({round(now.readiness)}%)"


def verdict(result: AssessmentResult, role_name: str) -> str:
    """One sentence: where the hours per week get you, by when, and what fits today."""
    plan = result.plan
    pace = f"At {plan.hours_per_week:g} h/week"
    if not result.gaps:
        nxt = ", and the plan prepares you for the next step" if plan.total_hours else ""
        return f"You meet every requirement of {role_name} today{nxt}."
    fits_now = _fits_now(result)
    target = plan.target
    if target is not None:
        if target.fits:
            return (f"{pace} you close every gap for {role_name} by {_month(plan.finish)}, "
                    f"before your target of {_month(target.date)}{fits_now}.")
        return (f"{pace} you reach {round(target.readiness_at_target)}% of {role_name} by "
                f"{_month(target.date)} (today {round(result.readiness)}%){fits_now}.")
    if plan.target_date is not None:
        if plan.target_reachable:
            return (f"{pace} you close every gap for {role_name} by {_month(plan.finish)}, "
                    f"before your target of {_month(plan.target_date)}{fits_now}.")
        if plan.hours_per_week_needed:
            return (f"{pace} the plan for {role_name} runs to {_month(plan.finish)}, past your "
                    f"target of {_month(plan.target_date)}; it needs about "
                    f"{plan.hours_per_week_needed:g} h/week to finish by then{fits_now}.")
        return (f"Your target date {plan.target_date:%d %B %Y} has passed; {pace.lower()} the plan "
                f"for {role_name} runs to {_month(plan.finish)}{fits_now}.")
    if plan.note:
        return f"{plan.note.rstrip('.')}{fits_now}."
    return (f"{pace} you close the gaps for {role_name} in about {plan.weeks} weeks, by "
            f"{_month(plan.finish)}{fits_now}.")


def backing(result: AssessmentResult) -> Backing:
    """Claims backed, lowered and raised; a plain sentence when most claims were not backed."""
    scores = {s.skill: s for s in result.skills}
    claims = [a for a in result.calibration if a.rated]
    lowered = [a for a in claims if a.counted < a.rated]
    raised = [a for a in result.calibration if a.rated is not None and a.counted > a.rated]
    checked = [a for a in claims if scores[a.skill].evidence_level is not None
               or scores[a.skill].checks_answered > 0]
    asked = sum(s.checks_asked or s.checks_answered for s in result.skills)
    right = sum(s.checks_right for s in result.skills)
    n_claims, n_lowered, n_raised = len(claims), len(lowered), len(raised)
    summary = result.calibration_summary
    if summary is not None:
        n_claims, n_lowered, n_raised = summary.claims, summary.lowered, summary.raised
        asked, right = summary.checks_asked, summary.checks_right
    backed = max(0, len([a for a in checked if a.counted >= a.rated]))
    checks = f" ({right} of {asked} knowledge checks right)" if asked else ""
    mostly = n_claims > 0 and 2 * n_lowered > n_claims
    if n_claims == 0:
        sentence = "You rated no skill above 0, so there was no claim to back."
    elif mostly:
        sentence = (f"Most of your self-ratings were not backed: {n_lowered} of {n_claims} claims "
                    f"were lowered after the evidence and knowledge checks{checks}, so this plan "
                    "starts from the lower levels.")
    elif not checked and not asked:
        sentence = (f"Your {n_claims} ratings are self-reported: nothing checked them in quick "
                    "mode; assessor assess --mode full adds evidence and knowledge checks.")
    else:
        parts = [f"{backed} of {n_claims} claims backed by evidence or checks",
                 f"{n_lowered} lowered", f"{n_raised} raised"]
        rest = n_claims - len(checked)
        tail = f"; {rest} self-reported only" if rest > 0 else ""
        sentence = f"{', '.join(parts)}{checks}{tail}."
        sentence = sentence[0].upper() + sentence[1:]
    return Backing(claims=n_claims, backed=backed, lowered=n_lowered, raised=n_raised,
                   checks_asked=asked, checks_right=right, mostly_unbacked=mostly, sentence=sentence)


def best_fit(result: AssessmentResult) -> str:
    top = result.role_fit[0]
    now = "fits you now" if top.nearly_ready else "fits you best today"
    target = " (your target)" if top.role == result.role else ""
    return f"{top.name}{target} {now}: {round(top.readiness)}% ready."


def stretch(result: AssessmentResult, rubric: Rubric, role: Role) -> str | None:
    """A role one rung up: from ``result.stretch`` when scoring filled it, else the next role."""
    if result.stretch:
        s = result.stretch[0]
        missing = [rubric.skill_map[m].name for m in s.missing if m in rubric.skill_map]
        more = f"; still missing {', '.join(missing[:3])}" if missing else ""
        return f"{s.name}: {round(s.readiness)}% ready{more}."
    readiness = {f.role: f.readiness for f in result.role_fit}
    for nxt in role.next_roles:
        if nxt in readiness:
            return f"{rubric.role_map[nxt].name}, one rung up: {round(readiness[nxt])}% ready today."
    return None


def cert_why(rank, view, rubric: Rubric) -> str:
    covered = view.covered[:3]
    what = f"it covers {', '.join(covered)}" if covered else "it covers part of your gap"
    return f"{what} ({view.coverage}% of your weighted gap); {rank.fit_note}."


def reflection(rubric: Rubric, answers: Answers) -> str | None:
    """The "is this career for you?" answers in one sentence, or nothing when none was given."""
    given = [(q, answers.reflection[q.id]) for q in rubric.reflection if q.id in answers.reflection]
    if not given:
        return None
    yes = sum(1 for _, a in given if a == "yes")
    doubts = [q.text.rstrip("?").lower() for q, a in given if a != "yes"]
    n = len(given)
    if not doubts:
        return (f"You answered yes to all {n} of the career guide's self-fit questions: nothing "
                "in your answers argues against this path.")
    quoted = "; ".join(f"“{d[0].upper() + d[1:]}?”" for d in doubts[:2])
    more = f" and {len(doubts) - 2} more" if len(doubts) > 2 else ""
    lead = ("Most of your answers fit this path" if yes * 2 > n else
            "Several of your answers question this path")
    return (f"{lead} (yes to {yes} of {n} self-fit questions). Weigh the ones you doubted before "
            f"committing the hours: {quoted}{more}")


_SOURCE_REF = re.compile(r"\s*\(\d{3}(?:,\s*\d{3})*\)|\s+in \d{3}\b")


def without_source_refs(text: str) -> str:
    """The rubric's "Mid (001); years not stated" without the guide numbers a reader cannot look up."""
    return _SOURCE_REF.sub("", text).strip()


_GUIDE_NUMBER = re.compile(r"(^|(?<=[.;:] )|(?<= ))(\d{3})\b")


def guide_numbers_to_titles(text: str, rubric: Rubric) -> str:
    """Rubric reasons cite guides by number ("core to the job in 001"); a reader gets the title."""
    titles = {src.id[:3]: "the " + src.title.split(" (")[0].split(": ")[-1]
              for src in rubric.meta.sources if src.id[:3].isdigit() and src.id[3:4] == "_"}

    def swap(m: re.Match[str]) -> str:
        title = titles.get(m.group(2))
        if title is None:
            return m.group(0)
        return m.group(1) + (title[0].upper() + title[1:] if m.start(2) == 0 else title)

    return _GUIDE_NUMBER.sub(swap, text)


def cert_link_note(url_from: str | None, kind: str) -> str:
    """What a certification's link is, said plainly: a study site is never called the exam page."""
    if url_from == "provider":
        return "course page" if kind == "course_certificate" else "exam page"
    if url_from == "third_party":
        return "third-party summary: no provider page was found"
    return "source"
