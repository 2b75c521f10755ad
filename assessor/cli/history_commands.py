"""``history``, ``progress``, ``export`` and ``import``: the commands over the stored runs.

``history`` and ``progress`` read the cheap columns and plain JSON with sqlite3 only, so with a
thousand runs stored they cost little more than ``assessor --version``; the export file format
lives in :mod:`assessor.history.export` (writing) and :mod:`assessor.history.importing`
(reading), and only those two load the models. Runs whose stored data is damaged are skipped
with one warning naming them (see :mod:`assessor.history.rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from assessor.environment import Environment
from assessor.errors import UsageError, ellipsis
from assessor.cli.terminal import emit_json
from assessor.history.store import Store, open_store, parse_run_id
from assessor.records import Run


@contextmanager
def reading(env: Environment) -> Iterator[Store]:
    """The store opened read-only; when the command is done with it, even by an error (``only one
    saved run`` while others were skipped), one warning on stderr naming the damaged runs."""
    with open_store(env, read_only=True) as store:
        try:
            yield store
        finally:
            if store.damage_warning():
                env.say(store.damage_warning())


# --- history ---------------------------------------------------------------------------------

def history(opts, env: Environment) -> int:
    if opts.delete is not None:
        return delete(opts, env)
    with reading(env) as store:
        runs = store.list_runs(opts.profile)
        others = [] if runs else [p for p in store.profiles() if p != opts.profile]
    if opts.json:  # one run per line: readable, and the C encoder is fast for 1,000 runs
        encode = json.JSONEncoder(ensure_ascii=False).encode
        body = ",\n".join(f"  {encode(r.as_json())}" for r in runs)
        env.stdout.write(f"[\n{body}\n]\n" if runs else "[]\n")
        return 0
    if not runs:
        env.say(_no_runs(opts.profile, others))
        return 0
    env.write_text(history_table(runs))
    return 0


def _no_runs(profile: str, others: list[str]) -> str:
    hint = f" Profiles with runs: {', '.join(others)} (use --profile NAME)." if others else ""
    return (f"No saved runs for profile {profile!r} yet. `assessor assess` takes an assessment "
            f"and saves it.{hint}")


def history_table(runs: list[Run]) -> str:
    header = ("Run", "Date", "Name", "Role", "Mode", "Readiness")
    rows = [(str(r.id), r.assessed_on.isoformat(), ellipsis(r.name or "-", 24),
             ellipsis(r.role_name or r.role or "-", 36), r.mode, f"{r.readiness:.1f}%") for r in runs]
    w = [max(map(len, column)) for column in zip(header, *rows)]
    line = f"{{:>{w[0]}}}  {{:<{w[1]}}}  {{:<{w[2]}}}  {{:<{w[3]}}}  {{:<{w[4]}}}  {{:>{w[5]}}}".format
    return "".join(line(*row).rstrip() + "\n" for row in [header, *rows])




def delete(opts, env: Environment) -> int:
    from assessor.history.rows import DamagedRunError

    run_id = parse_run_id(opts.delete)
    with open_store(env, read_only=True) as store:
        try:
            run = store.summary(opts.profile, run_id) if run_id is not None else None
        except DamagedRunError as exc:  # a damaged run can still be deleted
            run = exc.damaged
    if run is None:
        raise UsageError(f"No run {opts.delete!r} in profile {opts.profile!r}; "
                         "`assessor history` lists the run ids.")
    if isinstance(run, Run):
        what = (f"run {run.id} of profile {run.profile!r} ({run.assessed_on}, "
                f"{run.role_name or run.role or 'no role'}, {run.readiness:.1f}% ready)")
    else:
        what = f"run {run.run_id} of profile {run.profile!r} (damaged: {run.reason})"
        run_id = run.run_id
    if not opts.yes:
        if not env.interactive:
            raise UsageError(f"Deleting {what} needs confirmation, and there is no terminal to "
                             "ask on. Add --yes to delete it without asking.")
        env.stderr.write(f"Delete {what}? This cannot be undone. [y/N] ")
        env.stderr.flush()
        reply = env.stdin.readline()
        if reply.strip().lower() not in ("y", "yes"):
            env.say("Nothing deleted.")
            return 0
    with open_store(env) as store:
        deleted = store.delete_run(opts.profile, run_id)
    env.say(f"Deleted {what}." if deleted else f"Run {run_id} was already gone.")
    return 0


# --- progress --------------------------------------------------------------------------------

def progress(opts, env: Environment) -> int:
    from assessor.cli.progress_text import progress_text
    from assessor.progress import compare

    profile = opts.profile
    with reading(env) as store:
        before, after = _pick_runs(store, profile, opts.run_a, opts.run_b)
        if before.id == after.id:
            raise UsageError(f"RUN_A and RUN_B are both run {before.id}; give two different runs.")
        try:
            unrated = [s["skill"] for s in after.result["skills"] if s.get("rated") is None]
            last_rated = store.last_ratings(profile, after.id, unrated)  # stale candidates only
            result = compare(before, after, last_rated=last_rated)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            _refuse_damaged(store, before, after)
            raise
    if opts.json:
        return emit_json(env, {"profile": profile, **result.as_json()})
    env.write_text(progress_text(profile, result))
    return 0


def _refuse_damaged(store, *runs: Run) -> None:
    """A stored result that parses but is not what it should be: name the run (exit 2)."""
    from assessor.history.rows import models_of

    for run in runs:
        models_of(run, store.path)  # raises DamagedRunError when the stored result is damaged


def _pick_runs(store, profile: str, run_a: str | None, run_b: str | None) -> tuple[Run, Run]:
    """Default: the last two (readable) runs. One run: that run against the latest."""
    given = [store.get_run(profile, r) if r is not None else None for r in (run_a, run_b)]
    for text, run in zip((run_a, run_b), given):
        if text is not None and run is None:
            raise UsageError(f"No run {text!r} in profile {profile!r}; `assessor history` lists "
                             "the run ids.")
    if run_a is not None and run_b is not None:
        return given[0], given[1]
    newest = store.newest_runs(profile)
    runs = [run for run, _ in zip(newest, range(2))]
    newest.close()
    if run_a is not None:
        latest = runs[0]
        if given[0].id == latest.id:
            raise UsageError(f"Run {latest.id} is the latest run of profile {profile!r}; give an "
                             "earlier run to compare it with, or two runs: RUN_A RUN_B.")
        return given[0], latest
    if len(runs) < 2:
        have = "no saved runs" if not runs else "only one saved run"
        others = [] if runs else [p for p in store.profiles() if p != profile]
        hint = f" Profiles with runs: {', '.join(others)} (use --profile NAME)." if others else ""
        raise UsageError(f"Profile {profile!r} has {have}; `assessor progress` compares two. "
                         f"Take the assessment again later with `assessor assess`.{hint}")
    return runs[1], runs[0]


# --- export and import -----------------------------------------------------------------------

def export(opts, env: Environment) -> int:
    return export_history(env, opts.profile, opts.file)


def export_history(env: Environment, profile: str, file: str) -> int:
    """Write the export a run at a time: to stdout, or atomically to a file."""
    from assessor import __version__
    from assessor.files import guard_output, write_atomically
    from assessor.history.export import ExportWriter

    with reading(env) as store:
        writer = ExportWriter(store, profile, tool_version=__version__, exported_at=env.now())
        if writer.empty:
            others = [p for p in store.profiles() if p != profile]
            hint = f" Profiles with data: {', '.join(others)} (use --profile NAME)." if others else ""
            raise UsageError(f"Profile {profile!r} has no runs and no draft to export.{hint}")
        target = None if file == "-" else env.resolve(file)
        if target is None:
            for chunk in writer.chunks():
                env.stdout.write(chunk)
        else:
            guard_output(target, env.data_dir())
            write_atomically(target, (chunk.encode("utf-8") for chunk in writer.chunks()))
    if target is not None:
        env.say(f"Exported {writer.runs} run{'s' if writer.runs != 1 else ''}"
                f"{' and the draft' if writer.draft is not None else ''} of profile {profile!r} "
                f"to {target}.")
    return 0


def import_(opts, env: Environment) -> int:
    return import_history(env, opts.file, opts.profile if opts.profile_given else None)


def import_history(env: Environment, file: str, profile: str | None) -> int:
    """The file names its profile; a ``profile`` the user gave explicitly wins."""
    from assessor.hints import command
    from assessor.history.importing import read_export

    exported = read_export(env.resolve(file))
    profile = profile or exported.profile
    with open_store(env) as store:
        ids = store.import_runs(profile, exported.rows)
        draft_note = ""
        if exported.draft is not None:
            current = store.load_draft(profile)
            if current is None:
                store.save_draft(profile, exported.draft)
                draft_note = ("\nThe file's unfinished assessment is now this profile's draft "
                              f"({command('assess --resume', profile)} continues it).")
            elif current != exported.draft:
                draft_note = ("\nThe file's unfinished assessment was not imported: this profile "
                              "has one in progress already.")
    added = sum(1 for i in ids if i is not None)
    skipped = len(ids) - added
    env.say(f"Imported {added} run{'s' if added != 1 else ''} into profile {profile!r}"
            + (f" ({skipped} already present, skipped)." if skipped else ".") + draft_note)
    return 0
