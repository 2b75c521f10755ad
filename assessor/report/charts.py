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
WIDTH = 500  # points: fits the narrowest page body (A4, 180 mm = 510 pt)

# Text in an SVG costs WeasyPrint ~6 ms per node to lay out and draw, HTML text a fraction of
# that; a report's three charts held 84 text nodes, 0.5 s of its 2.7 s. So each chart is an SVG
# of shapes only, in points, with its labels as HTML boxes placed over it at the same coordinates.


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


def _text(x: float, baseline: float, lines: list[str], anchor: str = "end", *, size: float = 8,
          cls: str = "") -> str:
    """An HTML label whose first baseline sits at (x, ``baseline``), aligned like SVG's
    ``text-anchor`` (the box spans 240 pt on the side the text grows towards)."""
    span = 240
    left = {"end": x - span, "middle": x - span / 2, "start": x}[anchor]
    align = {"end": "right", "middle": "center", "start": "left"}[anchor]
    top = baseline - size * 0.93  # DejaVu Sans: the first baseline ~0.93 em below a 1.19 em line's top
    body = "<br>".join(escape(line) for line in lines)
    return (f'<div class="t{(" " + cls) if cls else ""}" style="left:{_fmt(left)}pt;top:{_fmt(top)}pt;'
            f'width:{span}pt;text-align:{align};font-size:{size}pt">{body}</div>')


def _plot(width: float, height: float, label: str, shapes: list[str], texts: list[str]) -> Markup:
    return Markup(
        f'<div class="plot" style="width:{_fmt(width)}pt;height:{_fmt(height)}pt" role="img" '
        f'aria-label="{escape(label)}"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}pt" height="{_fmt(height)}pt">'
        + "".join(shapes) + "</svg>" + "".join(texts) + "</div>")


def _scale(shapes: list[str], texts: list[str], left: float, unit: float, top: float,
           bottom: float) -> None:
    for lv in range(5):
        x = left + lv * unit
        shapes.append(f'<line x1="{_fmt(x)}" y1="{_fmt(top)}" x2="{_fmt(x)}" y2="{_fmt(bottom)}" '
                      f'stroke="{GRID}" stroke-width="0.7"/>')
        texts.append(_text(x, top - 4, [str(lv)], "middle", size=7.5, cls="muted"))


LABEL_W, TOP = 236, 16  # the level charts: label column width and the scale's height


class _LevelGrid:
    """The frame both level charts share: a 0-4 scale right of a label column, one row per
    skill (as tall as its wrapped name), the marks of each row centred on ``mids[i]``."""

    def __init__(self, names: list[str], width: float, right: float):
        self.lines = [wrap(name) for name in names]
        heights = [max(1, len(ls)) * LINE_H + 5 for ls in self.lines]
        self.mids = [TOP + sum(heights[:i]) + 7 for i in range(len(heights))]
        self.height = TOP + sum(heights) + 4
        self.unit = (width - LABEL_W - right) / 4
        self.shapes: list[str] = []
        self.texts: list[str] = []
        _scale(self.shapes, self.texts, LABEL_W, self.unit, TOP, self.height - 2)

    def x(self, level: float) -> float:
        return LABEL_W + level * self.unit

    def label(self, mid: float, lines: list[str], cls: str = "") -> None:
        self.texts.append(_text(LABEL_W - 8, mid + 3, lines, cls=cls))


def gap_chart(rows: list[ChartRow], width: int = WIDTH) -> Markup:
    """One row per required skill: ring = your rating, dot = counted level, bar = required level;
    the shaded span is the gap still to close. Rows come sorted by priority."""
    grid = _LevelGrid([r.name for r in rows], width, right=20)
    shapes = grid.shapes
    for row, ls, mid in zip(rows, grid.lines, grid.mids):
        prefix = f"{row.priority}. " if row.priority else ""
        grid.label(mid, [prefix + ls[0], *ls[1:]],
                   cls="muted" if row.met else ("strong" if row.weight == "critical" else ""))
        counted_x, req_x = grid.x(row.counted), grid.x(row.required)
        if row.counted < row.required:
            shapes.append(f'<rect x="{_fmt(counted_x)}" y="{_fmt(mid - 3.5)}" '
                          f'width="{_fmt(req_x - counted_x)}" height="7" fill="{GAP}"/>')
        shapes.append(_required_tick(req_x, mid))
        if row.rated is not None:
            rated_x = grid.x(row.rated)
            if row.rated != row.counted:
                shapes.append(f'<line x1="{_fmt(rated_x)}" y1="{_fmt(mid)}" x2="{_fmt(counted_x)}" '
                              f'y2="{_fmt(mid)}" stroke="{WARN}" stroke-width="1" stroke-dasharray="2,2"/>')
            shapes.append(f'<circle cx="{_fmt(rated_x)}" cy="{_fmt(mid)}" r="5" fill="none" '
                          f'stroke="{WARN}" stroke-width="1.4"/>')
        shapes.append(f'<circle cx="{_fmt(counted_x)}" cy="{_fmt(mid)}" r="3" fill="{ACCENT}"/>')
    return _plot(width, grid.height, "Your rating, counted level and required level for each "
                 "skill the role asks for", shapes, grid.texts)


