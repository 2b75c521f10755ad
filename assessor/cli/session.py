"""One interactive assessment on a terminal: welcome, questions, draft, resume, and the result.

This is the glue between the environment (streams, data directory, the history store) and the
pure questionnaire. It owns the one ``KeyboardInterrupt`` handler of the interactive path: the
draft is already saved after every answer, so stopping only has to say how to come back.
"""

from __future__ import annotations

import textwrap
from contextlib import ExitStack

from assessor.cli.options import check_role
from assessor.environment import Environment
from assessor.hints import command
from assessor.errors import ExitCode, StoreError
from assessor.questionnaire.flow import DRAFT_VERSION, read_draft, run_questionnaire, saved_run_of
from assessor.questionnaire.questions import BACK, ROLE, SEED, Option, Question, Setup, welcome_facts

WIDTH = 79
# Locale country -> region id of the bundled rubric; only used when the rubric has that region.
LOCALE_REGIONS = {"US": "us", "GB": "uk", "UK": "uk", "CA": "canada", "IN": "india"}


def run_interactive(opts, env: Environment, loaded, prompter=None) -> int:
    """Ask on ``prompter`` (the real questionary one unless a test passes its own)."""

    rubric = loaded.rubric
    check_role(rubric, opts.role)
    profile = opts.profile
    if prompter is None:
        from assessor.cli.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter()

    with ExitStack() as stack:
        store = _open_store(env, stack)
        drafts = _Drafts(env, store, profile)
        previous = _safely(lambda: store.last_answers(profile)) if store else None
        if store is not None and store.damage_warning():  # defaults come from an older run: say why
            env.say(f"{store.damage_warning()} The defaults offered below come from the latest "
                    "readable run.")
        draft = _safely(lambda: store.load_draft(profile)) if store else None
        answered, draft_mode, draft_role = read_draft(draft)
        drafts.count = len(answered)
        try:
            resume = opts.resume
            if answered and not resume:
                resume = _ask_resume(prompter, answered, draft_mode, saved_run_of(draft))
                if not resume:
                    drafts.clear()
            if resume and saved_run_of(draft) is not None:
                drafts.saved_run = saved_run_of(draft)
                if _write_saved_run(opts, env, loaded, store, drafts):
                    return ExitCode.OK
                resume = False
            if resume and not answered:
                env.say(f"No unfinished assessment to resume for profile {profile!r}; starting a new one.")
            if not resume:
                answered, draft_mode, draft_role = {}, None, None
            setup = Setup(
                rubric, mode=opts.mode or draft_mode or "quick", today=env.today,
                fixed_role=opts.role or draft_role, previous=previous,
                login_name=_login_name(env), region_hint=_region_hint(env))
            drafts.setup = setup
            drafts.count = _given(answered, setup)
            env.say(welcome_text(setup, env, resumed=drafts.count, profile=profile))
            answers = run_questionnaire(setup, prompter, answered=answered, save_draft=drafts.save)
        except KeyboardInterrupt:
            env.say(stopped_text(drafts.count, profile, drafts_work=drafts.working,
                                 saved_run=drafts.saved_run))
            return ExitCode.INTERRUPTED

    from assessor.pipeline import finish_assessment, save_answers_file

    if opts.save_answers:
        save_answers_file(opts, env, answers, rubric)

    try:
        code = finish_assessment(opts, env, loaded, answers, summary=True, on_saved=drafts.mark_saved)
    except KeyboardInterrupt:
        env.say(stopped_text(drafts.count, profile, drafts_work=drafts.working, finishing=True,
                             saved_run=drafts.saved_run))
        return ExitCode.INTERRUPTED
    except Exception:
        if drafts.saved_run is not None:
            env.say(f"Your answers are saved as run {drafts.saved_run}: "
                    f"{command('assess --resume', profile)} writes its plan without saving them again.")
        elif drafts.working:
            env.say(f"Your answers are kept: {command('assess --resume', profile)} "
                    "finishes this assessment without asking again.")
        raise
    _clear_draft(env, profile)
    return code


def _write_saved_run(opts, env: Environment, loaded, store, drafts) -> bool:
    """Resuming after a Ctrl-C that came once the run was saved: write that run's plan and save
    nothing (the same answers twice would be two runs). False when the run has gone since."""
    from assessor.pipeline import check_run_fits_rubric, write_document

    run_id, profile = drafts.saved_run, drafts.profile
    found = _safely(lambda: store.assessed_run(profile, run_id))
    if found is None:
        env.say(f"Run {run_id}, which your unfinished assessment was saved as, is no longer in the "
                "history; starting a new assessment.")
        drafts.clear()
        drafts.saved_run = None
        return False
    run, answers, result = found
    env.say(f"Your answers were saved as run {run_id} before the plan was written; writing it now.")
    check_run_fits_rubric(run.id, result, loaded)
    history = _safely(lambda: store.runs_up_to(profile, run.id)) or []
    write_document(opts.document, env, loaded, answers, result, history, profile=profile,
                   run_id=run.id)
    drafts.clear()
    return True


