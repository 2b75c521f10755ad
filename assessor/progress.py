"""What changed between two runs: readiness, skill levels, gaps, stale ratings, rubric changes.

Pure: it works on stored results as plain JSON data (``json.loads`` of a stored run) or on
:class:`~assessor.schema.result.AssessmentResult` models, does no I/O and never prints. The
``progress`` command feeds it JSON so it never imports pydantic; the report feeds it models.

Its records are named tuples, which are cheap to define: ``assessor progress`` is timed against
``assessor --version``.

Comparisons stay honest when things change between runs:
- the rubric: levels are compared only on the skills both runs know; the rest is listed as
  added or removed;
- the target role: the earlier run's readiness is taken for the later run's role (every run
  stores its readiness for every role), so the readiness change measures one thing;
- what was asked: a skill counts only in runs where the user said something about it (rating,
  evidence or a knowledge check). A skill not asked this time did not drop to level 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

STALE_AFTER_DAYS = 90  # a self-rating this old says little about today


class RunPoint(NamedTuple):
    run: int | None
    assessed_on: dt.date
    role: str | None
    role_name: str | None
    readiness: float
    rubric_version: str
    rubric_digest: str

    def as_json(self) -> dict:
        return {"run": self.run, "assessed_on": self.assessed_on.isoformat(), "role": self.role,
                "role_name": self.role_name, "readiness": self.readiness,
                "rubric_version": self.rubric_version}


class SkillChange(NamedTuple):
    skill: str
    name: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


class NewSkill(NamedTuple):
    """Assessed in the later run only (not asked, or skipped, before)."""

    skill: str
    name: str
    level: int


class GapChange(NamedTuple):
    skill: str
    name: str
    current: int
    required: int


class StaleSkill(NamedTuple):
    skill: str
    name: str
    last_rated: dt.date
    days: int  # from the last self-rating to the later run
    level: int


class Comparison(NamedTuple):
    before: RunPoint
    after: RunPoint
    readiness_before: float  # the earlier run's readiness for the later run's role
    skills: tuple[SkillChange, ...]
    newly_assessed: tuple[NewSkill, ...]
    gaps_closed: tuple[GapChange, ...]
    gaps_opened: tuple[GapChange, ...]
    stale: tuple[StaleSkill, ...]
    shared: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    stale_after_days: int = STALE_AFTER_DAYS

    @property
    def readiness_after(self) -> float:
        return self.after.readiness

    @property
    def readiness_change(self) -> float:
        return round(self.readiness_after - self.readiness_before, 1)

    @property
    def days(self) -> int:
        return (self.after.assessed_on - self.before.assessed_on).days

    @property
    def role_changed(self) -> bool:
        return self.before.role != self.after.role

    @property
    def rubric_changed(self) -> bool:
        return self.before.rubric_digest != self.after.rubric_digest

    def as_json(self) -> dict:
        def gap(g: GapChange) -> dict:
            return {"skill": g.skill, "name": g.name, "current": g.current, "required": g.required}

        return {
            "before": self.before.as_json(), "after": self.after.as_json(), "days": self.days,
            "role": self.after.role, "role_changed": self.role_changed,
            "readiness": {"before": self.readiness_before, "after": self.readiness_after,
                          "change": self.readiness_change, "role": self.after.role},
            "skills": [{"skill": s.skill, "name": s.name, "before": s.before, "after": s.after,
                        "change": s.change} for s in self.skills],
            "newly_assessed": [{"skill": s.skill, "name": s.name, "level": s.level}
                               for s in self.newly_assessed],
            "gaps_closed": [gap(g) for g in self.gaps_closed],
            "gaps_opened": [gap(g) for g in self.gaps_opened],
            "stale": [{"skill": s.skill, "name": s.name, "last_rated": s.last_rated.isoformat(),
                       "days": s.days, "level": s.level} for s in self.stale],
            "stale_after_days": self.stale_after_days,
            "rubric_changed": self.rubric_changed, "shared_skills": self.shared,
            "added": list(self.added), "removed": list(self.removed),
        }


def as_data(result: Any) -> Mapping:
    """A stored result as JSON data, whether it came from ``json.loads`` or is a model."""
    if isinstance(result, Mapping):
        return result
    return result.model_dump(mode="json")


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def assessed(score: Mapping) -> bool:
    """Did the user say anything about this skill in that run?"""
    return (score.get("rated") is not None or (score.get("checks_answered") or 0) > 0
            or (score.get("evidence_level") or 0) > 0)


def _self_ratings(run: Any) -> tuple[dt.date, Mapping[str, int]]:
    """(date, {skill: self-rating}) of a stored run, a result model, or result JSON."""
    if isinstance(run, Mapping):
        return _date(run["assessed_on"]), {s["skill"]: s["rated"] for s in run["skills"]
                                           if s.get("rated") is not None}
    if hasattr(run, "ratings") and hasattr(run, "assessed_on"):  # a stored run: no parsing
        return _date(run.assessed_on), run.ratings
    if hasattr(run, "result"):
        return _self_ratings(run.result)
    return run.assessed_on, {s.skill: s.rated for s in run.skills if s.rated is not None}


def last_ratings(runs: Iterable[Any]) -> dict[str, tuple[dt.date, int]]:
    """Per skill: the date and level of its latest self-rating across ``runs`` (stored runs,
    result models or result JSON)."""
    out: dict[str, tuple[dt.date, int]] = {}
    for run in runs:
        on, rated = _self_ratings(run)
        for skill, level in rated.items():
            if skill not in out or out[skill][0] <= on:
                out[skill] = (on, level)
    return out


def stale_skills(last_rated: Mapping[str, tuple[dt.date, int]], after: Any,
                 after_days: int = STALE_AFTER_DAYS) -> tuple[StaleSkill, ...]:
    """Skills of the later run whose last self-rating is ``after_days`` or more older than it."""
    data = as_data(after)
    on = _date(data["assessed_on"])
    names = {s["skill"]: s["name"] for s in data["skills"] if s.get("rated") is None}
    found = [StaleSkill(skill, names[skill], _date(when), (on - _date(when)).days, level)
             for skill, (when, level) in last_rated.items()
             if skill in names and (on - _date(when)).days >= after_days]
    return tuple(sorted(found, key=lambda s: (-s.days, s.skill)))


def _point(data: Mapping, run: int | None) -> RunPoint:
    return RunPoint(run=run, assessed_on=_date(data["assessed_on"]), role=data.get("role"),
                    role_name=data.get("role_name"), readiness=data["readiness"],
                    rubric_version=data.get("rubric_version", ""),
                    rubric_digest=data.get("rubric_digest", ""))


def _readiness_for(result: Any, role: str | None) -> float:
    """A run's readiness for ``role``: every run stores its readiness for every role."""
    if not isinstance(result, Mapping):  # a model
        if result.role == role:
            return result.readiness
        return next((f.readiness for f in result.role_fit if f.role == role), result.readiness)
    if result.get("role") == role:
        return result["readiness"]
    fit = next((f for f in result.get("role_fit", []) if f.get("role") == role), None)
    return fit["readiness"] if fit else result["readiness"]


