"""The few lines printed after an interactive assessment: enough to act on before opening the PDF.

Pure formatting of numbers the result already holds (no scoring here), plain text within 80
columns so it reads the same in any terminal, log or CI output.
"""

from __future__ import annotations

import textwrap

from assessor.schema.result import AssessmentResult

WIDTH = 80
TOP_FITS = 3
TOP_GAPS = 5


def terminal_summary(result: AssessmentResult) -> str:
    lines = [""]
    role = result.role_name or result.role or "your target role"
    if result.role_suggested:
        lines.append(_fit(f"Best-fitting role (you were not sure): {role}, "
                          f"{_pct(result.readiness)} ready"))
    else:
        lines.append(_fit(f"Readiness for {role}: {_pct(result.readiness)}"))

    fits = result.role_fit[:TOP_FITS]
    if fits:
        lines.append("Role fit:")
        for n, fit in enumerate(fits, start=1):
            lines.append(_row(f"  {n}. {fit.name}", f"{_pct(fit.readiness)} ready"))

    gaps = result.gaps[:TOP_GAPS]
    if gaps:
        more = len(result.gaps) - len(gaps)
        lines.append(f"Top gaps (level now -> needed){f', {more} more in the plan' if more > 0 else ''}:")
        for n, gap in enumerate(gaps, start=1):
            lines.append(_row(f"  {n}. {gap.name}", f"{gap.current} -> {gap.required}  {gap.weight:<9}"))
    else:
        lines.append("No gaps left for this role.")

    calibration = result.calibration_summary
    if calibration is not None and calibration.claims:
        checks = (f"; {calibration.checks_right} of {calibration.checks_asked} checks right"
                  if calibration.checks_asked else "")
        lines.append(_fit(f"Your ratings: {calibration.claims} claims, {calibration.lowered} lowered, "
                          f"{calibration.raised} raised{checks}"))

    plan = result.plan
    if plan.target is not None:
        lines.append(_fit(f"Plan: {plan.target.suggestion}"))
    elif plan.total_hours:
        pace = f"{plan.hours_per_week:g} h/week"
        lines.append(_fit(f"Plan: {plan.total_hours} hours over {plan.weeks} weeks at {pace}, "
                          f"done by {plan.finish.isoformat()}"))

    best = next((c for c in result.certifications if c.headline),
                next((c for c in result.certifications if c.recommended), None))
    if best is not None:
        code = f" ({best.code})" if best.code and best.code not in best.name else ""
        lines.append(_fit(f"Best next certification: {best.name}{code}, {best.provider}"))
    elif result.certifications_note:
        lines.append(_fit(f"Certifications: {result.certifications_note}"))
    return "\n".join(lines)


def _pct(value: float) -> str:
    return f"{round(value):d}%"


def _fit(text: str, width: int = WIDTH) -> str:
    """Long lines wrap with an indent; nothing the user needs (a certification's code) is cut."""
    return "\n".join(textwrap.wrap(text, width, subsequent_indent="    ")) or text


def _row(left: str, right: str, width: int = WIDTH) -> str:
    """Left text cut to leave room for the right-aligned figures."""
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: room - 1] + "…"
    return f"{left:<{room}} {right}".rstrip()