def _required_tick(x: float, mid: float) -> str:
    """The required level: the same dark tick in the gap chart and the progress dumbbells."""
    return (f'<line x1="{_fmt(x)}" y1="{_fmt(mid - 6)}" x2="{_fmt(x)}" '
            f'y2="{_fmt(mid + 6)}" stroke="{INK}" stroke-width="2.6"/>')


def dumbbells(rows: list[Dumbbell], width: int = WIDTH) -> Markup:
    """Per skill: the previous level (hollow) joined to the level now (filled); bar = required."""
    grid = _LevelGrid([r.name for r in rows], width, right=28)
    shapes = grid.shapes
    for row, ls, mid in zip(rows, grid.lines, grid.mids):
        grid.label(mid, ls)
        now_x = grid.x(row.after)
        if row.required is not None:
            shapes.append(_required_tick(grid.x(row.required), mid))
        if row.before is not None:
            bx = grid.x(row.before)
            shapes.append(f'<line x1="{_fmt(bx)}" y1="{_fmt(mid)}" x2="{_fmt(now_x)}" y2="{_fmt(mid)}" '
                          f'stroke="{ACCENT}" stroke-width="2.2"/>')
            shapes.append(f'<circle cx="{_fmt(bx)}" cy="{_fmt(mid)}" r="3.6" fill="#fff" '
                          f'stroke="{ACCENT}" stroke-width="1.4"/>')
        shapes.append(f'<circle cx="{_fmt(now_x)}" cy="{_fmt(mid)}" r="3.6" fill="{ACCENT}"/>')
        change = "new" if row.before is None else f"{row.after - row.before:+d}"
        grid.texts.append(_text(width - 2, mid + 3, [change]))
    return _plot(width, grid.height, "Skill levels, previous run to now", shapes, grid.texts)


MAX_TREND_POINTS = 40
DATE_LABEL_W = 84  # points: a middle-anchored date (~25 pt right of its point) clear of the
#                   last, end-anchored one (~50 pt left of it), plus a gap


def thin(points: list, limit: int = MAX_TREND_POINTS) -> list:
    """Evenly spaced points, always keeping the first and the latest run: a chart of 1,000 runs
    is unreadable and slow to lay out, and its shape survives the thinning."""
    if len(points) <= limit:
        return points
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def trend(points: list[TrendPoint], width: int = WIDTH, height: int = 150) -> Markup:
    """Readiness (0-100) over runs. The first date label is anchored at its start and the last
    at its end, and both plot edges are inset, so no label runs off the chart."""
    points = thin(points)
    left, right, top, bottom = 34, 34, 14, 26
    w, h = width - left - right, height - top - bottom
    n = len(points)
    shapes: list[str] = []
    texts: list[str] = []
    for v in (0, 25, 50, 75, 100):
        y = top + h - h * v / 100
        shapes.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" '
                      f'stroke="{GRID}" stroke-width="0.7"/>')
        texts.append(_text(left - 5, y + 3, [f"{v}%"], cls="muted"))
    coords = [(left + (w * i / (n - 1) if n > 1 else w / 2), top + h - h * p.readiness / 100)
              for i, p in enumerate(points)]
    if n > 1:
        shapes.append(f'<polyline points="{" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)}" '
                      f'fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    step = max(1, math.ceil(n / 6))
    last_x = coords[-1][0] if coords else 0
    for i, ((x, y), p) in enumerate(zip(coords, points)):
        labelled = i % step == 0 or i == n - 1
        if labelled and i != n - 1 and last_x - x < DATE_LABEL_W:
            labelled = False  # too close to the last label: the two dates would overlap
        shapes.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{3.2 if labelled else 1.8}" fill="{INK}"/>')
        if not labelled:
            continue
        anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
        dx = -4 if anchor == "start" else (4 if anchor == "end" else 0)
        # the first and last figures grow inwards, clear of the axis labels and the edge
        texts.append(_text(x - dx, y - 6, [f"{round(p.readiness)}%"], anchor))
        texts.append(_text(x + dx, height - 8, [p.label], anchor, size=7.5, cls="muted date"))
    return _plot(width, height, "Readiness over time", shapes, texts)


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
