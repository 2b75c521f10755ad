"""Report context -> HTML (one template for the PDF and the standalone HTML file) and Markdown.

One Jinja environment: autoescape on for HTML, StrictUndefined so a missing field is a bug that
shows up in tests rather than a silently empty section. Templates read the typed context's
fields directly (no conversion to dicts).
"""

from __future__ import annotations

import re

from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from jinja2 import (BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader,
                    StrictUndefined, select_autoescape)

from assessor.paths import templates_dir
from assessor.report import charts
from assessor.report.model import ReportContext


@lru_cache(maxsize=4)
def environment(markdown: bool = False, cache: Path | None = None) -> Environment:
    """``cache``: where compiled templates are kept between runs. Compiling the report template
    costs ~0.12 s of every fresh process; Jinja's bytecode cache names each entry by the
    template's name and checks its source's checksum, so an edited template is compiled again."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())), bytecode_cache=_bytecode_cache(cache),
        autoescape=False if markdown else select_autoescape(["html", "j2", "htm"], default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(gap_chart=charts.gap_chart, dumbbells=charts.dumbbells,
                       trend=charts.trend, gauge=charts.gauge)
    env.filters["date"] = lambda d, fmt="%d %b %Y": d.strftime(fmt) if d else ""
    env.filters["md"] = _markdown_escape
    return env


def _bytecode_cache(folder: Path | None) -> BytecodeCache | None:
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None  # an unwritable cache only costs time
    return _QuietCache(str(folder / "templates"))


class _QuietCache(FileSystemBytecodeCache):
    """A cache entry that cannot be written (disk full, read-only) is skipped, never an error."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()


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


def render_html(ctx: ReportContext, *, standalone: bool = False, brief: bool = False,
                cache: Path | None = None) -> str:
    css = (templates_dir() / "report.css").read_text(encoding="utf-8") if standalone else ""
    template = "brief.html.j2" if brief else "report.html.j2"
    return environment(cache=cache).get_template(template).render(
        **_fields(ctx), standalone=standalone, inline_css=css)


def render_markdown(ctx: ReportContext, cache: Path | None = None) -> str:
    return environment(markdown=True, cache=cache).get_template("summary.md.j2").render(**_fields(ctx))
