"""SVG charts drawn from numbers the report context already holds: no chart library, no scripts.

Charts must read in grayscale print, so series differ by line style and fill density as well as
colour, and every value is also printed as text next to the chart.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

INK, ACCENT, MUTED, GRID = "#1f2a44", "#2f6fdf", "#8a94a6", "#d5dae3"
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _wrap(text: str, width: int) -> list[str]:
    """At most two lines, broken at a space, so long category names stay inside the chart."""
    if len(text) <= width or " " not in text:
        return [text]
    cut = max((i for i, ch in enumerate(text) if ch == " " and i <= width), default=text.index(" "))
    return [text[:cut], text[cut + 1:]]


def radar(categories: list[dict], size: int = 260) -> Markup:
    """Current (solid, filled) vs required (dashed) average level per category, 0-4 scale."""
    n = len(categories)
    if n < 3:
        return bars(categories, label_key="name")
    cx = cy = size / 2
    r = size / 2 - 28
    pad = 95

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * value / 4 * math.cos(angle), cy + r * value / 4 * math.sin(angle)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad} 0 {size + 2 * pad} {size}" '
             f'width="{size + 2 * pad}" role="img" aria-label="Skill profile by category">']
    for ring in (1, 2, 3, 4):
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
    for i, cat in enumerate(categories):
        x, y = point(i, 4)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{_fmt(x)}" y2="{_fmt(y)}" stroke="{GRID}" stroke-width="0.8"/>')
        lx, ly = point(i, 4.55)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _wrap(cat["name"], 16)
        top = ly + 3 - 5.5 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{_fmt(lx)}" dy="{0 if k == 0 else 11}">{escape(line)}</tspan>'
                        for k, line in enumerate(lines))
        parts.append(f'<text x="{_fmt(lx)}" y="{_fmt(top)}" text-anchor="{anchor}" font-size="9" '
                     f'{FONT} fill="{INK}">{spans}</text>')
    req = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, c["required"]) for i, c in enumerate(categories)))
    cur = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, c["current"]) for i, c in enumerate(categories)))
    parts.append(f'<polygon points="{cur}" fill="{ACCENT}" fill-opacity="0.35" stroke="{ACCENT}" stroke-width="2"/>')
    parts.append(f'<polygon points="{req}" fill="none" stroke="{INK}" stroke-width="1.6" stroke-dasharray="5,3"/>')
    for ring in (1, 2, 3, 4):
        x, y = point(0, ring)
        parts.append(f'<text x="{_fmt(x + 3)}" y="{_fmt(y - 2)}" font-size="7" {FONT} fill="{MUTED}">{ring}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(rows: list[dict], label_key: str = "name", width: int = 520) -> Markup:
    """One row per skill: a filled bar for the current level, a dark tick at the required level."""
    label_w, row_h, scale_w = 215, 15, width - 215 - 30
    height = row_h * len(rows) + 22
    unit = scale_w / 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="Current and required level per skill">']
    for lv in range(5):
        x = label_w + lv * unit
        parts.append(f'<line x1="{_fmt(x)}" y1="0" x2="{_fmt(x)}" y2="{height - 16}" stroke="{GRID}" stroke-width="0.7"/>')
        parts.append(f'<text x="{_fmt(x)}" y="{height - 4}" text-anchor="middle" font-size="8" {FONT} fill="{MUTED}">{lv}</text>')
    for i, row in enumerate(rows):
        y = i * row_h + 2
        label = row[label_key]
        label = label if len(label) <= 42 else label[:41] + "…"
        marker = {"high": "", "medium": " ◐", "low": " ○"}.get(row.get("confidence", "high"), "")
        parts.append(f'<text x="{label_w - 6}" y="{y + 10}" text-anchor="end" font-size="8.5" {FONT} '
                     f'fill="{INK}">{escape(label)}{marker}</text>')
        cur = min(row["current"], 4)
        short = cur < row["required"]
        fill = "#c8d3ea" if short else ACCENT
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{_fmt(max(cur * unit, 1.5))}" height="{row_h - 5}" '
                     f'fill="{fill}" stroke="{ACCENT}" stroke-width="0.8"/>')
        rx = label_w + row["required"] * unit
        parts.append(f'<line x1="{_fmt(rx)}" y1="{y}" x2="{_fmt(rx)}" y2="{y + row_h - 1}" stroke="{INK}" stroke-width="2.4"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


MAX_TREND_POINTS = 40


def thin(points: list[dict], limit: int = MAX_TREND_POINTS) -> list[dict]:
    """Evenly spaced points, always keeping the first and the latest run: a chart of 1,000 runs
    is unreadable and slow to lay out, and its shape survives the thinning."""
    if len(points) <= limit:
        return points
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def trend(points: list[dict], width: int = 520, height: int = 170) -> Markup:
    """Readiness (0-100) over runs; values printed on at most a dozen points."""
    points = thin(points)
    left, right, top, bottom = 36, 14, 12, 28
    w, h = width - left - right, height - top - bottom
    n = len(points)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="Readiness over time">']
    for v in (0, 25, 50, 75, 100):
        y = top + h - h * v / 100
        parts.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" stroke="{GRID}" stroke-width="0.7"/>')
        parts.append(f'<text x="{left - 5}" y="{_fmt(y + 3)}" text-anchor="end" font-size="8" {FONT} fill="{MUTED}">{v}%</text>')
    coords = []
    for i, p in enumerate(points):
        x = left + (w * i / (n - 1) if n > 1 else w / 2)
        y = top + h - h * p["readiness"] / 100
        coords.append((x, y))
    if n > 1:
        parts.append(f'<polyline points="{" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)}" '
                     f'fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    step = max(1, n // 8)
    for i, ((x, y), p) in enumerate(zip(coords, points)):
        labelled = i % step == 0 or i == n - 1
        parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{3.2 if labelled else 1.8}" fill="{INK}"/>')
        if labelled:
            parts.append(f'<text x="{_fmt(x)}" y="{_fmt(y - 6)}" text-anchor="middle" font-size="8" {FONT} '
                         f'fill="{INK}">{round(p["readiness"])}%</text>')
        if labelled:
            parts.append(f'<text x="{_fmt(x)}" y="{height - 8}" text-anchor="middle" font-size="7.5" {FONT} '
                         f'fill="{MUTED}">{escape(str(p["label"]))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def gauge(value: int, size: int = 150) -> Markup:
    """Readiness as a ring: the figure itself is printed large beside it in the template."""
    r, stroke = size / 2 - 12, 14
    c = 2 * math.pi * r
    done = c * max(0, min(value, 100)) / 100
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="Readiness {value} percent">'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{_fmt(r)}" fill="none" stroke="{GRID}" stroke-width="{stroke}"/>'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{_fmt(r)}" fill="none" stroke="{ACCENT}" stroke-width="{stroke}" '
        f'stroke-dasharray="{_fmt(done)},{_fmt(c)}" transform="rotate(-90 {size / 2} {size / 2})"/>'
        f'<text x="{size / 2}" y="{size / 2 + 11}" text-anchor="middle" font-size="32" font-weight="bold" {FONT} '
        f'fill="{INK}">{value}%</text></svg>')
