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
    write_document(args, env, loaded, answers, result, history, run_id=run_id)
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {args.profile}); `assessor progress` compares runs.")
    return 0


def write_document(args, env: Environment, loaded, answers, result, history, *,
                   run_id: int | None = None, default_name: str | None = None,
                   label: str | None = None):
    """Render to ``--out`` (``-`` = stdout) or the reports folder, and say where on stderr.

    The default file name holds the profile, date, role and run id, so two people (or two runs)
    on one day never share a file; without a run id an existing file is never replaced.
    """
    from assessor.files import write_atomically
    from assessor.report.output import render_document

    brief = bool(getattr(args, "brief", False))
    args.format = args.format or output_format(args.out)
    data = render_document(args.format, loaded, answers, result, history,
                           paper=getattr(args, "paper", None), brief=brief)
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
    if args.out:
        target = Path(args.out)
        if not target.is_absolute():
            target = env.cwd / target
    else:
        folder = env.data_dir() / "reports"
        name = default_name or document_name(getattr(args, "profile", None) or "me", result,
                                             run_id, brief=brief)
        target = folder / f"{name}{suffix}"
        if run_id is None and default_name is None:
            n = 2
            while target.exists():
                target = folder / f"{name}-{n}{suffix}"
                n += 1
    write_atomically(target, data)
    what = label or ("Your one-page brief" if brief else "Your learning plan")
    env.say(f"{what}: {target}")
    return target


def document_name(profile: str, result, run_id: int | None, *, brief: bool = False) -> str:
    """``plan-PROFILE-DATE-ROLE-runN``: safe as a file name on every platform."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in profile)[:40] or "profile"
    run = f"-run{run_id}" if run_id is not None else ""
    return f"{'brief' if brief else 'plan'}-{safe}-{result.assessed_on}-{result.role}{run}"


def output_format(out: str | None) -> str:
    """``--out plan.md`` means Markdown: a PDF saved under a .md name is never what was meant."""
    suffix = Path(out).suffix.lower() if out and out != "-" else ""
    return {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}.get(suffix, "pdf")


