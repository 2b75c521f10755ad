"""The career file (ladder, salary, growth and pay-premium figures) and the certification catalogue.

Figures are kept exactly as each guide states them; certifications record their status, when it
was last checked and where, so the report can warn when an entry is stale or retired.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from assessor.schema.base import Id, ShortText, Strict, Text


class CareerStage(Strict):
    id: Id
    name: ShortText
    rank: Annotated[int, Field(ge=1, le=9)]
    years: ShortText | None = Field(default=None, description='As the guide states it, e.g. "0-2 years".')
    responsibilities: list[Text] = Field(min_length=1)
    sources: list[Text] = Field(min_length=1)


class SalaryFigure(Strict):
    """A salary range exactly as one guide states it; guides that disagree each keep their own.

    ``text`` carries the guide's qualifier ("can reach as high as $155,000"), so a bound is never
    shown as a fixed figure; ``low`` is left out where the guide gives only an upper end.
    """

    stage: Id | None = Field(default=None, description="Ladder stage the figure belongs to.")
    region: Id
    label: ShortText = Field(description='The guide\'s own label, e.g. "Entry-Level AI Engineer".')
    text: ShortText = Field(description='The figure exactly as the guide prints it, e.g. "$90,000–$130,000".')
    low: Annotated[int, Field(ge=0)] | None = None
    high: Annotated[int, Field(ge=0)] | None = None
    unit: Literal["year", "lpa"] = "year"
    source: Text


class GrowthFigure(Strict):
    """A job-growth projection in the guide's own words, with the period it covers."""

    text: Text = Field(description="The projection exactly as the guide words it.")
    percent: Annotated[float, Field(gt=0, le=1000)]
    period: ShortText | None = Field(
        default=None, description='The period exactly as the guide words it, e.g. "from 2024 to 2034"; '
                                  'left out where the guide states none.')
    scope: ShortText = Field(description='Which jobs grow, e.g. "AI engineer jobs".')
    region: Id | None = Field(default=None, description="Only where the guide ties the figure to a region.")
    note: Text | None = None
    source: Text


class PayPremium(Strict):
    """How much more AI work pays than comparable work, in the guide's own words."""

    text: Text = Field(description="The premium exactly as the guide words it.")
    percent: Annotated[float, Field(gt=0, le=1000)]
    stage: Id | None = Field(default=None, description="Ladder stage the premium belongs to.")
    compared_with: ShortText | None = Field(default=None, description="What it is compared with, if stated.")
    period: ShortText | None = Field(default=None, description="As the guide words it; left out where none is stated.")
    source: Text


class CareerFile(Strict):
    """``career.yaml``: the ladder and every salary, growth and pay-premium figure the guides give."""

    ladder: list[CareerStage] = Field(min_length=2)
    salaries: list[SalaryFigure] = Field(min_length=1)
    growth: list[GrowthFigure] = Field(default_factory=list)
    premiums: list[PayPremium] = Field(default_factory=list)


class Coverage(Strict):
    skill: Id
    weight: Annotated[float, Field(gt=0, le=1)] = Field(description="Share of the exam on this skill.")


class Certification(Strict):
    id: Id
    name: ShortText
    code: ShortText | None = None
    provider: ShortText
    kind: Literal["exam", "course_certificate"] = Field(
        default="exam", description="A proctored exam, or a certificate for finishing a course series.")
    level: Literal["foundational", "associate", "professional", "expert", "specialty"] | None = Field(
        default=None, description="The provider's own tier; left out where no source states one "
                                  "(a course series has none: its kind says what it is).")
    status: Literal["active", "retiring", "retired", "unverified"]
    status_date: dt.date | None = Field(default=None, description="Retirement (or GA) date.")
    status_note: Text | None = None
    successors: list[Id] | Literal["none"] = Field(
        default_factory=list, description='Certifications that replace it, or "none".'
    )
    covers: list[Coverage] = Field(min_length=2)
    prerequisites: list[Id] = Field(default_factory=list, description="Certifications to hold first.")
    recommended_experience: Text | None = None
    exam: Text | None = Field(default=None, description="Format, length and price as last checked.")
    checked: dt.date
    url: Text
    url_from: Literal["provider", "third_party"] | None = Field(
        default=None, description="Whose page `url` is: the provider's own (exam or course page) or "
                                  "a third party's summary, used where no provider page was found. "
                                  "The report labels the link accordingly; unset, it says only 'source'.")
    sources: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _retirement_is_complete(self) -> Certification:
        if self.status in ("retired", "retiring"):
            if self.status_date is None:
                raise ValueError(f"a {self.status} certification needs status_date")
            if self.successors == []:
                raise ValueError(f'a {self.status} certification needs successors (or "none")')
        return self

    @property
    def successor_ids(self) -> list[str]:
        return [] if self.successors == "none" else list(self.successors)

    @property
    def label(self) -> str:
        """Names often already carry the exam code ("... (AI-901)"); never print it twice."""
        return self.name if not self.code or self.code in self.name else f"{self.name} ({self.code})"

    @property
    def level_label(self) -> str:
        """The tier for display: never blank, never a guess."""
        if self.level is not None:
            return self.level
        return "course certificate" if self.kind == "course_certificate" else "level not stated"
