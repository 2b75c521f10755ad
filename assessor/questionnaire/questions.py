"""The questionnaire as data: every question the assessment asks, built by pure functions.

Like copier and commitizen, questions are plain values (:class:`Question`) built from the rubric,
the answers given so far, and the previous run; a thin layer (``prompts.py``) asks them and the flow
(``questionnaire.py``) decides which comes next. Nothing here does I/O, so the whole questionnaire
can be built and checked in tests without a terminal.

The list is rebuilt after every answer because later questions depend on earlier ones: the role
decides which skills are asked, and in full mode the self-rating and evidence decide which
knowledge checks can still change the score.

Defaults (pressing Enter through everything must complete the questionnaire):

* an answer already given in this session (going back, resuming) wins;
* else the previous run's answer (a rerun takes a minute when little changed), shown as
  ``last time: 2``;
* else a neutral default that claims nothing: "I'm not sure" for the role, "skip / not sure" for a
  level (scored as 0 with low confidence, exactly what an unanswered skill means), nothing ticked
  for evidence, "I don't know" for a knowledge check, no target date, the usual 6 hours a week.
  A first-run default of level 1 or 2 would put a claim in the user's mouth and bias the plan.
"""

from __future__ import annotations

import calendar
import random
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assessor.schema.answers import DEFAULT_HOURS_PER_WEEK, Answers
from assessor.scoring import bands
from assessor.scoring.calibration import band_posterior, claimed_level
from assessor.scoring.score import asked_skills
from assessor.schema.rubric import OPTION_LETTERS, Rubric, Skill

Kind = Literal["text", "select", "checkbox"]

NAME, ROLE, REGION, CLOUD, HOURS, TARGET, TARGET_OTHER = (
    "name", "role", "region", "cloud", "hours_per_week", "target_date", "target_date_other")
ROLE_STAGE = "role_stage"  # asked before the role, so each list fits a 24-row terminal
CLOUDS = (("Any or none yet", "any", "Certification advice covers every vendor."),
          ("AWS", "aws", "Amazon Web Services exams, plus vendor-neutral ones."),
          ("Microsoft Azure", "azure", "Microsoft exams, plus vendor-neutral ones."),
          ("Google Cloud", "gcp", "Google Cloud exams, plus vendor-neutral ones."))
RATE, EVIDENCE, CHECK = "rate:", "evidence:", "check:"
SEED = "shuffle_seed"  # kept with the answers (not a question): the option shuffle of this run
MAX_PROMPTS = 60   # full mode: setup + ratings + evidence + checks stay within this
MIN_CHECKS = 2     # a claim is only verified when at least this many checks still fit
OTHER_DATE = "other"
HOURS_CHOICES = (1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0)
TARGET_MONTHS = (3, 6, 12, 18)
SECONDS_PER_PROMPT = {"rate": 10, "evidence": 15, "check": 20, "other": 6}