def compare(before: Any, after: Any, *, last_rated: Mapping[str, tuple[dt.date, int]] | None = None,
            before_run: int | None = None, after_run: int | None = None,
            stale_after_days: int = STALE_AFTER_DAYS) -> Comparison:
    """Compare two results. ``last_rated`` (see :func:`last_ratings`) should cover every run up
    to ``after``; without it only these two runs are looked at for stale ratings."""
    b, a = as_data(before), as_data(after)
    b_skills = {s["skill"]: s for s in b["skills"]}
    a_skills = {s["skill"]: s for s in a["skills"]}
    shared = [k for k in a_skills if k in b_skills]
    changes, new = [], []
    for k in shared:
        was, now = b_skills[k], a_skills[k]
        if assessed(was) and assessed(now) and was["current"] != now["current"]:
            changes.append(SkillChange(k, now["name"], was["current"], now["current"]))
        elif assessed(now) and not assessed(was):
            new.append(NewSkill(k, now["name"], now["current"]))
    b_gaps = {g["skill"] for g in b["gaps"]}
    a_gaps = {g["skill"] for g in a["gaps"]}
    closed = [GapChange(g["skill"], g["name"], g["current"], g["required"]) for g in b["gaps"]
              if g["skill"] not in a_gaps and g["skill"] in a_skills]
    # A gap that appears only because the skill was not asked this time is no news: leave it out.
    opened = [GapChange(g["skill"], g["name"], g["current"], g["required"]) for g in a["gaps"]
              if g["skill"] not in b_gaps and g["skill"] in b_skills and assessed(a_skills[g["skill"]])]
    if last_rated is None:
        last_rated = last_ratings([b, a])
    return Comparison(
        before=_point(b, before_run), after=_point(a, after_run),
        readiness_before=_readiness_for(b, a.get("role")), skills=tuple(changes),
        newly_assessed=tuple(new), gaps_closed=tuple(closed), gaps_opened=tuple(opened),
        stale=stale_skills(last_rated, a, stale_after_days), shared=len(shared),
        added=tuple(k for k in a_skills if k not in b_skills),
        removed=tuple(k for k in b_skills if k not in a_skills), stale_after_days=stale_after_days)


