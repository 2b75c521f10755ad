"""The questionnaire's values: question keys, :class:`Question`, :class:`Setup`, and the checks
an answer must pass. Pure data and small pure functions; the builders live beside it
(``setup_questions``, ``skill_questions``) and ``questions`` puts them in order."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from assessor.schema.answers import Answers
from assessor.schema.rubric import Rubric

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
    today: dt.date = field(kw_only=True)  # from the environment: the clock is never read here
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