class _Drafts:
    """Saves the draft after every answer; a store that fails mid-way is reported once, not fatal."""

    def __init__(self, env: Environment, store, profile: str):
        self.env, self.store, self.profile = env, store, profile
        self.setup: Setup | None = None
        self.count = 0
        self.working = store is not None
        self.saved_run: int | None = None  # the run these answers are stored as, once they are

    def save(self, draft: dict) -> None:
        self.count = _given(draft["answered"], self.setup) if self.setup else len(draft["answered"])
        if not self.working:
            return
        try:
            self.store.save_draft(self.profile, draft)
        except StoreError as exc:
            self.working = False
            self.env.say(f"Warning: answers cannot be saved as you go ({exc.message}); "
                         "finish in one go, or they are lost on Ctrl-C.")

    def mark_saved(self, run_id: int) -> None:
        """The run is stored: the draft says so, so ``--resume`` writes that run's plan."""
        from assessor.history.store import open_store

        self.saved_run = run_id
        if not self.working:
            return
        try:
            with open_store(self.env) as store:
                draft = store.load_draft(self.profile)
                base = draft if isinstance(draft, dict) else {"version": DRAFT_VERSION, "answered": {}}
                store.save_draft(self.profile, {**base, "saved_run": run_id})
        except (StoreError, ValueError):
            pass

    def clear(self) -> None:
        if self.working:
            try:
                self.store.clear_draft(self.profile)
            except StoreError:
                pass
        self.count = 0


# --- texts -------------------------------------------------------------------------------------

def welcome_text(setup: Setup, env: Environment, *, resumed: int = 0, profile: str | None = None) -> str:
    """What happens, how long it takes, which keys matter, and where the answers stay."""
    facts = welcome_facts(setup)
    rubric = setup.rubric.meta
    (low, high), (lo_min, hi_min) = facts.full_prompts, facts.full_minutes
    this = {setup.mode: "  (this run)"}
    role = f"Target role: {facts.role_name}. " if facts.role_name else ""
    lines = ["", f"Skill-gap assessment · {rubric.name} {rubric.version}"]
    if resumed:
        lines.append(f"Resuming your unfinished assessment: {resumed} answers restored "
                     f"({setup.mode} mode).")
    else:
        lines += textwrap.wrap(
            f"{role}Rate yourself on each skill the role needs; every level says what people at "
            "that level have done. You get a prioritised learning plan (PDF).", WIDTH)
        lines += [
            f"  quick  up to {facts.quick_prompts} questions, about {facts.quick_minutes} min: "
            f"self-ratings only{this.get('quick', '')}",
            f"  full   {low}-{high} questions, {lo_min}-{hi_min} min: + evidence, knowledge checks"
            f"{this.get('full', '')}",
        ]
        if setup.mode == "quick":
            lines.append("         (`assessor assess --mode full` runs the full one)")
    if facts.rerun:
        lines.append("Defaults are your answers from last time: Enter keeps each one.")
    else:
        lines.append("Every question has a default: Enter accepts it.")
    lines += ["\"← back\" or the ← key returns to the previous question; Ctrl-C stops, and",
              f"{command('assess --resume', profile)} continues later."]
    lines += textwrap.wrap(f"Your answers stay on this machine, in {env.data_dir()}", WIDTH)
    return "\n".join(lines)


def stopped_text(count: int, profile: str, *, drafts_work: bool, finishing: bool = False,
                 saved_run: int | None = None) -> str:
    resume = command("assess --resume", profile)
    if saved_run is not None:
        return (f"\nStopped before the plan was written. Your answers are saved as run {saved_run}:\n"
                f"{resume} writes its plan without saving them again\n"
                f"(so does {command(f'report --run {saved_run}', profile)}).")
    if finishing:
        return f"\nStopped before the plan was written. Your answers are kept:\n{resume} finishes it."
    if not drafts_work:
        return "\nStopped. The history store could not be opened, so your answers were not kept."
    if count == 0:
        return "\nStopped before the first answer; nothing to resume."
    noun = "answer is" if count == 1 else "answers are"
    return f"\nStopped. Your {count} {noun} saved on this machine.\n{resume} continues where you left off."


# --- helpers -----------------------------------------------------------------------------------

def _given(answered: dict, setup: Setup) -> int:
    """Answers the user gave (a role fixed by --role was not one of them)."""
    return (len(answered) - (1 if setup.fixed_role and ROLE in answered else 0)
            - (1 if SEED in answered else 0))


def _ask_resume(prompter, answered: dict, mode: str | None, saved_run: int | None = None) -> bool:
    """Bare ``assessor assess`` after a Ctrl-C offers to continue rather than silently restart."""
    label = (f"Continue: write the plan of run {saved_run} (saved before the Ctrl-C)" if saved_run
             else f"Continue ({sum(1 for k in answered if k != SEED)} answers, {mode or 'quick'} mode)")
    question = Question(
        "resume", "select", "You have an unfinished assessment. Continue it?",
        (Option(label, True),
         Option("Start afresh", False, "The unfinished answers are discarded.")),
        default=True)
    answer = BACK
    while answer is BACK:  # nothing before this question to go back to
        answer = prompter.ask(question)
    return answer is True


def _open_store(env: Environment, stack: ExitStack):
    from assessor.history.store import open_store

    try:
        return stack.enter_context(open_store(env))
    except StoreError as exc:
        env.say(f"Warning: {exc.message}\nThe assessment still works, but answers are not saved "
                "as you go and the run may not be stored.")
        return None


def _safely(call):
    """A draft or last run that cannot be read only costs its defaults, not the assessment."""
    try:
        return call()
    except (StoreError, ValueError):
        return None


def _clear_draft(env: Environment, profile: str) -> None:
    from assessor.history.store import open_store

    try:
        with open_store(env) as store:
            store.clear_draft(profile)
    except StoreError:
        pass


def _login_name(env: Environment) -> str | None:
    for key in ("USER", "LOGNAME", "USERNAME"):
        if env.environ.get(key) and env.environ[key] != "root":
            return env.environ[key]
    return None


def _region_hint(env: Environment) -> str | None:
    for key in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = env.environ.get(key) or ""
        country = value.split(".")[0].partition("_")[2].upper()
        if country:
            return LOCALE_REGIONS.get(country)
    return None
