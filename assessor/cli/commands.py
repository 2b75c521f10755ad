"""What each command does: thin glue between the environment, the rubric, scoring and output.

Heavy modules are imported inside the handlers so that a command pays only for what it uses.
"""

from __future__ import annotations

from pathlib import Path

from assessor import heap
from assessor.cli.options import AssessOptions, DemoOptions, check_role, refuse_pdf_on_terminal
from assessor.cli.terminal import emit_json, listing_width
from assessor.environment import Environment
from assessor.errors import UsageError


def dispatch(command: str | None, options, env: Environment) -> int:
    heap.command_started()
    if command is None:  # bare `assessor`: ask on a terminal, else show the sample
        if env.interactive:
            return assess(AssessOptions(), env)
        return demo(DemoOptions(), env, told_no_terminal=True)
    handler = {
        "assess": assess, "demo": demo, "report": report, "skills": list_skills,
        "roles": list_roles, "certs": list_certs, "rubrics": rubrics,
        "history": history, "progress": progress, "export": export, "import": import_,
        "match": match,
    }[command]
    return handler(options, env)


def load(env: Environment, directory: Path | None = None):
    from assessor.schema.loader import load_rubric

    with heap.paused(keep=True):  # the rubric lives as long as the command
        return load_rubric(directory or env.rubric_dir(), env.cache_dir())


# --- assessing -------------------------------------------------------------------------------

def assess(opts: AssessOptions, env: Environment) -> int:
    loaded = load(env)
    check_role(loaded.rubric, opts.role)
    doc = opts.document
    refuse_pdf_on_terminal(doc, env)
    from assessor.pipeline import guard_save_answers

    guard_save_answers(opts, env)  # before any question: a refused path costs no answers
    if opts.answers is None:
        if not env.interactive:
            raise UsageError(
                "No terminal to ask questions on (stdin or stdout is not a terminal) and no "
                "--answers FILE given. Run `assessor assess --answers FILE` with a YAML answers "
                "file (see the README for the format), or `assessor demo` to see a sample plan.")
        from assessor.cli.session import run_interactive

        return run_interactive(opts, env, loaded)
    from assessor.schema.answers import load_answers

    answers = load_answers(env.resolve(opts.answers), loaded.rubric)
    updates = {}
    if opts.role:
        updates["role"] = opts.role
    if opts.mode:
        updates["mode"] = opts.mode
    if updates:
        answers = answers.model_copy(update=updates)
    from assessor.scoring.score import asked_skills

    missing = [s for s in asked_skills(loaded.rubric, answers.role) if s not in answers.ratings]
    if missing:
        env.say(f"Note: {len(missing)} skill(s) the assessment covers are not in {opts.answers} and "
                f"count as level 0 (skipped): {', '.join(missing[:8])}{' ...' if len(missing) > 8 else ''}. "
                "Add them under `ratings:` (or set them to null to mark them skipped on purpose).")
    from assessor.pipeline import finish_assessment, save_answers_file

    if opts.save_answers:  # the answers as read (and as --role/--mode changed them), commented
        save_answers_file(opts, env, answers, loaded.rubric)
    return finish_assessment(opts, env, loaded, answers)


def demo(opts: DemoOptions, env: Environment, told_no_terminal: bool = False) -> int:
    refuse_pdf_on_terminal(opts.document, env)
    from assessor import __version__
    from assessor.schema.answers import load_answers
    from assessor.scoring.score import score
    from assessor.paths import PACKAGE_DIR

    loaded = load(env)
    sample = PACKAGE_DIR / "samples" / "career_changer.yaml"
    answers = load_answers(sample, loaded.rubric)
    result = score(loaded, answers, today=env.today, tool_version=__version__)
    if told_no_terminal:
        env.say("No terminal attached, so here is the plan of the bundled sample profile "
                "(run `assessor assess` on a terminal to assess yourself).")
    from assessor.pipeline import write_document

    write_document(opts.document, env, loaded, answers, result, [], default_name="demo-plan",
                   label="Sample one-page brief" if opts.document.brief else "Sample learning plan")
    return 0


