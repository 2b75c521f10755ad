"""The assessment pipeline: score -> save (or rescue) -> terminal summary -> write the document.

Both ways of answering (an answers file and the interactive questionnaire) end here, so a run is
scored, stored and rendered the same way whichever way it was answered.
"""

from __future__ import annotations

from pathlib import Path

from assessor.environment import Environment


def finish_assessment(args, env: Environment, loaded, answers, *, summary: bool = False) -> int:
    """Score, store (unless --no-save), write the document; shared by file and prompts."""
    from assessor import __version__
    from assessor.scoring.score import score

    result = score(loaded, answers, today=env.today, tool_version=__version__)
    run_id, history = None, []
    if not getattr(args, "no_save", False):
        from assessor.history.store import save_run_or_rescue

        run_id, history = save_run_or_rescue(env, args.profile, answers, result)
    if summary:
        from assessor.report.summary import terminal_summary

        env.say(terminal_summary(result))
    target = write_document(args, env, loaded, answers, result, history,
                            default_name=f"plan-{result.assessed_on}-{result.role}")
    if target is not None:
        env.say(f"Your learning plan: {target}")
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {args.profile}); `assessor progress` compares runs.")
    return 0


def write_document(args, env: Environment, loaded, answers, result, history, *, default_name: str):
    """Render to ``--out`` (``-`` = stdout) or the reports folder; returns the path written."""
    from assessor.files import write_atomically
    from assessor.report.output import render_document

    args.format = args.format or output_format(args.out)
    data = render_document(args.format, loaded, answers, result, history, paper=args.paper)
    if args.out == "-":
        env.stdout.flush()
        stream = getattr(env.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:
            env.stdout.write(data.decode("utf-8"))
        return None
    suffix = {"pdf": ".pdf", "html": ".html", "md": ".md", "json": ".json"}[args.format]
    target = Path(args.out) if args.out else env.data_dir() / "reports" / f"{default_name}{suffix}"
    if not target.is_absolute():
        target = env.cwd / target
    write_atomically(target, data)
    return target


def output_format(out: str | None) -> str:
    """``--out plan.md`` means Markdown: a PDF saved under a .md name is never what was meant."""
    suffix = Path(out).suffix.lower() if out and out != "-" else ""
    return {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}.get(suffix, "pdf")


