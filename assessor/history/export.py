"""The export file: a profile's whole history as one versioned JSON document, and the
``export`` and ``import`` commands that write and read it.

``assessor export`` copies the stored JSON without validating it (a run this version could not
read is still copied); ``assessor import`` validates every run with the same models the store
uses before anything is written, reports every problem at once, and skips runs already present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, StringConstraints, ValidationError

from assessor.schema.answers import Answers
from assessor.environment import Environment
from assessor.errors import InvalidFilesError, Problem, UsageError, short
from assessor.history.store import open_store, timestamp, utc_now
from assessor.files import write_atomically
from assessor.hints import command
from assessor.schema.result import AssessmentResult
from assessor.schema.rubric import Strict
from assessor.schema.validation import validation_problems

EXPORT_FORMAT = "assessor-history"
EXPORT_VERSION = 1
FIX = ("Import a file written by `assessor export` (unchanged), or fix the places listed above. "
       "Nothing was imported.")


class ExportedRun(Strict):
    uid: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,64}$")] | None = None
    created_at: AwareDatetime
    answers: Answers
    result: AssessmentResult


class HistoryExport(Strict):
    format: Literal["assessor-history"]
    format_version: Literal[1]
    tool_version: str
    exported_at: AwareDatetime
    profile: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    runs: list[ExportedRun]
    draft: dict[str, Any] | None = None


def read_export(path: Path) -> HistoryExport:
    name = str(path)

    def invalid(location: str, found: str, expected: str) -> InvalidFilesError:
        return InvalidFilesError("The export file is not valid",
                                 [Problem(name, location, found, expected)], FIX)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file. Give the path of a file written by "
                         "`assessor export`.") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise invalid(f"byte {exc.start}", "bytes that are not UTF-8 text",
                      "a JSON file written by `assessor export`") from None
    except json.JSONDecodeError as exc:
        raise invalid(f"line {exc.lineno}, column {exc.colno}", exc.msg,
                      "valid JSON, as written by `assessor export`") from None
    except RecursionError:
        raise invalid("(top level)", "JSON nested too deeply", "an export file") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        found = short(data.get("format")) if isinstance(data, dict) else f"a JSON {type(data).__name__}"
        raise invalid("format", found, f'"{EXPORT_FORMAT}": a file written by `assessor export`')
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise UsageError(
            f"{path} was written by a newer assessor (export format {version}; this version "
            f"reads up to {EXPORT_VERSION}). Upgrade assessor to import it. Nothing was imported.")
    try:
        return HistoryExport.model_validate(data)
    except ValidationError as exc:
        raise InvalidFilesError("The export file is not valid",
                                validation_problems(name, exc, data), FIX) from None


def export_history(env: Environment, profile: str, file: str) -> int:
    """Copies the stored JSON as it is (no models): a run this version cannot read still goes."""
    from assessor import __version__

    with open_store(env, read_only=True) as store:
        runs = [{"uid": r.uid, "created_at": timestamp(r.created_at), "answers": r.answers,
                 "result": r.result} for r in store.raw_runs(profile)]
        draft = store.load_draft(profile)
        others = [] if runs or draft else [p for p in store.profiles() if p != profile]
    if not runs and draft is None:
        hint = f" Profiles with data: {', '.join(others)} (use --profile NAME)." if others else ""
        raise UsageError(f"Profile {profile!r} has no runs and no draft to export.{hint}")
    document = {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION,
                "tool_version": __version__, "exported_at": timestamp(utc_now()),
                "profile": profile, "runs": runs, "draft": draft}
    data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if file == "-":
        env.stdout.write(data.decode("utf-8"))
        return 0
    target = env.resolve(file)
    write_atomically(target, data)
    env.say(f"Exported {len(runs)} run{'s' if len(runs) != 1 else ''}"
            f"{' and the draft' if draft is not None else ''} of profile {profile!r} to {target}.")
    return 0


def import_history(env: Environment, file: str, profile: str | None) -> int:
    """The file names its profile; a ``profile`` the user gave explicitly wins."""
    source = env.resolve(file)
    exported = read_export(source)
    profile = profile or exported.profile
    runs = [(r.uid, r.created_at, r.answers, r.result) for r in exported.runs]
    with open_store(env) as store:
        ids = store.import_runs(profile, runs)
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
