"""Between SQLite rows and :class:`~assessor.records.Run` records, both ways.

Reading: a row becomes a record only if every column it was asked for reads back as what was
stored (dates that are dates, a finite readiness, JSON that parses and agrees with the columns
copied out of it). A row that does not is *damaged*: the store skips it and says which, so one
bad row never stops ``history``, ``report``, ``progress`` or ``export`` of all the others.
Writing: a run is turned into the row it is stored as once, the same way for ``assess`` and
``import``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from assessor.errors import StoreError
from assessor.records import Run

if TYPE_CHECKING:
    from assessor.schema.answers import Answers
    from assessor.schema.result import AssessmentResult

MAX_RUN_ID = 2**63 - 1  # SQLite's largest INTEGER; larger ids match nothing

# Chronological order of a profile's runs: the assessment date a user gave, then save time.
ORDER = "assessed_on, created_at, id"
ORDER_DESC = "assessed_on DESC, created_at DESC, id DESC"
# A profile's runs from the first up to a given run id (params: profile, profile, id).
UP_TO = f"profile = ? AND ({ORDER}) <= (SELECT {ORDER} FROM runs WHERE profile = ? AND id = ?)"
# What ``history`` lists: exactly the columns of the covering index runs_by_date.
LISTED = "id, profile, created_at, assessed_on, name, role, role_name, mode, readiness, rubric_version"
FULL = f"{LISTED}, rubric_digest, tool_version, uid"  # and then any of: answers, result


@dataclass(frozen=True)
class DamagedRun:
    profile: str
    run_id: int
    reason: str  # which column, and what is wrong with it


class DamagedRunError(StoreError):
    """A run asked for by id (``report --run N``) that cannot be read: exit 2, naming it."""

    def __init__(self, path: Path, damaged: DamagedRun):
        super().__init__(
            f"Run {damaged.run_id} of profile {damaged.profile!r} in {path} cannot be read by this "
            f"version of assessor ({damaged.reason}). The database was not changed; `assessor "
            "export` still saves every other run.")
        self.damaged = damaged


class Damaged(ValueError):
    """Raised while reading a row; the store turns it into a :class:`DamagedRun`."""


def damage_warning(path: Path, damaged: list[DamagedRun]) -> str | None:
    """One warning for every damaged run skipped while a command read the history: the runs
    grouped by what is wrong with them, so a thousand alike stay one line."""
    if not damaged:
        return None
    seen = {(d.profile, d.run_id): d for d in damaged}.values()
    profiles = sorted({d.profile for d in seen})
    by_reason: dict[str, list[int]] = {}
    for d in sorted(seen, key=lambda d: d.run_id):
        by_reason.setdefault(d.reason, []).append(d.run_id)
    groups = [f"run{'s' if len(ids) > 1 else ''} {_id_ranges(ids)} ({reason})"
              for reason, ids in list(by_reason.items())[:MAX_REASONS]]
    if len(by_reason) > MAX_REASONS:
        groups.append(f"{sum(len(ids) for ids in list(by_reason.values())[MAX_REASONS:])} more "
                      "damaged in other ways")
    return (f"Warning: skipped {len(seen)} damaged run{'s' if len(seen) != 1 else ''} of profile"
            f"{'s' if len(profiles) != 1 else ''} {', '.join(map(repr, profiles))} in {path}: "
            f"{'; '.join(groups)}. The database was left as it is; copy it aside before trying "
            "to repair it.")


MAX_REASONS = 5  # kinds of damage spelled out in one warning
MAX_RANGES = 12  # run id ranges listed per kind


def _id_ranges(ids: list[int]) -> str:
    """``1-40, 42, 57-60``: consecutive run ids as ranges, at most :data:`MAX_RANGES` of them."""
    ranges: list[list[int]] = []
    for run_id in ids:
        if ranges and run_id == ranges[-1][1] + 1:
            ranges[-1][1] = run_id
        else:
            ranges.append([run_id, run_id])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges[:MAX_RANGES]]
    return ", ".join(shown) + (f" and {len(ranges) - MAX_RANGES} more ranges" if len(ranges) > MAX_RANGES else "")


_TEXT = (str,)
_TEXT_OR_NULL = (str, type(None))


def record(row: tuple, *, full: bool = False, answers: bool = False, result: bool = False,
           ratings: bool = False) -> Run:
    """The record of a row selected as ``LISTED`` (or ``FULL``), then ``answers``, then
    ``result`` if asked for. ``ratings`` reads the self-ratings out of the answers column and
    keeps only them."""
    run_id, profile, created, on, name, role, role_name, mode, readiness, version = row[:10]
    # One cheap test per row (``history`` reads a thousand); the slow one says what is wrong.
    if not (type(mode) is str and type(version) is str and type(name) in _TEXT_OR_NULL
            and type(role) in _TEXT_OR_NULL and type(role_name) in _TEXT_OR_NULL
            and type(readiness) is float and math.isfinite(readiness)):
        _check_columns(name=name, role=role, role_name=role_name, mode=mode,
                       rubric_version=version, readiness=readiness)
    try:
        on_date = dt.date.fromisoformat(on)
    except (TypeError, ValueError):
        raise Damaged(f"assessed_on: {_shown(on)} is not a date") from None
    created_at = _moment(created)
    if not (full or answers or result or ratings):
        return Run(run_id, profile, created_at, on_date, name, role, role_name, mode, readiness,
                   version)
    extra: dict[str, Any] = {}
    rest = list(row[10:])
    if full:
        digest, tool, uid = rest[:3]
        del rest[:3]
        _check_columns(rubric_digest=digest, tool_version=tool, uid=uid)
        extra.update(rubric_digest=digest, tool_version=tool, uid=uid)
    if answers or ratings:
        given = _json_object("answers", rest.pop(0))
        rated = given.get("ratings", {})
        if not isinstance(rated, dict):
            raise Damaged("answers: its ratings are not a JSON object")
        extra["ratings"] = {skill: level for skill, level in rated.items() if level is not None}
        if answers:
            extra["answers"] = given
    if result:
        data = _json_object("result", rest.pop(0))
        if (data.get("assessed_on"), data.get("readiness"), data.get("role")) != (on, readiness, role) \
                or not isinstance(data.get("skills"), list):
            raise Damaged("result: does not match the run it belongs to")
        extra["result"] = data
    return Run(run_id, profile, created_at, on_date, name, role, role_name, mode, readiness,
               version, **extra)


def _check_columns(**columns: object) -> None:
    for column, value in columns.items():
        if column == "readiness":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise Damaged(f"readiness: {_shown(value)} is not a finite number")
        elif not isinstance(value, _TEXT_OR_NULL if column in ("name", "role", "role_name") else _TEXT):
            raise Damaged(f"{column}: {_shown(value)} is not text")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _moment(text: object) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Damaged(f"created_at: {_shown(text)} is not a date and time") from None
    if moment.tzinfo is None:
        raise Damaged(f"created_at: {_shown(text)} has no time zone")
    return moment


def _json_object(column: str, text: object) -> dict:
    try:
        data = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, RecursionError):
        raise Damaged(f"{column}: not valid JSON") from None
    if not isinstance(data, dict):
        raise Damaged(f"{column}: not a JSON object")
    return data


def models_of(run: Run, path: Path) -> tuple[Answers, AssessmentResult]:
    """The answers and result models of a record read with both; damaged ones raise."""
    from pydantic import ValidationError

    from assessor.schema.answers import Answers
    from assessor.schema.result import AssessmentResult

    parts = []
    for model, part, data in ((Answers, "answers", run.answers), (AssessmentResult, "result", run.result)):
        try:
            parts.append(model.model_validate(data))
        except ValidationError as exc:
            raise DamagedRunError(path, DamagedRun(run.profile, run.id,
                                                   validation_reason(exc, part))) from None
    return parts[0], parts[1]


def validation_reason(exc, prefix: str = "") -> str:
    """The first of a pydantic error's problems in a few words: ``result.skills: Field required``."""
    errors = exc.errors(include_url=False)
    where = ".".join(str(p) for p in (prefix, *errors[0]["loc"]) if p != "") if errors else prefix
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where or exc.title}: {errors[0]['msg'] if errors else exc}{more}"


