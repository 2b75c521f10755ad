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
    """A table that fits ``width``: names wrap in their own column, nothing else is cut."""
    names = rubric.certification_map
    certs = sorted(rubric.certifications, key=lambda c: (c.status == "retired", c.provider, c.name))
    rows = []
    for c in certs:
        status = c.status
        if c.status == "retiring" and c.status_date and c.status_date <= today:
            status = "retired"  # the catalogue was checked before the date; it has passed since
        if c.status_date:
            status += f" {c.status_date:%d %b %Y}"
        rows.append((c.label, f"{c.provider} · {c.level_label}", status, c))
    header = ("Certification", "Provider · level", "Status")
    status_w = max(len(header[2]), *(len(r[2]) for r in rows))
    provider_w = min(max(len(header[1]), *(len(r[1]) for r in rows)), max(12, (width - status_w) // 3))
    name_w = max(12, width - provider_w - status_w - 6)
    out = [_row([f"  {header[0]}", header[1], header[2]], [name_w + 2, provider_w, status_w])]
    for label, provider, status, c in rows:
        lines = textwrap.wrap(label, name_w) or [""]
        provider_lines = textwrap.wrap(provider, provider_w) or [""]
        for k in range(max(len(lines), len(provider_lines))):
            out.append(_row([f"  {lines[k] if k < len(lines) else ''}",
                             provider_lines[k] if k < len(provider_lines) else "",
                             status if k == 0 else ""], [name_w + 2, provider_w, status_w]))
        if c.successor_ids:
            take = f"-> take {' or '.join(names[s].label for s in c.successor_ids)} instead"
            out += textwrap.wrap(take, width - 6, initial_indent="      ", subsequent_indent="         ")
    out.append(f"\n{len(rubric.certifications)} certifications, statuses as last checked "
               f"({max(c.checked for c in rubric.certifications):%d %b %Y}).")
    return "\n".join(out) + "\n"
