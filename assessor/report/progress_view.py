"""The progress section's records, from the history's comparison of this run with earlier ones.

Pure: it reads the mapping :func:`assessor.progress.report_progress` returns (built by the
history stage from stored records) and turns it into the dumbbell and trend charts' rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessor.report.model import Dumbbell, ProgressView, Retest, TrendPoint
from assessor.schema.rubric import Role, Rubric

MAX_DUMBBELLS = 14


def progress_view(progress: Mapping[str, Any], role: Role, rubric: Rubric) -> ProgressView:
    required = {r.skill: r.level for r in role.requirements}
    trend = [TrendPoint(label=f"{p['date']:%d %b %Y}", readiness=p["readiness"])
             for p in progress["trend"]]
    changes = sorted(progress["changes"], key=lambda c: (c["skill"] not in required, c["name"]))
    bells = [Dumbbell(name=c["name"], before=c["before"], after=c["after"],
                      required=required.get(c["skill"])) for c in changes[:MAX_DUMBBELLS]]
    retest = [Retest(name=s["name"], last_rated=s["last_rated"], days=s["days"])
              for s in progress["stale"]]
    before, after = progress["readiness_before"], progress["readiness_after"]
    prev = progress["previous_date"]
    summary = (f"Readiness for {role.name}: {before:.0f}% on {prev:%d %B %Y}, {after:.0f}% now "
               f"({after - before:+.0f} points), over {progress['runs']} runs.")
    notes = []
    if progress["gaps_closed"]:
        notes.append("Gaps closed since then: " + ", ".join(progress["gaps_closed"]) + ".")
    if progress["gaps_opened"]:
        notes.append("New gaps since then: " + ", ".join(progress["gaps_opened"]) + ".")
    if progress["added"]:
        notes.append("The rubric gained skills since then: " + ", ".join(progress["added"]) + ".")
    return ProgressView(runs=progress["runs"], previous_date=prev, readiness_before=before,
                        readiness_after=after, summary=summary, trend=trend, dumbbells=bells,
                        retest=retest, notes=notes)
