"""``history``, ``progress``, ``export`` and ``import``: the commands over the stored runs.

``history`` and ``progress`` read the cheap columns and plain JSON with sqlite3 only, so with a
thousand runs stored they cost little more than ``assessor --version``; export and import live
in :mod:`assessor.history.export` with the file format, and only ``import`` loads the models.
"""

from __future__ import annotations

import json

from assessor.environment import Environment
from assessor.errors import UsageError, ellipsis
from assessor.cli.terminal import emit_json
from assessor.history.store import RunSummary, open_store, parse_run_id


# --- history ---------------------------------------------------------------------------------

def history(opts, env: Environment) -> int:
    if opts.delete is not None:
        return delete(opts, env)
    with open_store(env, read_only=True) as store:
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


def history_table(runs: list[RunSummary]) -> str:
    header = ("Run", "Date", "Name", "Role", "Mode", "Readiness")
    rows = [(str(r.id), r.assessed_on.isoformat(), ellipsis(r.name or "-", 24),
             ellipsis(r.role_name or r.role or "-", 36), r.mode, f"{r.readiness:.1f}%") for r in runs]
    w = [max(map(len, column)) for column in zip(header, *rows)]
    line = f"{{:>{w[0]}}}  {{:<{w[1]}}}  {{:<{w[2]}}}  {{:<{w[3]}}}  {{:<{w[4]}}}  {{:>{w[5]}}}".format
    return "".join(line(*row).rstrip() + "\n" for row in [header, *rows])




def delete(opts, env: Environment) -> int:
    run_id = parse_run_id(opts.delete)
    with open_store(env, read_only=True) as store:
        run = store.summary(opts.profile, run_id) if run_id is not None else None
    if run is None:
        raise UsageError(f"No run {opts.delete!r} in profile {opts.profile!r}; "
                         "`assessor history` lists the run ids.")
    what = (f"run {run.id} of profile {run.profile!r} ({run.assessed_on}, "
            f"{run.role_name or run.role or 'no role'}, {run.readiness:.1f}% ready)")
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
        deleted = store.delete_run(opts.profile, run.id)
    env.say(f"Deleted {what}." if deleted else f"Run {run.id} was already gone.")
    return 0


# --- progress --------------------------------------------------------------------------------

def progress(opts, env: Environment) -> int:
    from assessor.cli.progress_text import progress_text
    from assessor.progress import compare

    profile = opts.profile
    with open_store(env, read_only=True) as store:
        before_id, after_id = _pick_runs(store, profile, opts.run_a, opts.run_b)
        before, after = store.raw_run(profile, before_id), store.raw_run(profile, after_id)
        unrated = [s["skill"] for s in after.result["skills"] if s.get("rated") is None]
        last_rated = store.last_ratings(profile, after_id, unrated)  # stale candidates only
    if before_id == after_id:
        raise UsageError(f"RUN_A and RUN_B are both run {before_id}; give two different runs.")
    result = compare(before.result, after.result, last_rated=last_rated,
                     before_run=before.id, after_run=after.id)
    if opts.json:
        return emit_json(env, {"profile": profile, **result.as_json()})
    env.write_text(progress_text(profile, result))
    return 0


def _pick_runs(store, profile: str, run_a: str | None, run_b: str | None) -> tuple[int, int]:
    """Default: the last two runs. One run: that run against the latest."""
    for given in (run_a, run_b):
        if given is not None and store.summary(profile, given) is None:
            raise UsageError(f"No run {given!r} in profile {profile!r}; `assessor history` lists "
                             "the run ids.")
    if run_a is not None and run_b is not None:
        return parse_run_id(run_a), parse_run_id(run_b)
    runs = store.list_runs(profile, limit=2)
    if run_a is not None:
        latest = runs[0].id
        if parse_run_id(run_a) == latest:
            raise UsageError(f"Run {latest} is the latest run of profile {profile!r}; give an "
                             "earlier run to compare it with, or two runs: RUN_A RUN_B.")
        return parse_run_id(run_a), latest
    if len(runs) < 2:
        have = "no saved runs" if not runs else "only one saved run"
        others = [] if runs else [p for p in store.profiles() if p != profile]
        hint = f" Profiles with runs: {', '.join(others)} (use --profile NAME)." if others else ""
        raise UsageError(f"Profile {profile!r} has {have}; `assessor progress` compares two. "
                         f"Take the assessment again later with `assessor assess`.{hint}")
    return runs[1].id, runs[0].id
