"""The report's content and structure, read back from the real PDF; the HTML is snapshot-tested."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.schema.answers import Answers
from assessor.scoring.score import score
from assessor.report.output import render_document

SNAPSHOTS = Path(__file__).resolve().parents[1] / "data" / "snapshots"
TODAY = dt.date(2026, 11, 23)
SECTIONS = ["Skill profile", "Learning plan", "Certifications", "Career path", "How this was scored"]


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader) -> str:
    return "\n".join(p.extract_text() for p in reader.pages)


def outline_titles(reader: PdfReader) -> list[str]:
    return [i.title for i in reader.outline if not isinstance(i, list)]


def test_full_profile_has_every_section_in_order_with_bookmarks(sample_pdf):
    reader = reader_of(sample_pdf)
    text = text_of(reader)
    assert all(s in text for s in SECTIONS)
    assert outline_titles(reader) == ["Summary", *SECTIONS]
    pages = [reader.get_destination_page_number(i) for i in reader.outline if not isinstance(i, list)]
    assert pages == sorted(pages) and pages[0] == 0  # sections in order, summary first
    for title, page in zip(["Summary", *SECTIONS][1:], pages[1:]):
        assert title in reader.pages[page].extract_text(), title
    assert "Progress" not in outline_titles(reader)  # a first run has nothing to compare with
    assert 5 <= len(reader.pages) <= 8, len(reader.pages)


def test_summary_page_says_what_matters(sample_pdf, sample):
    _, result = sample
    first = reader_of(sample_pdf).pages[0].extract_text()
    assert "Priya Sample" in first and "AI Engineer" in first
    assert f"{round(result.readiness)}%" in first
    for gap in result.gaps[:3]:
        assert gap.name in first
    best = next(c for c in result.certifications if c.recommended)
    assert best.name.split(" (")[0][:30] in first.replace("\n", " ")
    assert "this week" in first.lower() and "contents" in first.lower()  # headings are upper-cased


def test_retired_exams_are_shown_only_as_retired_with_successor(sample_pdf):
    text = " ".join(text_of(reader_of(sample_pdf)).split())
    assert "retired 31 March 2026, take" in text  # AWS MLS-C01, recommended by two guides
    retired_block = text[text.lower().find("retired exams you may meet in the guides"):]
    assert "MLS-C01" in retired_block


def test_salary_figures_for_the_users_region_with_source(sample_pdf):
    text = text_of(reader_of(sample_pdf))
    assert "£70,000–£110,000" in text  # UK, mid level, as the 2026 guide states it
    assert "AI engineer career guide 2026" in text


def test_metadata_language_tags_and_paper(loaded, sample):
    answers, result = sample
    a4 = reader_of(render_document("pdf", loaded, answers, result, []))
    assert a4.metadata.title == "AI career learning plan: AI Engineer"
    assert a4.metadata.author == "Priya Sample"
    root = a4.trailer["/Root"]
    assert root.get("/Lang") == "en" and "/StructTreeRoot" in root  # tagged PDF
    width, height = (float(v) for v in a4.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    letter = reader_of(render_document("pdf", loaded, answers, result, [], paper="letter"))
    width, height = (float(v) for v in letter.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)


def test_no_gaps_gets_congratulations_and_a_next_role_plan(loaded, rubric):
    role = rubric.role("ai_engineer")
    answers = Answers(name="Ada", role=role.id, ratings={r.skill: 4 for r in role.requirements})
    result = score(loaded, answers, today=TODAY, tool_version="test")
    text = " ".join(text_of(reader_of(render_document("pdf", loaded, answers, result, []))).split())
    assert "congratulations" in text.lower() and "100%" in text
    assert "You meet every requirement of AI Engineer today" in text
    next_role = rubric.role(role.next_roles[0]).name
    assert f"so this plan prepares you for {next_role}" in text


def test_rerun_has_a_progress_section(loaded, rubric, home):
    from assessor.environment import Environment
    from assessor.history.store import open_store

    env = Environment(environ={"ASSESSOR_HOME": str(home)})
    first = Answers(name="Ada", role="mlops_engineer", ratings={"ci_cd_ml": 1, "kubernetes": 2},
                    assessed_on=TODAY - dt.timedelta(days=60))
    second = first.model_copy(update={"ratings": {"ci_cd_ml": 3, "kubernetes": 2}, "assessed_on": TODAY})
    with open_store(env) as store:
        for answers in (first, second):
            store.save_run("me", answers, score(loaded, answers, today=TODAY, tool_version="t"))
        latest, answers, result = store.assessed_run("me")
        history = store.runs_up_to("me", latest.id)
    loaded_pdf = render_document("pdf", loaded, answers, result, history)
    reader = reader_of(loaded_pdf)
    text = text_of(reader)
    assert "Progress" in outline_titles(reader)
    assert "CI/CD for machine learning" in text[text.find("Progress"):]
    assert "+2" in text


def _normalise(html: str) -> str:
    html = re.sub(r"digest [0-9a-f]{12}", "digest <digest>", html)
    return re.sub(r"assessor \d+\.\d+\.\d+\S*", "assessor <version>", html)


def test_html_snapshot(loaded, sample, request):
    answers, result = sample
    html = _normalise(render_document("html", loaded, answers, result, []).decode())
    snapshot = SNAPSHOTS / "career_changer.html"
    if request.config.getoption("--update-snapshots") or not snapshot.exists():
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(html, encoding="utf-8")
        if not request.config.getoption("--update-snapshots"):
            pytest.fail(f"snapshot {snapshot.name} was missing and has been written; rerun")
    assert html == snapshot.read_text(encoding="utf-8"), (
        "the HTML report changed; if that is intended, run `pytest --update-snapshots` and review the diff")


def test_answers_appendix_lists_each_skill_once_grouped_by_what_scoring_did(loaded, sample):
    """Every answer appears exactly once, in the group that says what happened to it: a lowered
    claim under "Lowered" with both levels, a plain zero in the zeros sentence, a skip as a skip."""
    from assessor.report.context import build_context

    answers, result = sample
    answers = answers.model_copy(update={"ratings": {**answers.ratings, "python": 4}})
    skipped = next(k for k, v in answers.ratings.items() if v == 0)
    answers = answers.model_copy(update={"ratings": {**answers.ratings, skipped: None}})
    result = score(loaded, answers, today=result.assessed_on, tool_version="t")
    ctx = build_context(loaded.rubric, answers, result)
    groups = {g.title: g.rows for g in ctx.answers}
    asked = sorted(s.name for s in result.skills if s.asked or s.rated is not None)
    assert sorted(a.name for rows in groups.values() for a in rows) == asked  # each exactly once
    by_id = {s.skill: s for s in result.skills}
    python = by_id["python"]
    assert python.rated == 4 and python.current < 4  # an over-claim the evidence does not back
    assert [a.name for a in groups["Lowered"]] == [python.name]
    assert [a.name for a in groups["Skipped or not asked"]] == [by_id[skipped].name]
    zeros = groups["Rated 0 (none), nothing ticked or asked, counted 0"]
    assert zeros and all((a.rated, a.counted, a.evidence or 0, a.checks) == (0, 0, 0, 0) for a in zeros)
    assert all(a.rated == a.counted for a in groups["Counted as you rated them"])
    html = render_document("html", loaded, answers, result, []).decode()
    assert f"{python.name}&nbsp;<b class=\"lv\">4&nbsp;→&nbsp;{python.current}</b>" in html
    assert f"counted 0 ({len(zeros)}):" in html


def test_compiled_templates_are_cached_and_a_damaged_entry_is_ignored(loaded, sample, tmp_path):
    """Compiling the report template costs every fresh process ~0.12 s, so it is kept in the
    cache folder; what is rendered never depends on the cache, even a damaged one."""
    from assessor.report.render import environment

    answers, result = sample
    plain = render_document("html", loaded, answers, result, [])
    cache = tmp_path / "cache"
    first = render_document("html", loaded, answers, result, [], cache=cache)
    entries = sorted((cache / "templates").iterdir())
    assert entries and first == plain
    for entry in entries:
        entry.write_bytes(b"j2\x00damaged")
    environment.cache_clear()  # a fresh process: the compiled templates come from the folder
    assert render_document("html", loaded, answers, result, [], cache=cache) == plain
