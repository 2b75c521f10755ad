"""Report context -> HTML (one template for the PDF and the standalone HTML file) and Markdown.

One Jinja environment: autoescape on for HTML, StrictUndefined so a missing field is a bug that
shows up in tests rather than a silently empty section. Templates read the typed context's
fields directly (no conversion to dicts).
"""

from __future__ import annotations

import re

from dataclasses import fields
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from assessor.paths import templates_dir
from assessor.report import charts
from assessor.report.model import ReportContext


@lru_cache(maxsize=2)
def environment(markdown: bool = False) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False if markdown else select_autoescape(["html", "j2", "htm"], default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(gap_chart=charts.gap_chart, dumbbells=charts.dumbbells,
                       trend=charts.trend, gauge=charts.gauge)
    env.filters["date"] = lambda d, fmt="%d %b %Y": d.strftime(fmt) if d else ""
    env.filters["md"] = _markdown_escape
    return env


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _markdown_escape(text) -> str:
    """User text in Markdown must not become links, images, HTML, headings or code blocks in a
    tracker that renders it: every line break (\\r too) and control character becomes a space,
    Markdown punctuation is escaped, and bare URLs are broken so GitHub does not auto-link them."""
    text = _CONTROL.sub(" ", str(text))
    for ch in "\\`*_[]<>|#~":
        text = text.replace(ch, "\\" + ch)
    text = re.sub(r"(?i)(https?|ftp):(?=//)", r"\1\\:", text)  # "http\://" renders as http://
    text = re.sub(r"(?i)\bwww\.", r"www\\.", text)
    return text.strip()


def _fields(ctx: ReportContext) -> dict:
    return {f.name: getattr(ctx, f.name) for f in fields(ctx)}


def render_html(ctx: ReportContext, *, standalone: bool = False, brief: bool = False) -> str:
    css = (templates_dir() / "report.css").read_text(encoding="utf-8") if standalone else ""
    template = "brief.html.j2" if brief else "report.html.j2"
    return environment().get_template(template).render(
        **_fields(ctx), standalone=standalone, inline_css=css)


def render_markdown(ctx: ReportContext) -> str:
    return environment(markdown=True).get_template("summary.md.j2").render(**_fields(ctx))
