"""``rubrics/aliases.yaml``: the words employers use for each rubric skill (tools, acronyms, phrasings).

Keyed by skill id. The loader rejects an id that is not a skill of the rubric, so an alias can
never point at nothing; ``pending`` holds aliases for skills a rubric does not have yet and is
ignored by matching.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from assessor.schema.base import Id, Strict

Alias = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]


class AliasesFile(Strict):
    aliases: dict[Id, list[Alias]] = Field(description="Skill id -> the phrases that mean it in a posting.")
    pending: dict[Id, list[Alias]] = Field(
        default_factory=dict, description="Aliases for skill ids not in the rubric yet (not used).")