# --- writing -----------------------------------------------------------------------------------

def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def timestamp(moment: dt.datetime) -> str:
    """One fixed-width UTC form, so stored timestamps sort as text."""
    if moment.tzinfo is None:
        raise ValueError("stored timestamps must be timezone-aware")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def content_uid(created_at: str, answers_json: bytes, result_json: bytes) -> str:
    """A run's identity across machines: ``import`` skips a run whose uid it already holds."""
    import hashlib  # only saving needs it; listing stays light

    digest = hashlib.sha256(b"\0".join((created_at.encode(), answers_json, result_json)))
    return digest.hexdigest()[:32]


class StoredRow(NamedTuple):
    """A run as it is inserted: its JSON and the columns copied out of it, made once.

    The JSON is kept as UTF-8 bytes until it is inserted: ``import`` holds every run of a file
    this way before writing any, and text with a single non-ASCII character takes 2-4 bytes a
    character in Python.
    """

    uid: str
    created_at: str
    assessed_on: str
    name: str | None
    role: str | None
    role_name: str | None
    mode: str
    readiness: float
    rubric_version: str
    rubric_digest: str
    tool_version: str
    answers: bytes
    result: bytes
    ratings: tuple[tuple[str, int], ...]  # (skill, self-rating) for the ratings table


def stored_row(created: dt.datetime, answers: Answers, result: AssessmentResult,
               uid: str | None = None) -> StoredRow:
    created_at = timestamp(created)
    answers_json = answers.__pydantic_serializer__.to_json(answers)  # = model_dump_json(), as bytes
    result_json = result.__pydantic_serializer__.to_json(result)
    return StoredRow(
        uid or content_uid(created_at, answers_json, result_json), created_at,
        result.assessed_on.isoformat(), result.name, result.role, result.role_name, result.mode,
        result.readiness, result.rubric_version, result.rubric_digest, result.tool_version,
        answers_json, result_json, tuple((s.skill, s.rated) for s in result.skills if s.rated is not None))


def parse_run_id(run_id: int | str | None) -> int | None:
    """Run ids come from the command line as text; anything but a whole number matches nothing."""
    if isinstance(run_id, int):
        return run_id
    text = str(run_id or "").strip().lstrip("#")
    # ASCII digits only ("²" passes isdigit() but not int()), and within SQLite's integer range
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_RUN_ID else None
