"""What changed between two runs: readiness, skill levels, gaps, stale ratings, rubric changes.

Pure: it computes from :class:`~assessor.records.Run` records only (the history store's one
record type, whose results are stored JSON data), does no I/O and never prints. A record holds
what its query loaded, so nothing here can open the database: ``progress`` and the report ask
the store up front for the results they compare. It never imports pydantic either.

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
from typing import NamedTuple

from assessor.records import Run

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


def assessed(score: Mapping) -> bool:
    """Did the user say anything about this skill in that run?"""
    return (score.get("rated") is not None or (score.get("checks_answered") or 0) > 0
            or (score.get("evidence_level") or 0) > 0)


def _result(run: Run) -> Mapping:
    if run.result is None:  # a caller's mistake: the store loads what it is asked for
        raise ValueError(f"run {run.id}: its result was not loaded with the record")
    return run.result


def last_ratings(runs: Iterable[Run]) -> dict[str, tuple[dt.date, int]]:
    """Per skill: the date and level of its latest self-rating across ``runs`` (records read
    with their ratings)."""
    out: dict[str, tuple[dt.date, int]] = {}
    for run in runs:
        if run.ratings is None:
            raise ValueError(f"run {run.id}: its ratings were not loaded with the record")
        for skill, level in run.ratings.items():
            if skill not in out or out[skill][0] <= run.assessed_on:
                out[skill] = (run.assessed_on, level)
    return out


def stale_skills(last_rated: Mapping[str, tuple[dt.date, int]], after: Run,
                 after_days: int = STALE_AFTER_DAYS) -> tuple[StaleSkill, ...]:
    """Skills of the later run whose last self-rating is ``after_days`` or more older than it."""
    on = after.assessed_on
    names = {s["skill"]: s["name"] for s in _result(after)["skills"] if s.get("rated") is None}
    found = [StaleSkill(skill, names[skill], when, (on - when).days, level)
             for skill, (when, level) in last_rated.items()
             if skill in names and (on - when).days >= after_days]
    return tuple(sorted(found, key=lambda s: (-s.days, s.skill)))


def _point(run: Run) -> RunPoint:
    return RunPoint(run=run.id, assessed_on=run.assessed_on, role=run.role,
                    role_name=run.role_name, readiness=run.readiness,
                    rubric_version=run.rubric_version, rubric_digest=run.rubric_digest or "")


def readiness_for(run: Run, role: str | None) -> float:
    """A run's readiness for ``role``: every run stores its readiness for every role, so only a
    run of another role needs its result."""
    if role is None or run.role == role:
        return run.readiness
    fit = next((f for f in _result(run).get("role_fit", []) if f.get("role") == role), None)
    return fit["readiness"] if fit else run.readiness


def compare(before: Run, after: Run, *, last_rated: Mapping[str, tuple[dt.date, int]] | None = None,
            stale_after_days: int = STALE_AFTER_DAYS) -> Comparison:
    """Compare two runs read with their results. ``last_rated`` (see :func:`last_ratings`)
    should cover every run up to ``after``; without it only these two runs are looked at for
    stale ratings (then both need their ratings)."""
    b, a = _result(before), _result(after)
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
        last_rated = last_ratings([before, after])
    return Comparison(
        before=_point(before), after=_point(after),
        readiness_before=readiness_for(before, after.role), skills=tuple(changes),
        newly_assessed=tuple(new), gaps_closed=tuple(closed), gaps_opened=tuple(opened),
        stale=stale_skills(last_rated, after, stale_after_days), shared=len(shared),
        added=tuple(k for k in a_skills if k not in b_skills),
        removed=tuple(k for k in b_skills if k not in a_skills), stale_after_days=stale_after_days)


def compare_history(runs: Sequence[Run]) -> Comparison | None:
    """The last run against the one before it, looking at all of ``runs`` for stale ratings.

    ``runs`` is oldest first, as :meth:`Store.runs_up_to` returns them: every run with its
    ratings, the last two with their results. None when there is no earlier run.
    """
    if len(runs) < 2:
        return None
    return compare(runs[-2], runs[-1], last_rated=last_ratings(runs))


def readiness_trend(runs: Iterable[Run], role: str | None = None) -> list[tuple[dt.date, float, str | None]]:
    """(date, readiness, role) per run, oldest first: the points of the report's trend chart.

    With ``role``, every run's readiness for that role (what a trend should compare: runs of
    another role need their results); without, each run's readiness for its own target role.
    """
    return [(run.assessed_on, readiness_for(run, role), run.role) for run in runs]


def report_progress(history: Sequence[Run], names: Mapping[str, str]) -> dict | None:
    """The report's progress section: readiness over every run, and what changed since the last.

    ``history`` is :meth:`Store.runs_up_to` of the reported run (oldest first, ending with it);
    ``names`` are the rubric's skill names by id. Readiness is taken for the reported run's role
    in every run, so the trend measures one thing.
    """
    c = compare_history(history)
    if c is None:
        return None
    trend = [{"run": run.id, "date": on, "label": on.isoformat(), "readiness": ready}
             for run, (on, ready, _) in zip(history, readiness_trend(history, c.after.role))]
    changes = [{"skill": s.skill, "name": s.name, "before": s.before, "after": s.after,
                "delta": s.change, "delta_text": f"{s.change:+d}"} for s in c.skills]
    changes += [{"skill": s.skill, "name": s.name, "before": None, "after": s.level,
                 "delta": None, "delta_text": "new"} for s in c.newly_assessed]
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
