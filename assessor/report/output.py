"""One document from one scored run, in the format asked for."""

from __future__ import annotations

def render_document(fmt: str, loaded, answers, result, history, *, paper: str = "a4") -> bytes:
    if fmt == "json":
        return (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    from assessor.report.render import render_html, render_markdown
    from assessor.report.context import build_context

    progress = None
    if len(history) >= 2:
        from assessor.progress import report_progress

        progress = report_progress(loaded.rubric, history)
    ctx = build_context(loaded.rubric, answers, result, progress=progress)
    if fmt == "md":
        return render_markdown(ctx).encode("utf-8")
    if fmt == "html":
        return render_html(ctx, paper=paper, standalone=True).encode("utf-8")
    from assessor.paths import templates_dir
    from assessor.report.pdf import html_to_pdf

    html = render_html(ctx, paper=paper)
    return html_to_pdf(html, templates_dir(), [templates_dir() / "report.css"])
