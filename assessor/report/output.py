"""One document from one scored run, in the format asked for: the full plan or the one-page brief."""

from __future__ import annotations

from pathlib import Path

LETTER_REGIONS = frozenset({"us", "canada"})


def default_paper(region: str) -> str:
    """Letter where it is the office paper (US, Canada), A4 everywhere else."""
    return "letter" if region in LETTER_REGIONS else "a4"


def render_document(fmt: str, loaded, answers, result, history, *, paper: str | None = None,
                    brief: bool = False, cache: Path | None = None) -> bytes:
    """``cache``: a folder for compiled templates (see :func:`render.environment`), or None."""
    if fmt == "json":
        return (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    from assessor.report.context import build_context
    from assessor.report.render import render_html, render_markdown

    progress = None
    if len(history) >= 2 and not brief:
        from assessor.progress import report_progress

        progress = report_progress(history, {s.id: s.name for s in loaded.rubric.skills})
    ctx = build_context(loaded.rubric, answers, result, progress=progress,
                        paper=paper or default_paper(result.region))
    if fmt == "md":
        return render_markdown(ctx, cache=cache).encode("utf-8")
    if fmt == "html":
        return render_html(ctx, standalone=True, brief=brief, cache=cache).encode("utf-8")
    from assessor.paths import templates_dir
    from assessor.report.pdf import html_to_pdf

    html = render_html(ctx, brief=brief, cache=cache)
    return html_to_pdf(html, templates_dir(), [templates_dir() / "report.css"],
                       compact=None if brief else templates_dir() / "compact.css", cache=cache)