def report(opts, env: Environment) -> int:
    refuse_pdf_on_terminal(opts.document, env)
    from assessor.cli.history_commands import reading

    loaded = load(env)
    with reading(env) as store:
        found = store.assessed_run(opts.profile, opts.run or None)
        if found is None:
            raise UsageError(
                f"No saved runs for profile {opts.profile!r}." if not opts.run else
                f"No run {opts.run!r} in profile {opts.profile!r}; `assessor history` lists them.")
        run, answers, result = found
        history = store.runs_up_to(opts.profile, run.id)
    from assessor.pipeline import check_run_fits_rubric, write_document

    check_run_fits_rubric(run.id, result, loaded)
    write_document(opts.document, env, loaded, answers, result, history,
                   profile=opts.profile, run_id=run.id)
    return 0


def match(opts, env: Environment) -> int:
    from assessor.cli.match_command import match as run

    return run(opts, env)


# --- listing the rubric ------------------------------------------------------------------------

def list_skills(opts, env: Environment) -> int:
    from assessor.cli.listing import skills_table

    rubric = load(env).rubric
    skills = [s for s in rubric.skills if not opts.category or s.category == opts.category]
    if opts.category and not skills:
        raise UsageError(f"--category {opts.category}: no such category; one of "
                         f"{', '.join(c.id for c in rubric.categories)}.")
    if opts.json:
        return emit_json(env, [{"id": s.id, "name": s.name, "category": s.category,
                                "summary": s.summary, "prerequisites": s.prerequisites,
                                "checks": len(rubric.checks_of(s.id)), "sources": s.sources} for s in skills])
    env.write_text(skills_table(rubric, skills, listing_width(env)))
    return 0


def list_roles(opts, env: Environment) -> int:
    from assessor.cli.listing import roles_table

    rubric = load(env).rubric
    if opts.json:
        return emit_json(env, [{
            "id": r.id, "name": r.name, "seniority": r.seniority, "experience": r.experience,
            "focus": r.focus, "stage": r.stage, "next_roles": r.next_roles,
            "requirements": [q.model_dump(mode="json") for q in r.requirements],
            "sources": r.sources} for r in rubric.roles])
    env.write_text(roles_table(rubric, listing_width(env)))
    return 0


def list_certs(opts, env: Environment) -> int:
    from assessor.cli.listing import certs_table

    rubric = load(env).rubric
    if opts.json:
        return emit_json(env, [c.model_dump(mode="json") for c in rubric.certifications])
    env.write_text(certs_table(rubric, env.today, listing_width(env)))
    return 0


def rubrics(opts, env: Environment) -> int:
    if opts.action == "schema":
        from assessor.schema.json_schema import combined_schema

        return emit_json(env, combined_schema())
    if opts.action == "check":
        directory = env.resolve(opts.dir) if opts.dir else env.rubric_dir()
        loaded = load(env, directory)
        r = loaded.rubric
        checks = len(r.checks)
        env.stdout.write(
            f"{directory}: valid. {len(r.skills)} skills in {len(r.categories)} categories, "
            f"{checks} knowledge checks, {len(r.roles)} roles, {len(r.certifications)} "
            f"certifications, {len(r.career.ladder)} ladder stages, {len(r.career.salaries)} salary "
            f"figures (rubric {r.meta.version}, digest {loaded.digest[:12]}).\n")
        return 0
    raise UsageError("`assessor rubrics` needs an action: `check [DIR]` or `schema`.")


# --- history -----------------------------------------------------------------------------------

def history(opts, env: Environment) -> int:
    from assessor.cli.history_commands import history as run

    return run(opts, env)


def progress(opts, env: Environment) -> int:
    from assessor.cli.history_commands import progress as run

    return run(opts, env)


def export(opts, env: Environment) -> int:
    from assessor.cli.history_commands import export as run

    return run(opts, env)


def import_(opts, env: Environment) -> int:
    from assessor.cli.history_commands import import_ as run

    return run(opts, env)
