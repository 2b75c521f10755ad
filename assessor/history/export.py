"""The export file: a profile's whole history as one versioned JSON document, written a run at
a time.

Whatever ``export`` writes, ``import`` reads: each run is checked with the very model
``import`` validates with (:class:`ExportedRun`) before it is written, and a run that fails is
left out and named (a damaged row must not make the whole backup unrestorable). The text is
produced a run at a time, one run per line, so a history of thousands of runs is never held in
memory at once (and the fast C encoder does the work, not the pure-Python indenting one).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, StringConstraints, ValidationError

from assessor.errors import UsageError
from assessor.history.rows import DamagedRun, timestamp, validation_reason
from assessor.history.store import Store
from assessor.schema.answers import Answers
from assessor.schema.base import Strict
from assessor.schema.result import AssessmentResult

EXPORT_FORMAT = "assessor-history"
EXPORT_VERSION = 1


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


class ExportWriter:
    """The export text of one profile, produced by :meth:`chunks` while the store is open.

    ``runs`` counts the runs written so far; runs left out are added to ``store.damaged``.
    """

    def __init__(self, store: Store, profile: str, *, tool_version: str, exported_at: dt.datetime):
        self.store, self.profile = store, profile
        self.header = {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION,
                       "tool_version": tool_version, "exported_at": timestamp(exported_at),
                       "profile": profile}
        self.draft = store.load_draft(profile)
        self.stored = store.count_runs(profile)
        self.runs = 0
        try:  # a file import would refuse is not written at all
            HistoryExport.model_validate({**self.header, "runs": [], "draft": self.draft})
        except ValidationError as exc:
            raise UsageError(f"Profile {profile!r} cannot be exported: "
                             f"{validation_reason(exc)}. Nothing was written.") from None

    @property
    def empty(self) -> bool:
        return not self.stored and self.draft is None

    def chunks(self) -> Iterator[str]:
        encode = json.JSONEncoder(ensure_ascii=False).encode
        yield "{\n" + "".join(f" {encode(k)}: {encode(v)},\n" for k, v in self.header.items())
        yield ' "runs": ['
        for run in self.store.export_runs(self.profile):
            try:
                checked = ExportedRun.model_validate(
                    {"uid": run.uid, "created_at": run.created_at, "answers": run.answers,
                     "result": run.result})
            except ValidationError as exc:
                self.store.damaged.append(DamagedRun(run.profile, run.id, validation_reason(exc)))
                continue
            yield (f'{"," if self.runs else ""}\n  {{"uid": {encode(checked.uid)}, "created_at": '
                   f'{encode(timestamp(checked.created_at))}, "answers": '
                   f'{checked.answers.model_dump_json()}, "result": {checked.result.model_dump_json()}}}')
            self.runs += 1
        yield f'{chr(10) + " " if self.runs else ""}],\n "draft": {encode(self.draft)}\n}}\n'
