"""One document from one scored run, in the format asked for, written so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError


def render_document(fmt: str, loaded, answers, result, history, *, paper: str = "a4") -> bytes:
    if fmt == "json":
        return (result.model_dump_json(indent=2) + "\n").encode("utf-8")
    from .render import render_html, render_markdown
    from .report_context import build_context

    progress = None
    if len(history) >= 2:
        from .progress import report_progress

        progress = report_progress(loaded.rubric, history)
    ctx = build_context(loaded.rubric, answers, result, progress=progress)
    if fmt == "md":
        return render_markdown(ctx).encode("utf-8")
    if fmt == "html":
        return render_html(ctx, paper=paper, standalone=True).encode("utf-8")
    from .paths import templates_dir
    from .pdf import html_to_pdf

    html = render_html(ctx, paper=paper)
    return html_to_pdf(html, templates_dir(), [templates_dir() / "report.css"])


def write_atomically(target: Path, data: bytes) -> None:
    """Regular files are replaced atomically; devices and pipes (``/dev/null``) are written in place."""
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            with open(target, "wb") as fh:
                fh.write(data)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UsageError(f"--out {target}: is a directory; give a file name such as {target / 'plan.pdf'}.") from None
    except OSError as exc:
        raise UsageError(f"Cannot write {target} ({exc.strerror}). Choose another --out path, "
                         "or `--out -` to write to stdout.") from None
