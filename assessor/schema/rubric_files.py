"""The top-level shape of each rubric file: one list under one key (``skills:``, ``roles:``, ...).

The loader validates every file against its wrapper here, then combines them into one
:class:`~assessor.schema.rubric.Rubric` that checks the links between them.
"""

from __future__ import annotations

from pydantic import Field

from assessor.schema.base import Strict
from assessor.schema.career import Certification
from assessor.schema.rubric import Category, KnowledgeCheck, ReflectionQuestion, Role, Skill


class SkillsFile(Strict):
    skills: list[Skill] = Field(min_length=1)


class CategoriesFile(Strict):
    categories: list[Category] = Field(min_length=1)


class RolesFile(Strict):
    roles: list[Role] = Field(min_length=1)


class CertificationsFile(Strict):
    certifications: list[Certification] = Field(min_length=1)


class ChecksFile(Strict):
    checks: list[KnowledgeCheck] = Field(default_factory=list)


class ReflectionFile(Strict):
    questions: list[ReflectionQuestion] = Field(default_factory=list)
