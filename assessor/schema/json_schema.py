"""JSON Schema of every file format, so rubric authors get completion in their editor."""

from __future__ import annotations

from assessor.schema.answers import Answers
from assessor.schema.loader import OPTIONAL_FILES, SINGLE_FILES
from assessor.schema.rubric_files import ChecksFile, SkillsFile


def combined_schema() -> dict:
    files = {name: model for name, model in {**SINGLE_FILES, **OPTIONAL_FILES}.items()}
    files["skills/*.yaml"] = SkillsFile
    files["checks/*.yaml"] = ChecksFile
    files["answers file (--answers)"] = Answers
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "assessor file formats",
        "description": "One schema per file: the rubric directory's files and the answers file.",
        "files": {name: model.model_json_schema() for name, model in files.items()},
    }
