"""The assessment pipeline: score -> save (or rescue) -> terminal summary -> write the document.

Both ways of answering (an answers file and the interactive questionnaire) end here, so a run is
scored, stored and rendered the same way whichever way it was answered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assessor.environment import Environment
from assessor.formats import SUFFIXES, DocumentOptions, format_for
from assessor.hints import command


def finish_assessment(opts, env: Environment, loaded, answers, *, summary: bool = False,
                      on_saved: Callable[[int], None] | None = None) -> int:
    """Score, store (unless --no-save), write the document; shared by file and prompts.

    ``on_saved(run_id)`` runs as soon as the run is stored, before the document is rendered: a
    Ctrl-C or a failure while rendering must not lead to the same answers being saved twice."""
    from assessor import __version__
    from assessor.scoring.score import score

    inputs = (env.resolve(opts.answers),) if getattr(opts, "answers", None) else ()
    if opts.document.out and opts.document.out != "-":  # before saving: nothing half done
        from assessor.files import guard_output

        guard_output(env.resolve(opts.document.out), env.data_dir(), inputs)
    result = score(loaded, answers, today=env.today, tool_version=__version__)
    run_id, history = None, []
    if not opts.no_save:
        run_id, history = save_run(env, opts.profile, answers, result)
        if run_id is not None and on_saved is not None:
            on_saved(run_id)
    if result.role_suggested and result.role:
        env.say(f"No target role given, so this scores you against the role that fits you best: "
                f"{result.role_name} ({result.role}). Choose another with --role ID "
                "(`assessor roles` lists them).")
    if summary:
        from assessor.report.summary import terminal_summary

        env.say(terminal_summary(result))
    write_document(opts.document, env, loaded, answers, result, history, profile=opts.profile,
                   run_id=run_id, inputs=inputs)
    if run_id is not None:
        env.say(f"Saved as run {run_id} (profile {opts.profile}); {command('progress', opts.profile)} "
                "compares runs.")
    return 0


def check_run_fits_rubric(run_id: int, result, loaded) -> None:
    """A run scored by an older rubric may name roles or skills the rubric in use has dropped or
    renamed; say so (exit 2) instead of failing half-way through the document."""
    from assessor.errors import UsageError

    r = loaded.rubric
    missing = sorted({s.skill for s in result.skills if s.skill not in r.skill_map}
                     | ({result.role} if result.role and result.role not in r.role_map else set()))
    if missing:
        shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise UsageError(
            f"Run {run_id} was scored with rubric {result.rubric_version} (digest "
            f"{result.rubric_digest[:12]}); the rubric in use ({r.meta.version}, {loaded.directory}) "
            f"has no {shown}. Render it with the rubric it was scored with (ASSESSOR_RUBRICS=DIR), "
            "or take the assessment again with the current rubric.")


def guard_save_answers(opts, env: Environment) -> None:
    """``--save-answers``, checked before any question is asked: never over the history database,
    the answers file being read, or the document ``--out`` writes next (it would replace them)."""
    if not getattr(opts, "save_answers", None):
        return
    from assessor.errors import UsageError
    from assessor.files import guard_output

    target = env.resolve(opts.save_answers)
    inputs = (env.resolve(opts.answers),) if getattr(opts, "answers", None) else ()
    guard_output(target, env.data_dir(), inputs, flag="--save-answers")
    out = opts.document.out
    if out and out != "-" and env.resolve(out).resolve() == target.resolve():
        raise UsageError(f"--save-answers {target} and --out {out} name the same file: the document "
                         "would replace the answers. Give them different paths.")


def save_answers_file(opts, env: Environment, answers, rubric) -> None:
    """Write the answers as a commented YAML file; a path that cannot be written only warns
    (the run itself goes on and is stored)."""
    from assessor.errors import UsageError
    from assessor.files import write_atomically
    from assessor.schema.answers_yaml import dump_answers_yaml

    target = env.resolve(opts.save_answers)
    try:
        guard_save_answers(opts, env)
        write_atomically(target, dump_answers_yaml(answers, rubric).encode("utf-8"))
    except UsageError as exc:
        env.say(f"Warning: --save-answers: {exc.message}")
        return
    env.say(f"Answers written to {target}\n(edit them, then replay: `assessor assess --answers {target}`)")


def save_run(env: Environment, profile: str, answers, result) -> tuple[int | None, list]:
    """Save the run; return (run id, the runs up to it for the report's progress section).

    If the store cannot be written, the answers must not be lost: they go to an answers file in
    the current directory (or, failing that, to stderr) with the command that replays them.
    """
    from assessor.errors import StoreError
    from assessor.history.store import open_store

    try:
        with open_store(env) as store:
            run_id = store.save_run(profile, answers, result)
    except StoreError as exc:
        _rescue(env, answers, result, exc.message)
        return None, []
    except BaseException:
        _rescue(env, answers, result, "an unexpected error stopped the save")
        raise
    try:
        with open_store(env, read_only=True) as store:
            history = store.runs_up_to(profile, run_id)
    except StoreError as exc:
        env.say(f"Run {run_id} was saved, but earlier runs could not be read for the progress "
                f"section:\n{exc.message}")
        return run_id, []
    if store.damage_warning():
        env.say(store.damage_warning())
    return run_id, history


def _rescue(env: Environment, answers, result, why: str) -> None:
    from assessor.history.rescue import rescue_answers

    env.say(rescue_answers(env, answers, result, why).message)


def write_document(doc: DocumentOptions, env: Environment, loaded, answers, result, history, *,
                   profile: str | None = None, run_id: int | None = None,
                   default_name: str | None = None, label: str | None = None,
                   inputs: tuple[Path, ...] = ()) -> Path | None:
    """Render to ``doc.out`` (``-`` = stdout) or the reports folder, and say where on stderr.

    The default file name holds the profile, date, role and run id
    (``plan-PROFILE-DATE-ROLE-runN``), so two people or two runs on one day never share a file;
    without a run id (``--no-save``) an existing file is never replaced.
    """
    from assessor.files import guard_output, write_atomically
    from assessor.report.output import render_document

    if doc.out and doc.out != "-":  # checked before rendering: a refused path costs nothing
        guard_output(env.resolve(doc.out), env.data_dir(), inputs)
    fmt = format_for(doc.out, doc.format)
    data = render_document(fmt, loaded, answers, result, history, paper=doc.paper, brief=doc.brief,
                           cache=env.cache_dir())
    if doc.out == "-":
        _to_stdout(env, data)
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