class _Back:
    """The answer "go back to the previous question"; never stored."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BACK"


BACK = _Back()


@dataclass(frozen=True)
class Option:
    title: str                      # short, shown in the list
    value: Any                      # what the answer is (JSON-able; BACK for the back choice)
    description: str | None = None  # shown under the list while this option is highlighted
    key: str | None = None          # typing it moves the pointer here


@dataclass(frozen=True)
class Question:
    key: str                        # unique; the draft stores answers under it
    kind: Kind
    message: str
    options: tuple[Option, ...] = ()
    default: Any = None             # select: a value; checkbox: a list of values; text: a string
    last_time: str | None = None    # e.g. "last time: 2" on a rerun
    header: str | None = None       # printed before the question (a new category)
    progress: str | None = None     # e.g. "Data engineering · skill 7 of 24"
    instruction: str | None = None
    parse: Callable[[str], Any] | None = field(default=None, compare=False)  # text: raw -> value
    kind_of_prompt: Literal["rate", "evidence", "check", "other"] = "other"

    @property
    def values(self) -> list[Any]:
        return [o.value for o in self.options if o.value is not BACK]


@dataclass(frozen=True)
class Setup:
    """Everything the questions depend on apart from the answers given in this session."""

    rubric: Rubric
    mode: Literal["quick", "full"] = "quick"
    today: dt.date = field(default_factory=dt.date.today)
    fixed_role: str | None = None       # --role ID: the role question is not asked
    previous: Answers | None = None     # the latest saved run: its answers become defaults
    login_name: str | None = None       # the name default on a first run
    region_hint: str | None = None      # e.g. from the locale; used when valid and no previous run
    seed: int | None = None             # option shuffle; the flow stores it with the answers


@dataclass(frozen=True)
class WelcomeFacts:
    skills: int
    quick_prompts: int              # at most
    full_prompts: tuple[int, int]   # (fewest, most): full mode skips checks above the claimed level
    quick_minutes: int
    full_minutes: tuple[int, int]
    rerun: bool
    role_name: str | None


# --- building ----------------------------------------------------------------------------------

def build_questions(setup: Setup, answered: Mapping[str, Any]) -> list[Question]:
    """All questions, in order, given the answers so far (answers decide later questions)."""
    questions = intro_questions(setup, answered)
    role = chosen_role(setup, answered)
    questions += skill_questions(setup, role, answered, used=len(questions))
    return questions


def chosen_role(setup: Setup, answered: Mapping[str, Any]) -> str | None:
    if setup.fixed_role is not None:
        return setup.fixed_role
    value = answered.get(ROLE)
    role = setup.rubric.role_map.get(value) if isinstance(value, str) else None
    if role is None:
        return None
    if ROLE_STAGE in answered and answered[ROLE_STAGE] != role.stage:
        return None  # the stage was changed after the role was picked: that role no longer holds
    return role.id


def intro_questions(setup: Setup, answered: Mapping[str, Any]) -> list[Question]:
    prev = setup.previous
    name_default = _pick(answered, NAME, (prev.name if prev else None) or setup.login_name or "",
                         lambda v: isinstance(v, str))
    out = [Question(NAME, "text", "Your name (printed on the plan; leave empty for none)",
                    default=name_default, parse=parse_name)]
    if setup.fixed_role is None:
        out.append(stage_question(setup, answered))
        stage = answered.get(ROLE_STAGE)
        if isinstance(stage, str) and stage in setup.rubric.stage_map:
            out.append(role_question(setup, answered, stage))
    out += [region_question(setup, answered), cloud_question(setup, answered),
            hours_question(setup, answered)]
    out += target_questions(setup, answered)
    return out


def stage_question(setup: Setup, answered) -> Question:
    """The career stage first: twenty roles in one list would not fit a terminal."""
    r, prev = setup.rubric, setup.previous
    options = []
    for stage in sorted(r.career.ladder, key=lambda s: s.rank):
        names = [role.name for role in r.roles if role.stage == stage.id]
        if names:
            options.append(Option(stage.name.split(" (")[0], stage.id, ", ".join(names)))
    options.append(Option("I'm not sure", None,
                          "Rate the skills most AI roles share and get role suggestions."))
    known = prev is not None and prev.role in r.role_map
    return _select(ROLE_STAGE, "Which career stage are you aiming for?", options, answered,
                   r.role(prev.role).stage if known else None,
                   last_time=_last(r.stage_map[r.role(prev.role).stage].name.split(" (")[0]
                                   if known else "not sure") if prev else None)


def role_question(setup: Setup, answered, stage: str) -> Question:
    r, prev = setup.rubric, setup.previous
    roles = [Option(f"{role.name} · {role.seniority}", role.id,
                    f"{role.focus} · {_experience(role)}")
             for role in r.roles if role.stage == stage]
    roles.append(Option("I'm not sure", None,
                        "Rate the skills most AI roles share and get role suggestions."))
    known = prev is not None and prev.role in r.role_map
    return _select(ROLE, "Which role are you aiming for?", roles, answered,
                   prev.role if known else None,
                   last_time=_last(r.role(prev.role).name if known else "not sure") if prev else None)


def region_question(setup: Setup, answered) -> Question:
    regions, prev = setup.rubric.meta.regions, setup.previous
    ids = [g.id for g in regions]
    neutral = (setup.region_hint if setup.region_hint in ids
               else "us" if "us" in ids else ids[0])
    last = prev.region if prev and prev.region in ids else None
    return _select(REGION, "Where do you work? (for salary figures)",
                   [Option(f"{g.name} ({g.currency})", g.id) for g in regions], answered,
                   last or neutral,
                   last_time=_last({g.id: g.name for g in regions}.get(last)) if prev else None)


def cloud_question(setup: Setup, answered) -> Question:
    """Asked once per run; a rerun offers the last answer. "any" claims nothing."""
    prev = setup.previous
    names = {value: title for title, value, _ in CLOUDS}
    last = prev.cloud if prev and prev.cloud in names else None
    return _select(CLOUD, "Which cloud do you work in? (for certification advice)",
                   [Option(title, value, description) for title, value, description in CLOUDS],
                   answered, last or "any", last_time=_last(names.get(last)) if prev else None)


def hours_question(setup: Setup, answered) -> Question:
    prev = setup.previous
    hours = sorted(set(HOURS_CHOICES) | ({float(prev.hours_per_week)} if prev else set()))
    options = [Option(f"{_num(h)} hour{'s' if h != 1 else ''} a week", h) for h in hours]
    return _select(HOURS, "How many hours a week can you spend learning?", options, answered,
                   float(prev.hours_per_week) if prev else DEFAULT_HOURS_PER_WEEK,
                   last_time=_last(f"{_num(prev.hours_per_week)} h") if prev else None)


def target_questions(setup: Setup, answered) -> list[Question]:
    """Presets a few months out, or "Another date…", which adds a typed-date question."""
    prev, today = setup.previous, setup.today
    last = prev.target_date if prev and prev.target_date and prev.target_date > today else None
    dates = [Option("No target date", None, "The plan runs at your weekly pace, however long it takes.")]
    for months in TARGET_MONTHS:
        day = add_months(today, months)
        dates.append(Option(f"In {months} months (by {day.isoformat()})", day.isoformat()))
    for extra in (last.isoformat() if last else None, answered.get(TARGET)):
        if (isinstance(extra, str) and extra not in [o.value for o in dates]
                and _future_date(extra, today)):
            dates.append(Option(f"By {extra}", extra))
    dates.append(Option("Another date…", OTHER_DATE, "Type a date (YYYY-MM-DD) next."))
    out = [_select(TARGET, "By when would you like to be ready?", dates, answered,
                   last.isoformat() if last else None,
                   last_time=_last(prev.target_date.isoformat() if prev.target_date else "none")
                   if prev else None)]
    if answered.get(TARGET) == OTHER_DATE:
        out.append(Question(
            TARGET_OTHER, "text", "Target date (YYYY-MM-DD; leave empty to go back)",
            default=_pick(answered, TARGET_OTHER, "", lambda v: isinstance(v, str)),
            parse=lambda text: parse_target_date(text, today)))
    return out


def skill_questions(setup: Setup, role: str | None, answered: Mapping[str, Any],
                    used: int = 0) -> list[Question]:
    """Ratings for every skill; in full mode then the claims worth verifying (evidence + checks).

    ``used`` is how many questions come before (setup): full mode keeps the total at or under
    ``MAX_PROMPTS`` by verifying only as many claims as fit.
    """
    r, prev = setup.rubric, setup.previous
    skills = [r.skill(s) for s in asked_skills(r, role)]
    categories = r.category_map
    out: list[Question] = []
    seen_category = None
    for number, skill in enumerate(skills, start=1):
        category = categories[skill.category]
        progress = f"{category.name} · skill {number} of {len(skills)}"
        header = None
        if skill.category != seen_category:
            seen_category = skill.category
            header = f"{category.name}: {category.description}"
        out.append(rating_question(skill, answered, prev, progress, header))
    if setup.mode == "full":
        out += verification_questions(setup, role, answered, MAX_PROMPTS - used - len(out))
    return out


def verification_order(rubric: Rubric, role: str | None, answered: Mapping[str, Any]) -> list[Skill]:
    """Claims worth verifying, most important first: the role's critical and important skills
    rated 1 or more (every core skill when the role is "not sure"), critical before important,
    higher claims (up to the required level) first."""
    weights = {"nice": 1, "important": 2, "critical": 3}
    if role is not None:
        reqs = {q.skill: (weights[q.weight], q.level) for q in rubric.role(role).requirements}
    else:
        reqs = {s: (2, 4) for s in asked_skills(rubric, None)}
    order = {s: i for i, s in enumerate(asked_skills(rubric, role))}
    chosen = []
    for skill_id, (weight, required) in reqs.items():
        rated = answered.get(RATE + skill_id)
        if weight >= 2 and isinstance(rated, int) and rated >= 1 and skill_id in order:
            chosen.append((-weight, -min(rated, required), order[skill_id], skill_id))
    return [rubric.skill(c[-1]) for c in sorted(chosen)]


def verification_questions(setup: Setup, role: str | None, answered: Mapping[str, Any],
                           budget: int) -> list[Question]:
    """Evidence, then adaptive knowledge checks, one verified claim after another, within budget.

    The questions after an unanswered one depend on its answer, so the list ends there; the flow
    rebuilds it after every answer (the adaptive path is replayed from the answers given).
    """
    r, prev = setup.rubric, setup.previous
    seed = shuffle_seed(setup, answered)
    out: list[Question] = []
    header = ("Checking your claims: evidence and a few short knowledge checks on the skills that "
              "matter most for the role (options are shuffled; \"I don't know\" is fine)")
    for skill in verification_order(r, role, answered):
        checks = r.checks_of(skill.id)
        left = budget - len(out)
        if left < 1 + min(MIN_CHECKS, len(checks)):
            continue
        rated = answered[RATE + skill.id]
        progress = f"Checking your claims · {skill.name} (rated {rated})"
        q = evidence_question(skill, answered, prev, progress)
        out.append(replace(q, header=header) if header else q)
        header = None
        ev_key = EVIDENCE + skill.id
        if ev_key not in answered or not accepts(q, answered[ev_key]):
            return out
        levels = {e.id: e.level for e in skill.evidence}
        ev_level = max((levels[e] for e in answered[ev_key] if e in levels), default=0)
        claimed = claimed_level(rated, True, ev_level)
        by_id = {c.id: c for c in checks}
        items = check_items(checks, prev, seed)
        max_checks = min(bands.MAX_CHECKS, left - 1)

        def answer(item, by_id=by_id):
            key = CHECK + item.id
            if key not in answered or answered[key] not in (*OPTION_LETTERS, None):
                return None
            return answered[key] == by_id[item.id].answer

        asked, _, finished = bands.run_adaptive(
            claimed, items, answer, start_band=previous_band(prev, r, skill), max_checks=max_checks)
        for k, item in enumerate(asked, start=1):
            out.append(check_question(by_id[item.id], skill, answered, prev,
                                      f"{progress} · check {k} (at most {max_checks})", seed=seed))
        if not finished:
            return out
    return out


def shuffle_seed(setup: Setup, answered: Mapping[str, Any]) -> int:
    value = answered.get(SEED)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return setup.seed or 0


def check_items(checks, prev: Answers | None, seed: int) -> list[bands.Item]:
    """The skill's checks as items, in preference order: unseen in the last run first, then a
    seeded shuffle (so ties between equally useful checks differ from run to run)."""
    seen = set(prev.checks) | set(prev.checks_skipped) if prev else set()
    order = sorted(checks, key=lambda c: (c.id in seen, random.Random(f"{seed}/{c.id}").random()))
    return [bands.Item(c.id, c.level, c.id in seen) for c in order]


def previous_band(prev: Answers | None, rubric: Rubric, skill: Skill) -> int | None:
    """The band the last run estimated for the skill (a rerun starts there), if it had checks."""
    if prev is None:
        return None
    own = {c.id: c for c in rubric.checks_of(skill.id)}
    responses = [(own[i].level, letter == own[i].answer) for i, letter in prev.checks.items() if i in own]
    responses += [(own[i].level, None) for i in prev.checks_skipped if i in own]
    if not responses:
        return None
    levels = {e.id: e.level for e in skill.evidence}
    ticked = prev.evidence.get(skill.id)
    claimed = claimed_level(prev.ratings.get(skill.id), ticked is not None,
                            max((levels[e] for e in ticked or [] if e in levels), default=0))
    return bands.estimate(band_posterior(claimed, responses))[0]


def option_order(check, seed: int) -> list[int]:
    """The order a check's options are shown in: a shuffle seeded by the run's seed and the id."""
    order = list(range(len(check.options)))
    random.Random(f"{seed}:{check.id}").shuffle(order)
    return order


def rating_question(skill: Skill, answered, prev: Answers | None, progress: str,
                    header: str | None) -> Question:
    options = [Option(f"{lv.level}  {lv.title}", lv.level, lv.descriptor, key=str(lv.level))
               for lv in skill.levels]
    options.append(Option("skip / not sure", None,
                          f"{skill.summary} (Skipping counts as level 0, marked low confidence.)",
                          key="s"))
    had = prev is not None and skill.id in prev.ratings
    last = prev.ratings[skill.id] if had else None
    return _select(RATE + skill.id, skill.name, options, answered, last,
                   last_time=_last("skipped" if last is None else last) if had else None,
                   header=header, progress=progress, kind_of_prompt="rate",
                   instruction="(0-4 or ↑↓, Enter)")


def evidence_question(skill: Skill, answered, prev: Answers | None, progress: str) -> Question:
    key = EVIDENCE + skill.id
    ids = [e.id for e in skill.evidence]
    had = prev is not None and skill.id in prev.evidence
    last = [e for e in prev.evidence[skill.id] if e in ids] if had else []
    default = _pick(answered, key, last,
                    lambda v: isinstance(v, list) and all(x in ids for x in v))
    return Question(
        key, "checkbox", f"{skill.name}: which of these have you done?",
        tuple(Option(e.text, e.id) for e in skill.evidence), default=list(default),
        last_time=_last(f"{len(last)} ticked") if had else None, progress=f"{progress} · evidence",
        instruction="(Space ticks, Enter confirms, ← goes back)", kind_of_prompt="evidence")


def check_question(check, skill: Skill, answered, prev: Answers | None, progress: str, *,
                   seed: int = 0) -> Question:
    """Options in a seeded shuffle, labelled a, b, c... as shown; each option's value is its letter
    in the rubric's written order, so the answer stored never depends on the display order."""
    shown = option_order(check, seed)
    options = [Option(f"{OPTION_LETTERS[pos]}) {check.options[i]}", OPTION_LETTERS[i],
                      key=OPTION_LETTERS[pos]) for pos, i in enumerate(shown)]
    options.append(Option("I don't know", None, key="?"))
    had = prev is not None and check.id in prev.checks
    last = prev.checks[check.id] if had else None
    return _select(CHECK + check.id, check.question, options, answered, last,
                   last_time=None, progress=progress,
                   kind_of_prompt="check",
                   instruction=f"(a-{OPTION_LETTERS[len(check.options) - 1]} or ↑↓, Enter)")


