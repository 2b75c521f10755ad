"""SVG charts drawn from numbers the report context already holds: no chart library, no scripts.

Each chart answers one question. The gap chart: for every skill the role requires, what did I
claim, what was counted, what is needed? The dumbbells: where did each skill move since last
time? The trend: is readiness going up? Charts must read in grayscale print, so marks differ by
shape (hollow ring = your rating, filled dot = counted, bar = required) as well as colour, and
labels wrap onto more lines instead of being cut.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from assessor.report.model import ChartRow, Dumbbell, TrendPoint

INK, ACCENT, MUTED, GRID, WARN, GAP = "#1f2a44", "#2f6fdf", "#8a94a6", "#d5dae3", "#b4542f", "#f3d9cf"
FONT = 'font-family="DejaVu Sans, sans-serif"'
LABEL_CHARS = 44  # characters per label line at 8 pt in the label column
LINE_H = 9.5


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """Break at spaces into lines of at most ``width`` characters; never drop a character."""
    lines, line = [], ""
    for word in text.split():
        while len(word) > width:  # a single over-long word: hard-break it, keep every character
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _label(x: float, y: float, lines: list[str], size: float = 8, anchor: str = "end",
           colour: str = INK, weight: str = "normal") -> str:
    spans = "".join(f'<tspan x="{_fmt(x)}" dy="{0 if k == 0 else LINE_H}">{escape(line)}</tspan>'
                    for k, line in enumerate(lines))
    return (f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" font-size="{size}" {FONT} '
            f'font-weight="{weight}" fill="{colour}">{spans}</text>')


def _scale(parts: list[str], left: float, unit: float, top: float, bottom: float) -> None:
    for lv in range(5):
        x = left + lv * unit
        parts.append(f'<line x1="{_fmt(x)}" y1="{_fmt(top)}" x2="{_fmt(x)}" y2="{_fmt(bottom)}" '
                     f'stroke="{GRID}" stroke-width="0.7"/>')
        parts.append(f'<text x="{_fmt(x)}" y="{_fmt(top - 4)}" text-anchor="middle" font-size="7.5" '
                     f'{FONT} fill="{MUTED}">{lv}</text>')


def gap_chart(rows: list[ChartRow], width: int = 520) -> Markup:
    """One row per required skill: ring = your rating, dot = counted level, bar = required level;
    the shaded span is the gap still to close. Rows come sorted by priority."""
    label_w, top, scale_w = 250, 16, width - 250 - 24
    unit = scale_w / 4
    heights = [max(1, len(wrap(r.name))) * LINE_H + 5 for r in rows]
    height = top + sum(heights) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_fmt(height)}" '
             f'width="100%" role="img" aria-label="Your rating, counted level and required level '
             f'for each skill the role asks for">']
    _scale(parts, label_w, unit, top, height - 2)
    y = top
    for row, h in zip(rows, heights):
        mid = y + 7
        lines = wrap(row.name)
        prefix = f"{row.priority}. " if row.priority else ""
        colour = INK if not row.met else MUTED
        parts.append(_label(label_w - 8, mid + 3, [prefix + lines[0], *lines[1:]], colour=colour,
                            weight="bold" if row.weight == "critical" and not row.met else "normal"))
        counted_x = label_w + row.counted * unit
        req_x = label_w + row.required * unit
        if row.counted < row.required:
            parts.append(f'<rect x="{_fmt(counted_x)}" y="{_fmt(mid - 3.5)}" '
                         f'width="{_fmt(req_x - counted_x)}" height="7" fill="{GAP}"/>')
        parts.append(_required_tick(req_x, mid))
        if row.rated is not None and row.rated != row.counted:
            rated_x = label_w + row.rated * unit
            parts.append(f'<line x1="{_fmt(rated_x)}" y1="{_fmt(mid)}" x2="{_fmt(counted_x)}" '
                         f'y2="{_fmt(mid)}" stroke="{WARN}" stroke-width="1" stroke-dasharray="2,2"/>')
        if row.rated is not None:
            rated_x = label_w + row.rated * unit
            parts.append(f'<circle cx="{_fmt(rated_x)}" cy="{_fmt(mid)}" r="5" fill="none" '
                         f'stroke="{WARN}" stroke-width="1.4"/>')
        parts.append(f'<circle cx="{_fmt(counted_x)}" cy="{_fmt(mid)}" r="3" fill="{ACCENT}"/>')
        y += h
    parts.append("</svg>")
    return Markup("".join(parts))


def _required_tick(x: float, mid: float) -> str:
    """The required level: the same dark tick in the gap chart and the progress dumbbells."""
    return (f'<line x1="{_fmt(x)}" y1="{_fmt(mid - 6)}" x2="{_fmt(x)}" '
            f'y2="{_fmt(mid + 6)}" stroke="{INK}" stroke-width="2.6"/>')


def dumbbells(rows: list[Dumbbell], width: int = 520) -> Markup:
    """Per skill: the previous level (hollow) joined to the level now (filled); bar = required."""
    label_w, top = 250, 16
    unit = (width - label_w - 24) / 4
    heights = [max(1, len(wrap(r.name))) * LINE_H + 5 for r in rows]
    height = top + sum(heights) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_fmt(height)}" '
             f'width="100%" role="img" aria-label="Skill levels, previous run to now">']
    _scale(parts, label_w, unit, top, height - 2)
    y = top
    for row, h in zip(rows, heights):
        mid = y + 7
        parts.append(_label(label_w - 8, mid + 3, wrap(row.name)))
        now_x = label_w + row.after * unit
        if row.required is not None:
            rx = label_w + row.required * unit
            parts.append(_required_tick(rx, mid))
        if row.before is not None:
            bx = label_w + row.before * unit
            parts.append(f'<line x1="{_fmt(bx)}" y1="{_fmt(mid)}" x2="{_fmt(now_x)}" y2="{_fmt(mid)}" '
                         f'stroke="{ACCENT}" stroke-width="2.2"/>')
            parts.append(f'<circle cx="{_fmt(bx)}" cy="{_fmt(mid)}" r="3.6" fill="#fff" '
                         f'stroke="{ACCENT}" stroke-width="1.4"/>')
        parts.append(f'<circle cx="{_fmt(now_x)}" cy="{_fmt(mid)}" r="3.6" fill="{ACCENT}"/>')
        change = "new" if row.before is None else f"{row.after - row.before:+d}"
        parts.append(f'<text x="{width - 2}" y="{_fmt(mid + 3)}" text-anchor="end" font-size="8" '
                     f'{FONT} fill="{INK}">{change}</text>')
        y += h
    parts.append("</svg>")
    return Markup("".join(parts))


MAX_TREND_POINTS = 40


def thin(points: list, limit: int = MAX_TREND_POINTS) -> list:
    """Evenly spaced points, always keeping the first and the latest run: a chart of 1,000 runs
    is unreadable and slow to lay out, and its shape survives the thinning."""
    if len(points) <= limit:
        return points
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def trend(points: list[TrendPoint], width: int = 520, height: int = 150) -> Markup:
    """Readiness (0-100) over runs. The first date label is anchored at its start and the last
    at its end, and both plot edges are inset, so no label runs off the chart."""
    points = thin(points)
    left, right, top, bottom = 34, 34, 14, 26
    w, h = width - left - right, height - top - bottom
    n = len(points)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="Readiness over time">']
    for v in (0, 25, 50, 75, 100):
        y = top + h - h * v / 100
        parts.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" '
                     f'stroke="{GRID}" stroke-width="0.7"/>')
        parts.append(f'<text x="{left - 5}" y="{_fmt(y + 3)}" text-anchor="end" font-size="8" '
                     f'{FONT} fill="{MUTED}">{v}%</text>')
    coords = [(left + (w * i / (n - 1) if n > 1 else w / 2), top + h - h * p.readiness / 100)
              for i, p in enumerate(points)]
    if n > 1:
        parts.append(f'<polyline points="{" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)}" '
                     f'fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    step = max(1, math.ceil(n / 6))
    for i, ((x, y), p) in enumerate(zip(coords, points)):
        labelled = i % step == 0 or i == n - 1
        if labelled and i != n - 1 and n - 1 - i < step / 2:
            labelled = False  # too close to the last label: they would overlap
        parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{3.2 if labelled else 1.8}" fill="{INK}"/>')
        if not labelled:
            continue
        anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
        dx = -4 if anchor == "start" else (4 if anchor == "end" else 0)
        parts.append(f'<text x="{_fmt(x)}" y="{_fmt(y - 6)}" text-anchor="middle" font-size="8" '
                     f'{FONT} fill="{INK}">{round(p.readiness)}%</text>')
        parts.append(f'<text x="{_fmt(x + dx)}" y="{height - 8}" text-anchor="{anchor}" '
                     f'font-size="7.5" {FONT} fill="{MUTED}">{escape(p.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def gauge(value: int, size: int = 118) -> Markup:
    """Readiness as a ring with the figure in the middle."""
    r, stroke = size / 2 - 10, 12
    c = 2 * math.pi * r
    done = c * max(0, min(value, 100)) / 100
    half = size / 2
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-label="Readiness {value} percent">'
        f'<circle cx="{half}" cy="{half}" r="{_fmt(r)}" fill="none" stroke="{GRID}" stroke-width="{stroke}"/>'
        f'<circle cx="{half}" cy="{half}" r="{_fmt(r)}" fill="none" stroke="{ACCENT}" '
        f'stroke-width="{stroke}" stroke-dasharray="{_fmt(done)},{_fmt(c)}" '
        f'transform="rotate(-90 {half} {half})"/>'
        f'<text x="{half}" y="{half + 9}" text-anchor="middle" font-size="26" font-weight="bold" '
        f'{FONT} fill="{INK}">{value}%</text></svg>')