def compare_history(runs: Sequence[Any]) -> Comparison | None:
    """The last run against the one before it, looking at all of ``runs`` for stale ratings.

    ``runs`` is oldest first: stored runs (with ``.id`` and ``.result``) or plain results. Only
    the last two results are read in full. None when there is no earlier run.
    """
    if len(runs) < 2:
        return None
    before, after = (getattr(r, "result", r) for r in runs[-2:])
    return compare(before, after, last_rated=last_ratings(runs),
                   before_run=getattr(runs[-2], "id", None), after_run=getattr(runs[-1], "id", None))


def _point_of(run: Any, role: str | None) -> tuple[dt.date, float, str | None]:
    """(date, readiness for ``role``, the run's own role), from the cheap fields when they do."""
    if not isinstance(run, Mapping) and not hasattr(run, "assessed_on"):
        run = run.result
    if isinstance(run, Mapping):
        on, own = _date(run["assessed_on"]), run.get("role")
    else:  # a stored run or a result model: both carry these fields
        on, own = _date(run.assessed_on), run.role
    if role is None or own == role:
        return on, (run["readiness"] if isinstance(run, Mapping) else run.readiness), own
    return on, _readiness_for(getattr(run, "result", run), role), own


def readiness_trend(runs: Iterable[Any], role: str | None = None) -> list[tuple[dt.date, float, str | None]]:
    """(date, readiness, role) per run, oldest first: the points of the report's trend chart.

    With ``role``, every run's readiness for that role (what a trend should compare); without,
    each run's readiness for its own target role. Takes stored runs, results, or the cheap
    summaries of :meth:`Store.summaries_up_to`.
    """
    return [_point_of(run, role) for run in runs]


def report_progress(rubric: Any, history: Sequence[Any]) -> dict | None:
    """The report's progress section: readiness over every run, and what changed since the last.

    ``history`` is :meth:`Store.runs_up_to` of the reported run (oldest first, ending with it).
    Readiness is taken for the reported run's role in every run, so the trend measures one thing.
    """
    comparison = compare_history(history)
    if comparison is None:
        return None
    c = comparison
    role = c.after.role
    trend = []
    for run in history:
        on, ready, _ = _point_of(run, role)
        trend.append({"run": getattr(run, "id", None), "date": on, "label": on.isoformat(),
                      "readiness": ready})
    changes = [{"skill": s.skill, "name": s.name, "before": s.before, "after": s.after,
                "delta": s.change, "delta_text": f"{s.change:+d}"} for s in c.skills]
    changes += [{"skill": s.skill, "name": s.name, "before": None, "after": s.level,
                 "delta": None, "delta_text": "new"} for s in c.newly_assessed]
    names = {s.id: s.name for s in getattr(rubric, "skills", [])}
    return {
        "trend": trend, "runs": len(history), "previous_run": c.before.run, "previous_date": c.before.assessed_on,
        "readiness_before": c.readiness_before, "readiness_after": c.readiness_after,
        "readiness_change": c.readiness_change, "changes": changes,
        "gaps_closed": [g.name for g in c.gaps_closed], "gaps_opened": [g.name for g in c.gaps_opened],
        "stale": [{"skill": s.skill, "name": s.name, "last_rated": s.last_rated, "days": s.days,
                   "level": s.level} for s in c.stale],
        "added": [names.get(k, k) for k in c.added], "removed": list(c.removed),
        "notes": progress_notes(c, names),
    }


def progress_notes(c: Comparison, names: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per thing worth knowing about the comparison, for the report."""
    names = names or {}
    notes = [f"Readiness {c.readiness_before:.0f}% -> {c.readiness_after:.0f}% "
             f"({c.readiness_change:+.1f} points) in {c.days} day{'s' if c.days != 1 else ''}."]
    if c.role_changed:
        notes.append(f"You changed target role since then (was {c.before.role_name or c.before.role}); "
                     f"the earlier figure is that run's readiness for {c.after.role_name or c.after.role}.")
    if c.gaps_closed:
        notes.append("Gaps closed: " + ", ".join(g.name for g in c.gaps_closed) + ".")
    if c.gaps_opened:
        notes.append("New gaps: " + ", ".join(g.name for g in c.gaps_opened) + ".")
    if c.rubric_changed:
        text = (f"The rubric changed between the runs ({c.before.rubric_version} -> "
                f"{c.after.rubric_version}); levels are compared on the {c.shared} skills both share.")
        if c.added:
            text += " Added: " + ", ".join(names.get(k, k) for k in c.added) + "."
        if c.removed:
            text += " Removed: " + ", ".join(c.removed) + "."
        notes.append(text)
    if c.stale:
        notes.append(f"Not re-rated for {c.stale_after_days}+ days: "
                     + ", ".join(f"{s.name} (last rated {s.last_rated.isoformat()})" for s in c.stale)
                     + ". Rate them again next time so the plan reflects where you are now.")
    return notes