def _select(key: str, message: str, options: list[Option], answered, fallback, *,
            last_time=None, header=None, progress=None, instruction=None,
            kind_of_prompt="other") -> Question:
    values = [o.value for o in options]
    default = _pick(answered, key, fallback if fallback in values else options[0].value,
                    lambda v: v in values)
    options = [*options, Option("← back", BACK, "Go back to the previous question.")]
    return Question(key, "select", message, tuple(options), default=default, last_time=last_time,
                    header=header, progress=progress, instruction=instruction,
                    kind_of_prompt=kind_of_prompt)


def _pick(answered: Mapping[str, Any], key: str, fallback, ok: Callable[[Any], bool]):
    """An answer from this session when it still fits the question, else the fallback."""
    if key in answered and ok(answered[key]):
        return answered[key]
    return fallback


def _last(value) -> str:
    return f"last time: {'none' if value in (None, '') else value}"


# --- answers: validity and parsing ---------------------------------------------------------------

def accepts(question: Question, value: Any) -> bool:
    """Whether ``value`` is a possible answer (a stale draft after a rubric change may not be)."""
    if question.kind == "select":
        return value in question.values
    if question.kind == "checkbox":
        return isinstance(value, list) and all(v in question.values for v in value)
    if question.parse is None:
        return isinstance(value, str)
    try:
        return value is not None and question.parse(str(value)) is not BACK
    except ValueError:
        return False


