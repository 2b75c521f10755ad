"""The one record of a run: what the history store returns and what progress computes from.

A frozen dataclass of the cheap columns (what ``history`` lists: a thousand of them cost about as
much as ``assessor --version``) plus the parts a query was asked for: the self-ratings, and the
stored answers and result as JSON data. A record is plain data and never reaches back into the
database: whoever needs a run's result asks the store for it up front. That keeps progress pure,
and a report built from records opens no connection of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Run:
    id: int | None                 # the run id users quote; None for a run not stored
    profile: str
    created_at: dt.datetime | None  # when it was saved (UTC); None for a run not stored
    assessed_on: dt.date
    name: str | None
    role: str | None
    role_name: str | None
    mode: str
    readiness: float               # for its own role
    rubric_version: str
    # Not in the listing's covering index, so ``history`` leaves these three out (None).
    rubric_digest: str | None = None
    tool_version: str | None = None
    uid: str | None = None
    # Loaded only when the query says so (None otherwise).
    ratings: Mapping[str, int] | None = field(default=None, repr=False)   # self-ratings given
    answers: Mapping[str, Any] | None = field(default=None, repr=False)   # the stored answers
    result: Mapping[str, Any] | None = field(default=None, repr=False)    # the stored result

    @classmethod
    def from_result(cls, result: Mapping[str, Any], *, id: int | None = None, profile: str = "",
                    answers: Mapping[str, Any] | None = None) -> Run:
        """The record of a scored result given as JSON data (``model_dump(mode="json")``), as
        the store would return it once saved."""
        return cls(id=id, profile=profile, created_at=None,
                   assessed_on=dt.date.fromisoformat(result["assessed_on"]), name=result.get("name"),
                   role=result.get("role"), role_name=result.get("role_name"), mode=result["mode"],
                   readiness=result["readiness"], rubric_version=result.get("rubric_version", ""),
                   rubric_digest=result.get("rubric_digest"), tool_version=result.get("tool_version"),
                   ratings={s["skill"]: s["rated"] for s in result["skills"] if s.get("rated") is not None},
                   answers=answers, result=result)

    def as_json(self) -> dict:
        """The listing of ``history --json``."""
        return {"id": self.id, "assessed_on": self.assessed_on.isoformat(),
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "name": self.name, "role": self.role, "role_name": self.role_name, "mode": self.mode,
                "readiness": self.readiness, "rubric_version": self.rubric_version}
