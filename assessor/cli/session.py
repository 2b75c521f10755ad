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
from assessor.errors import ExitCode, StoreError, UsageError
from assessor.questionnaire.flow import read_draft, run_questionnaire
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
        answered, draft_mode, draft_role = read_draft(_safely(lambda: store.load_draft(profile))
                                                      if store else None)
        drafts.count = len(answered)
        try:
            resume = opts.resume
            if answered and not resume:
                resume = _ask_resume(prompter, answered, draft_mode)
                if not resume:
                    drafts.clear()
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
            env.say(stopped_text(drafts.count, profile, drafts_work=drafts.working))
            return ExitCode.INTERRUPTED

    if opts.save_answers:
        _save_answers(opts, env, answers, rubric)
    from assessor.pipeline import finish_assessment

    try:
        code = finish_assessment(opts, env, loaded, answers, summary=True)
    except KeyboardInterrupt:
        env.say(stopped_text(drafts.count, profile, drafts_work=drafts.working, finishing=True))
        return ExitCode.INTERRUPTED
    except Exception:
        if drafts.working:
            env.say(f"Your answers are kept: {command('assess --resume', profile)} "
                    "finishes this assessment without asking again.")
        raise
    _clear_draft(env, profile)
    return code


class _Drafts:
    """Saves the draft after every answer; a store that fails mid-way is reported once, not fatal."""

    def __init__(self, env: Environment, store, profile: str):
        self.env, self.store, self.profile = env, store, profile
        self.setup: Setup | None = None
        self.count = 0
        self.working = store is not None

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


def stopped_text(count: int, profile: str, *, drafts_work: bool, finishing: bool = False) -> str:
    resume = command("assess --resume", profile)
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


def _ask_resume(prompter, answered: dict, mode: str | None) -> bool:
    """Bare ``assessor assess`` after a Ctrl-C offers to continue rather than silently restart."""
    question = Question(
        "resume", "select", "You have an unfinished assessment. Continue it?",
        (Option(f"Continue ({sum(1 for k in answered if k != SEED)} answers, {mode or 'quick'} mode)", True),
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


def _save_answers(opts, env: Environment, answers, rubric) -> None:
    from assessor.schema.answers_yaml import dump_answers_yaml
    from assessor.files import write_atomically

    target = env.resolve(opts.save_answers)
    try:
        write_atomically(target, dump_answers_yaml(answers, rubric).encode("utf-8"))
    except UsageError as exc:
        env.say(f"Warning: --save-answers: {exc.message}")
        return
    env.say(f"Answers written to {target}\n(edit them, then replay: `assessor assess --answers {target}`)")


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
