"""The strict base of every file format and the constrained types the formats share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints


class Strict(BaseModel):
    """Base of every file format: typos are errors, loaded data never changes under us, and every
    number is finite (``1e999`` in an export would be stored as infinity, shown as ``inf%`` and
    then fail every later export)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
# Strict: a rating of "2", true or "yes" is an error that says so, never silently 2 or 1.
LevelNumber = Annotated[StrictInt, Field(ge=0, le=4)]
StepLevel = Annotated[int, Field(ge=1, le=4)]
OptionLetter = Literal["a", "b", "c", "d", "e", "f"]
OPTION_LETTERS = ("a", "b", "c", "d", "e", "f")
Weight = Literal["nice", "important", "critical"]
WEIGHT_VALUES: dict[str, int] = {"nice": 1, "important": 2, "critical": 3}
Seniority = Literal["junior", "mid", "senior", "lead", "executive"]
