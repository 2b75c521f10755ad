"""The bundled sample, scored and rendered once for all report tests (a PDF costs seconds)."""

from __future__ import annotations

import pytest

from assessor.paths import PACKAGE_DIR
from assessor.report.output import render_document
from assessor.schema.answers import load_answers
from assessor.scoring.score import score

from tests.conftest import TODAY


@pytest.fixture(scope="session")
def sample(loaded):
    answers = load_answers(PACKAGE_DIR / "samples" / "career_changer.yaml", loaded.rubric)
    return answers, score(loaded, answers, today=TODAY, tool_version="test")


@pytest.fixture(scope="session")
def sample_pdf(loaded, sample):
    return render_document("pdf", loaded, *sample, [])
