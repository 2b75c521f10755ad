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

    inputs = (env.resolve(opts.answers),) if getattr(opts, "answers", None) else ()
    if opts.document.out and opts.document.out != "-":  # before saving: nothing half done
        from assessor.files import guard_output

        guard_output(env.resolve(opts.document.out), env.data_dir(), inputs)
    result = score(loaded, answers, today=env.today, tool_version=__version__)
    run_id, history = None, []
    if not opts.no_save:
        from assessor.history.store import save_run_or_rescue

        run_id, history = save_run_or_rescue(env, opts.profile, answers, result)
    if summary:
        from assessor.report.summary import terminal_summary

        env.say(terminal_summary(result))
    target = write_document(opts.document, env, loaded, answers, result, history,
                            default_name=f"plan-{result.assessed_on}-{result.role}", inputs=inputs)
    if target is not None:
        env.say(f"Your learning plan: {target}")
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {opts.profile}); {command('progress', opts.profile)} "
                "compares runs.")
    return 0


def write_document(doc: DocumentOptions, env: Environment, loaded, answers, result, history, *,
                   default_name: str, inputs: tuple[Path, ...] = ()) -> Path | None:
    """Render to ``doc.out`` (``-`` = stdout) or the reports folder; returns the path written."""
    from assessor.files import guard_output, write_atomically
    from assessor.report.output import render_document

    if doc.out and doc.out != "-":  # checked before rendering: a refused path costs nothing
        guard_output(env.resolve(doc.out), env.data_dir(), inputs)
    fmt = format_for(doc.out, doc.format)
    data = render_document(fmt, loaded, answers, result, history, paper=doc.paper)
    if doc.out == "-":
        _to_stdout(env, data)
        return None
    target = env.resolve(doc.out) if doc.out else env.data_dir() / "reports" / f"{default_name}{SUFFIXES[fmt]}"
    write_atomically(target, data, make_parents=not doc.out)
    return target


def _to_stdout(env: Environment, data: bytes) -> None:
    """``--out -``: a closed stdout or a full device is the user's to fix (exit 2), not a bug."""
    from assessor.errors import UsageError

    if env.stdout is None or getattr(env.stdout, "closed", False):
        raise UsageError("--out -: stdout is closed, so the document cannot be written there. "
                         "Give a file name with --out PATH.")
    try:
        env.stdout.flush()
        stream = getattr(env.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:
            env.stdout.write(data.decode("utf-8"))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"--out -: cannot write the document to stdout ({exc.strerror or exc}). "
                         "Give a file name with --out PATH.") from None
