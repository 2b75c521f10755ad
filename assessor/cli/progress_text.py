"""What ``assessor progress`` prints on a terminal; the comparison itself is :mod:`assessor.progress`."""

from __future__ import annotations

from assessor.progress import Comparison


def _signed(value: float, unit: str = "") -> str:
    return f"{value:+.1f}{unit}" if isinstance(value, float) else f"{value:+d}{unit}"


def progress_text(profile: str, c: Comparison) -> str:
    """What ``assessor progress`` prints (the JSON is :meth:`Comparison.as_json`)."""
    b, a = c.before, c.after
    out = [f"Progress of profile {profile!r}: run {b.run} ({b.assessed_on}) -> run {a.run} "
           f"({a.assessed_on}), {c.days} day{'s' if c.days != 1 else ''} apart.", ""]
    role = a.role_name or a.role or "no role"
    out.append(f"Readiness for {role}: {c.readiness_before:.1f}% -> {c.readiness_after:.1f}% "
               f"({_signed(c.readiness_change, ' points')})")
    if c.role_changed:
        out.append(f"  The target role changed (was {b.role_name or b.role}); the earlier figure "
                   f"is run {b.run}'s readiness for {role}.")
    if c.rubric_changed:
        out.append(f"  The rubric changed ({b.rubric_version or '?'} -> {a.rubric_version or '?'}): "
                   f"skills are compared on the {c.shared} both runs share.")
        if c.added:
            out.append(f"  Added skills: {', '.join(c.added)}")
        if c.removed:
            out.append(f"  Removed skills: {', '.join(c.removed)}")
    out.append("")
    if c.skills:
        width = max(len(s.name) for s in c.skills)
        out.append(f"Skill levels that changed ({len(c.skills)}):")
        out += [f"  {s.name.ljust(width)}  {s.before} -> {s.after}  ({_signed(s.change)})"
                for s in c.skills]
    else:
        out.append("No skill level changed between these runs.")
    if c.newly_assessed:
        out.append(f"Assessed for the first time ({len(c.newly_assessed)}): "
                   + ", ".join(f"{s.name} ({s.level})" for s in c.newly_assessed))
    for title, gaps, was in (("Gaps closed", c.gaps_closed, "was "), ("New gaps", c.gaps_opened, "")):
        if gaps:
            out.append(f"{title} ({len(gaps)}): "
                       + ", ".join(f"{g.name} ({was}level {g.current} of {g.required})" for g in gaps))
    if c.stale:
        out.append(f"Not re-rated for {c.stale_after_days}+ days ({len(c.stale)}); rate them again "
                   "next time:")
        out += [f"  {s.name}: last rated {s.last_rated} at level {s.level} ({s.days} days before "
                f"run {a.run})" for s in c.stale]
    return "\n".join(out) + "\n"
