"""Readable terminal listings of the rubric for `assessor skills`, `roles` and `certs`."""

from __future__ import annotations

import datetime as dt
import textwrap

from assessor.schema.rubric import Rubric, Skill


def _row(cols: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w)[:w] if i < len(cols) - 1 else c for i, (c, w) in enumerate(zip(cols, widths))).rstrip()


def skills_table(rubric: Rubric, skills: list[Skill], width: int) -> str:
    out = []
    for cat in rubric.categories:
        rows = [s for s in skills if s.category == cat.id]
        if not rows:
            continue
        out.append(f"\n{cat.name} ({cat.id})")
        for s in rows:
            pre = f"  needs: {', '.join(s.prerequisites)}" if s.prerequisites else ""
            out.append(_row([f"  {s.id}", s.name + pre], [24, width - 26]))
    out.append(f"\n{len(skills)} skills. `assessor skills --json` for the full data; "
               "levels and checks are in the rubric files.")
    return "\n".join(out).lstrip("\n") + "\n"


def roles_table(rubric: Rubric, width: int) -> str:
    skills = rubric.skill_map
    out = []
    for role in sorted(rubric.roles, key=lambda r: (r.ladder_rank, r.name)):
        critical = [skills[q.skill].name for q in role.requirements if q.weight == "critical"]
        out.append(f"{role.name} ({role.id})")
        out.append(f"  {role.experience} · {role.focus} · {len(role.requirements)} skills")
        for line in textwrap.wrap("critical: " + ", ".join(critical), width - 4):
            out.append("  " + line)
        if role.next_roles:
            out.append(f"  next: {', '.join(role.next_roles)}")
        out.append("")
    out.append(f"{len(rubric.roles)} roles. Use an id with `assessor assess --role ID`.")
    return "\n".join(out) + "\n"


def certs_table(rubric: Rubric, today: dt.date, width: int) -> str:
    out = []
    names = rubric.certification_map
    certs = sorted(rubric.certifications, key=lambda c: (c.status == "retired", c.provider, c.name))
    labels = {c.id: c.name if not c.code or c.code in c.name else f"{c.name} ({c.code})" for c in certs}
    first = max(len(v) for v in labels.values()) + 2
    second = min(40, max(len(f"{c.provider} · {c.level_label}") for c in certs))
    for c in certs:
        status = c.status
        if c.status == "retiring" and c.status_date and c.status_date <= today:
            status = "retired"  # the catalogue was checked before the date; it has passed since
        if c.status_date:
            status += f" {c.status_date:%d %b %Y}"
        out.append(_row([f"  {labels[c.id]}", f"{c.provider} · {c.level_label}", status], [first, second, 30]))
        if c.successor_ids:
            out.append(f"      -> take {' or '.join(names[s].name for s in c.successor_ids)} instead")
    out.append(f"\n{len(rubric.certifications)} certifications, statuses as last checked "
               f"({max(c.checked for c in rubric.certifications):%d %b %Y}).")
    return "\n".join(out) + "\n"
