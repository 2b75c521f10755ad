"""The terminal summary after an interactive run: the right facts, within 80 columns."""

from __future__ import annotations

import pytest

from assessor import __version__
from assessor.schema.answers import Answers, load_answers
from assessor.scoring.score import asked_skills, score
from assessor.paths import PACKAGE_DIR
from assessor.report.summary import terminal_summary

from tests.conftest import TODAY


@pytest.fixture(scope="module")
def sample(loaded):
    answers = load_answers(PACKAGE_DIR / "samples" / "career_changer.yaml", loaded.rubric)
    return score(loaded, answers, today=TODAY, tool_version=__version__)


def test_summary_names_readiness_top_fits_gaps_and_best_certification(sample):
    text = terminal_summary(sample)
    assert f"Readiness for {sample.role_name}: {round(sample.readiness)}%" in text
    for fit in sample.role_fit[:3]:
        assert fit.name[:40] in text
    assert sample.role_fit[3].name not in text.split("Top gaps")[0]
    for gap in sample.gaps[:5]:
        assert gap.name[:40] in text and f"{gap.current} -> {gap.required}" in text
    best = next(c for c in sample.certifications if c.recommended)
    assert f"Best next certification: {best.name}" in " ".join(text.split())


def test_summary_fits_80_columns(sample, loaded):
    unsure = score(loaded, Answers(ratings={s: 1 for s in asked_skills(loaded.rubric, None)}),
                   today=TODAY, tool_version=__version__)
    for result in (sample, unsure):
        assert all(len(line) <= 80 for line in terminal_summary(result).splitlines())


def test_not_sure_says_the_role_was_suggested(loaded):
    result = score(loaded, Answers(), today=TODAY, tool_version=__version__)
    text = terminal_summary(result)
    assert "Best-fitting role (you were not sure)" in text and result.role_name in text


def test_no_gaps_and_no_recommended_certification(sample):
    done = sample.model_copy(update={"gaps": [], "certifications": [
        c.model_copy(update={"recommended": False, "headline": False}) for c in sample.certifications]})
    text = terminal_summary(done)
    assert "No gaps left" in text and "Best next certification" not in text


def test_summary_wraps_long_lines_instead_of_cutting_them(loaded):
    import datetime as dt

    from assessor.paths import PACKAGE_DIR
    from assessor.report.summary import terminal_summary
    from assessor.schema.answers import load_answers
    from assessor.scoring.score import score

    answers = load_answers(PACKAGE_DIR / "samples" / "career_changer.yaml", loaded.rubric)
    result = score(loaded, answers, today=dt.date(2026, 12, 1), tool_version="t")
    text = terminal_summary(result)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "…" not in text
    best = next(c for c in result.certifications if c.headline)
    assert best.name.split()[-1] in " ".join(text.split())
    if result.plan.target is not None:
        assert " ".join(result.plan.target.suggestion.split()) in " ".join(text.split())
