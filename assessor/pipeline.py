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
    write_document(opts.document, env, loaded, answers, result, history, profile=opts.profile,
                   run_id=run_id)
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {opts.profile}); {command('progress', opts.profile)} "
                "compares runs.")
    return 0


def write_document(doc: DocumentOptions, env: Environment, loaded, answers, result, history, *,
                   profile: str | None = None, run_id: int | None = None,
                   default_name: str | None = None, label: str | None = None) -> Path | None:
    """Render to ``doc.out`` (``-`` = stdout) or the reports folder, and say where on stderr.

    The default file name holds the profile, date, role and run id
    (``plan-PROFILE-DATE-ROLE-runN``), so two people or two runs on one day never share a file;
    without a run id (``--no-save``) an existing file is never replaced.
    """
    from assessor.files import write_atomically
    from assessor.report.output import render_document

    fmt = format_for(doc.out, doc.format)
    data = render_document(fmt, loaded, answers, result, history, paper=doc.paper, brief=doc.brief)
    if doc.out == "-":
        env.stdout.flush()
        stream = getattr(env.stdout, "buffer", None)
        if stream is not None:
            stream.write(data)
            stream.flush()
        else:
            env.stdout.write(data.decode("utf-8"))
        return None
    if doc.out:
        target = env.resolve(doc.out)
    else:
        folder = env.data_dir() / "reports"
        name = default_name or document_name(profile or "me", result, run_id, brief=doc.brief)
        target = folder / f"{name}{SUFFIXES[fmt]}"
        n = 2
        while default_name is None and run_id is None and target.exists():
            target = folder / f"{name}-{n}{SUFFIXES[fmt]}"
            n += 1
    write_atomically(target, data, make_parents=not doc.out)
    what = label or ("Your one-page brief" if doc.brief else "Your learning plan")
    env.say(f"{what}: {target}")
    return target


def document_name(profile: str, result, run_id: int | None, *, brief: bool = False) -> str:
    """``plan-PROFILE-DATE-ROLE-runN``: safe as a file name on every platform."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in profile)[:40] or "profile"
    run = f"-run{run_id}" if run_id is not None else ""
    return f"{'brief' if brief else 'plan'}-{safe}-{result.assessed_on}-{result.role}{run}"