def parse_name(text: str) -> str:
    text = text.strip()
    if len(text) > 120:
        raise ValueError("At most 120 characters, please.")
    return text


def parse_target_date(text: str, today: dt.date):
    text = text.strip()
    if not text:
        return BACK
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("Use the form YYYY-MM-DD, e.g. 2027-06-30.") from None
    if day <= today:
        raise ValueError(f"Pick a day after today ({today.isoformat()}).")
    if day > add_months(today, 120):
        raise ValueError("Pick a day within the next ten years.")
    return day.isoformat()


def _future_date(text: str, today: dt.date) -> bool:
    try:
        return dt.date.fromisoformat(text) > today
    except ValueError:
        return False


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _experience(role) -> str:
    return "years of experience not stated" if role.years_min is None else f"{role.years_text} of experience"


def _num(hours: float) -> str:
    return f"{hours:g}"


# --- the welcome ---------------------------------------------------------------------------------

def welcome_facts(setup: Setup) -> WelcomeFacts:
    """How long each mode takes, counted from the questions themselves.

    Full mode asks only the knowledge checks at or below the level a person claims, so its length
    is a range: from everything skipped (checks up to level 1) to everything claimed at level 4.
    Without ``--role`` quick mode gives the most questions any choice asks, full mode the median.
    """
    r = setup.rubric
    role = setup.fixed_role
    candidates = [role] if role else [None, *(x.id for x in r.roles)]

    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    quick = max(_estimate(setup, c, "quick", None) for c in candidates)
    low = median(_estimate(setup, c, "full", None) for c in candidates)
    high = median(_estimate(setup, c, "full", 4) for c in candidates)
    return WelcomeFacts(
        skills=len(asked_skills(r, role)), quick_prompts=quick[0],
        full_prompts=(low[0], high[0]),
        quick_minutes=_minutes(quick[1]), full_minutes=(_minutes(low[1]), _minutes(high[1])),
        rerun=setup.previous is not None, role_name=r.role(role).name if role else None)


def _estimate(setup: Setup, role: str | None, mode: str, level: int | None) -> tuple[int, int]:
    """(prompts, seconds) when every skill is rated ``level``, evidence backs it and the checks
    are answered alternately right and "I don't know" (a long adaptive path)."""
    s = Setup(setup.rubric, mode, setup.today, fixed_role=setup.fixed_role)  # type: ignore[arg-type]
    answered: dict[str, Any] = {ROLE: role, **{RATE + skill: level for skill in asked_skills(setup.rubric, role)}}
    checks = setup.rubric.check_map
    for _ in range(200):
        questions = build_questions(s, answered)
        pending = [q for q in questions if q.key.startswith((EVIDENCE, CHECK)) and q.key not in answered]
        if not pending:
            break
        q = pending[0]
        if q.key.startswith(EVIDENCE):
            answered[q.key] = q.values
        else:
            n = sum(1 for k in answered if k.startswith(CHECK))
            answered[q.key] = checks[q.key[len(CHECK):]][1].answer if n % 2 else None
    return len(questions), sum(SECONDS_PER_PROMPT[q.kind_of_prompt] for q in questions)


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))
