"""The assessment pipeline: score -> save (or rescue) -> terminal summary -> write the document.

Both ways of answering (an answers file and the interactive questionnaire) end here, so a run is
scored, stored and rendered the same way whichever way it was answered.
"""

from __future__ import annotations

from pathlib import Path

from assessor.environment import Environment
from assessor.formats import SUFFIXES, DocumentOptions, format_for
from assessor.hints import command


def finish_assessment(opts, env: Environment, loaded, answers, *, summary: bool = False) -> int:
    """Score, store (unless --no-save), write the document; shared by file and prompts."""
    from assessor import __version__
    from assessor.scoring.score import score

    result = score(loaded, answers, today=env.today, tool_version=__version__)
    run_id, history = None, []
    if not opts.no_save:
        from assessor.history.store import save_run_or_rescue

        run_id, history = save_run_or_rescue(env, opts.profile, answers, result)
    if result.role_suggested and result.role:
        env.say(f"No target role given, so this scores you against the role that fits you best: "
                f"{result.role_name} ({result.role}). Choose another with --role ID "
                "(`assessor roles` lists them).")
    if summary:
        from assessor.report.summary import terminal_summary

        env.say(terminal_summary(result))
    target = write_document(opts.document, env, loaded, answers, result, history,
                            default_name=f"plan-{result.assessed_on}-{result.role}")
    if target is not None:
        env.say(f"Your learning plan: {target}")
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {opts.profile}); {command('progress', opts.profile)} "
                "compares runs.")
    return 0


def write_document(doc: DocumentOptions, env: Environment, loaded, answers, result, history, *,
                   default_name: str) -> Path | None:
    """Render to ``doc.out`` (``-`` = stdout) or the reports folder; returns the path written."""
    from assessor.files import write_atomically
    from assessor.report.output import render_document

    fmt = format_for(doc.out, doc.format)
    data = render_document(fmt, loaded, answers, result, history, paper=doc.paper)
    if doc.out == "-":
        env.stdout.flush()
        stream = getattr(env.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:
            env.stdout.write(data.decode("utf-8"))
        return None
    target = env.resolve(doc.out) if doc.out else env.data_dir() / "reports" / f"{default_name}{SUFFIXES[fmt]}"
    write_atomically(target, data, make_parents=not doc.out)
    return target
