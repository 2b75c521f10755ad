"""Report v2, read back from the PDF: cover verdict, backed claims, links, paper, the brief,
page fill, and file names that never collide."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.paths import PACKAGE_DIR
from assessor.report.context import build_context
from assessor.report.output import render_document
from assessor.report import wording
from assessor.schema.answers import Answers, load_answers
from assessor.schema.rubric import OPTION_LETTERS
from assessor.scoring.score import score

from tests.conftest import DATA, TODAY, run_cli

PROFILES = DATA / "profiles"


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    return " ".join(text.split())


def over_rater(rubric, role_id: str = "mlops_engineer") -> Answers:
    """Claims expert level everywhere, ticks no evidence and gets every knowledge check wrong."""
    role = rubric.role(role_id)
    checks = {}
    for req in role.requirements:
        for check in rubric.checks_of(req.skill):
            wrong = next(x for x in OPTION_LETTERS[:len(check.options)] if x != check.answer)
            checks[check.id] = wrong
    return Answers(name="Olly Over", role=role_id, mode="full", region="uk",
                   ratings={r.skill: 4 for r in role.requirements}, checks=checks,
                   evidence={r.skill: [] for r in role.requirements})


def profile(loaded, name: str, **update) -> tuple[Answers, object]:
    answers = load_answers(PROFILES / f"{name}.yaml", loaded.rubric)
    if update:
        answers = answers.model_copy(update=update)
    return answers, score(loaded, answers, today=TODAY, tool_version="test")


def test_cover_opens_with_the_verdict_sentence_and_target_date(sample_pdf, sample, loaded):
    answers, result = sample
    first = flat(reader_of(sample_pdf).pages[0].extract_text())
    verdict = wording.verdict(result, result.role_name)
    assert verdict in first
    assert answers.target_date.strftime("%b %Y") in verdict  # the target date is in the sentence
    assert f"{round(result.readiness)}%" in first
    ctx = build_context(loaded.rubric, answers, result)
    assert ctx.backing.sentence in first
    assert first.index(verdict) < first.index(ctx.backing.sentence) < first.index(result.gaps[0].name)


def test_over_rater_is_told_plainly_that_the_claims_were_not_backed(loaded):
    answers = over_rater(loaded.rubric)
    result = score(loaded, answers, today=TODAY, tool_version="test")
    lowered = sum(1 for a in result.calibration if a.rated and a.counted < a.rated)
    claims = sum(1 for a in result.calibration if a.rated)
    assert lowered * 2 > claims  # the profile really is an over-rater
    first = flat(reader_of(render_document("pdf", loaded, answers, result, [])).pages[0].extract_text())
    assert "Most of your self-ratings were not backed" in first
    assert f"{lowered} of {claims} claims were lowered" in first
    # An honest quick-mode rater is not told that.
    calm = flat(reader_of(render_document("pdf", loaded, *profile(loaded, "career_changer"), []))
                .pages[0].extract_text())
    assert "not backed" not in calm and "self-reported" in calm


def _links(reader: PdfReader) -> tuple[list[str], int]:
    uris, internal = [], 0
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            else:
                internal += 1
    return uris, internal


def test_links_are_clickable_and_only_https(sample_pdf):
    uris, internal = _links(reader_of(sample_pdf))
    assert uris, "no external link annotation in the report"
    assert all(u.startswith("https://") for u in uris), [u for u in uris if not u.startswith("https://")]
    assert internal >= 5  # the contents line links every section


def test_no_link_text_is_a_raw_url_or_a_file_name(sample_pdf):
    text = flat("\n".join(p.extract_text() for p in reader_of(sample_pdf).pages))
    assert "https://" not in text and "http://" not in text
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text)  # sources by title, never file name
    assert "AI engineer career guide 2026" in text


@pytest.mark.parametrize("region, paper, size", [
    ("us", None, (612, 792)), ("canada", None, (612, 792)), ("uk", None, (595, 842)),
    ("india", None, (595, 842)), ("us", "a4", (595, 842)), ("uk", "letter", (612, 792)),
])
def test_paper_follows_the_region_unless_asked(loaded, region, paper, size):
    answers = Answers(role="ai_engineer", region=region, ratings={"python": 2})
    result = score(loaded, answers, today=TODAY, tool_version="t")
    page = reader_of(render_document("pdf", loaded, answers, result, [], paper=paper, brief=True)).pages[0]
    assert tuple(round(float(v)) for v in page.mediabox.upper_right) == size


@pytest.mark.parametrize("name", ["career_changer", "backend_to_mlops", "nlp_phd", "senior_to_architect"])
def test_typical_reports_are_short_and_no_page_is_nearly_empty(loaded, name):
    reader = reader_of(render_document("pdf", loaded, *profile(loaded, name), []))
    words = [len(p.extract_text().split()) for p in reader.pages]
    assert 4 <= len(words) <= 8, words
    assert min(words) >= 40, words


def test_over_rater_report_has_no_nearly_empty_page(loaded):
    answers = over_rater(loaded.rubric)
    result = score(loaded, answers, today=TODAY, tool_version="t")
    words = [len(p.extract_text().split()) for p in reader_of(render_document("pdf", loaded, answers, result, [])).pages]
    assert len(words) <= 9 and min(words) >= 40, words


def test_brief_is_one_page_with_verdict_gaps_and_weeks_and_nothing_private(tmp_path, home):
    sample = PACKAGE_DIR / "samples" / "career_changer.yaml"
    out = tmp_path / "brief.pdf"
    outcome = run_cli("assess", "--answers", str(sample), "--brief", "--no-save", "--out", str(out))
    assert outcome.code == 0, outcome.stderr
    assert str(out) in outcome.stderr
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    text = flat(reader.pages[0].extract_text())
    assert "readiness" in text.lower() and "Week 1" in text and "Week 4" in text
    assert "Python programming" in text
    assert "£" not in text and "Four years as a data analyst" not in text  # no salaries, no notes


@pytest.mark.parametrize("name", ["backend_to_mlops", "nlp_phd", "senior_to_architect"])
def test_brief_stays_on_one_page_for_every_profile(loaded, name):
    answers, result = profile(loaded, name, hours_per_week=40)  # many short steps in a week
    assert len(reader_of(render_document("pdf", loaded, answers, result, [], brief=True)).pages) == 1


def test_two_profiles_on_one_day_write_two_files_and_say_where(tmp_path, home):
    sample = PACKAGE_DIR / "samples" / "career_changer.yaml"
    paths = []
    for who in ("ana", "ben", "ben"):
        outcome = run_cli("--profile", who, "assess", "--answers", str(sample), "--format", "md")
        assert outcome.code == 0, outcome.stderr
        found = re.search(r"Your learning plan: (\S+)", outcome.stderr)
        assert found, outcome.stderr
        paths.append(Path(found.group(1)))
    assert len(set(paths)) == 3 and all(p.exists() for p in paths)
    assert "-ana-" in paths[0].name and "-ben-" in paths[1].name and "run" in paths[2].name
    again = run_cli("--profile", "ben", "report", "--format", "md")
    assert again.code == 0 and re.search(r"Your learning plan: \S+run\d+\.md", again.stderr), again.stderr


def test_unsaved_runs_never_replace_an_earlier_file(tmp_path, home):
    sample = PACKAGE_DIR / "samples" / "career_changer.yaml"
    first = run_cli("assess", "--answers", str(sample), "--no-save", "--format", "md")
    second = run_cli("assess", "--answers", str(sample), "--no-save", "--format", "md")
    a = re.search(r"Your learning plan: (\S+)", first.stderr).group(1)
    b = re.search(r"Your learning plan: (\S+)", second.stderr).group(1)
    assert a != b and Path(a).exists() and Path(b).exists()


def test_career_path_starts_at_the_current_rung_and_names_missing_figures(loaded):
    answers, result = profile(loaded, "career_changer", region="canada")
    ctx = build_context(loaded.rubric, answers, result)
    assert ctx.career.ladder[0].you_are_here or ctx.career.ladder[0].name.startswith("Entry")
    notes = [s.salary_note for s in ctx.career.ladder if not s.salaries]
    assert all(n == "No figure for Canada at this stage in the guides." for n in notes)
    stages = {s.name.split(" (")[0]: s for s in ctx.career.ladder}
    if "Architect / staff level" in stages:
        assert stages["Architect / staff level"].salary_note


def test_retired_exams_only_when_the_plan_meets_them(loaded, rubric):
    # An MLOps reader whose plan has no deep-learning step is not shown the TensorFlow certificate.
    answers = Answers(role="mlops_engineer", ratings={"dl_frameworks": 4, "neural_networks": 4})
    result = score(loaded, answers, today=TODAY, tool_version="t")
    names = [r.name for r in build_context(rubric, answers, result).retired]
    assert not any("TensorFlow" in n for n in names), names


def test_gap_chart_wraps_long_names_and_never_truncates():
    from assessor.report.charts import gap_chart, wrap
    from assessor.report.model import ChartRow

    name = "Hallucination control and guardrails, with a very long qualifier at the end"
    assert " ".join(wrap(name)) == name and len(wrap(name)) >= 2
    svg = str(gap_chart([ChartRow(name=name, rated=4, counted=1, required=3, weight="critical",
                                  met=False, priority=1)]))
    assert "…" not in svg and "guardrails," in svg and "qualifier at the end" in svg
    assert "<text" not in svg


def _date_labels(html: str) -> list[tuple[float, float, str, str]]:
    """(left, width, align, text) of the date labels of a trend chart, in points."""
    found = re.findall(r'<div class="t muted date" style="left:([-\d.]+)pt;top:[-\d.]+pt;'
                       r'width:([\d.]+)pt;text-align:(\w+);[^"]*">([^<]*)</div>', html)
    return [(float(left), float(width), align, text) for left, width, align, text in found]


def test_trend_labels_stay_inside_the_chart_and_apart():
    from assessor.report.charts import DATE_LABEL_W, WIDTH, trend
    from assessor.report.model import TrendPoint

    for n in (2, 5, 7, 20, 41):
        html = str(trend([TrendPoint(label=f"{i + 1:02d} Dec 2026", readiness=2 * i) for i in range(n)]))
        labels = _date_labels(html)
        first, last = labels[0], labels[-1]
        assert first[2] == "left" and first[0] >= 0, (n, first)
        assert last[2] == "right" and last[0] + last[1] <= WIDTH, (n, last)
        anchors = [left + (width if align == "right" else width / 2 if align == "center" else 0)
                   for left, width, align, _ in labels]
        assert all(b - a >= DATE_LABEL_W - 8 for a, b in zip(anchors, anchors[1:])), (n, anchors)
        assert "<text" not in html  # labels are HTML over a shapes-only SVG (a tenth of the cost)


def test_cover_uses_the_fields_scoring_fills_when_present(loaded, sample):
    from assessor.schema.result import CalibrationSummary, PlanTarget, StretchRole

    answers, result = sample
    target = PlanTarget(date=answers.target_date, budget_hours=300, planned_hours=290, fits=False,
                        hours_needed=result.plan.total_hours, readiness_at_target=71.4,
                        suggestion="Aim for AI Developer first.")
    filled = result.model_copy(update={
        "plan": result.plan.model_copy(update={"target": target}),
        "stretch": [StretchRole(role="ml_engineer", name="Machine Learning Engineer", readiness=48,
                                missing=["dl_frameworks"])],
        "calibration_summary": CalibrationSummary(claims=20, lowered=15, raised=0, checks_asked=40,
                                                  checks_right=9),
        "certifications_note": "Certifications matter little at your level.",
    })
    ctx = build_context(loaded.rubric, answers, filled)
    assert ctx.cover.verdict.startswith(f"At {result.plan.hours_per_week:g} h/week you reach 71% of ")
    assert "by Sep 2027" in ctx.cover.verdict
    assert ctx.backing.mostly_unbacked and "15 of 20 claims were lowered" in ctx.backing.sentence
    assert "9 of 40 knowledge checks right" in ctx.backing.sentence
    assert ctx.cover.stretch.startswith("Machine Learning Engineer: 48% ready")
    assert "Aim for AI Developer first." in ctx.plan.summary
    html = render_document("html", loaded, answers, filled, []).decode()
    assert "Certifications matter little at your level." in html


def used_share(page) -> float:
    """How far down the page text reaches, as a share of the area inside the page margins
    (the running header and footer sit in the margins and do not count)."""
    height = float(page.mediabox.height)
    top, bottom = height - 17 / 25.4 * 72, 16 / 25.4 * 72
    ys = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5] if cm[3] else tm[5]
        if text.strip() and bottom < y < top:
            ys.append(y)
    page.extract_text(visitor_text=visit)
    return (top - min(ys)) / (top - bottom) if ys else 0.0


@pytest.mark.parametrize("name, on", [("senior_to_architect", dt.date(2026, 12, 1)),
                                      ("backend_to_mlops", dt.date(2026, 12, 1)),
                                      ("career_changer", TODAY)])
def test_last_page_is_at_least_a_quarter_full(loaded, name, on):
    answers = load_answers(PROFILES / f"{name}.yaml", loaded.rubric).model_copy(update={"region": "us"})
    result = score(loaded, answers, today=on, tool_version="t")
    reader = reader_of(render_document("pdf", loaded, answers, result, []))
    assert used_share(reader.pages[-1]) >= 0.25, [round(used_share(p), 2) for p in reader.pages]


def test_learning_resources_are_rendered_as_short_https_links(loaded, sample, monkeypatch):
    from assessor.schema.rubric import Resource, Skill

    original = Skill.step_to
    extra = Resource(title="Example course on the step", url="https://example.org/course", kind="course",
                     free=True)

    def with_resource(self, level):
        step = original(self, level)
        return step.model_copy(update={"resources": [extra]})

    monkeypatch.setattr(Skill, "step_to", with_resource)
    reader = reader_of(render_document("pdf", loaded, *sample, []))
    uris, _ = _links(reader)
    assert "https://example.org/course" in uris
    first = flat(reader.pages[0].extract_text())
    assert "Example course on the step" in first  # this week's step names its resource on the cover
    text = flat("\n".join(p.extract_text() for p in reader.pages))
    assert "example.org/course" not in text  # shown as its title, not as the address


@pytest.mark.parametrize("name", ["career_changer", "backend_to_mlops", "nlp_phd", "senior_to_architect"])
def test_markdown_checklist_gives_every_step_of_a_week_its_own_box(loaded, name):
    """A week of two steps was one line joined by '; ' ("...why.; Compute cost..."): each step
    is now its own box under the week's, and every step of the checklist appears once."""
    answers, result = profile(loaded, name)
    md = render_document("md", loaded, answers, result, []).decode()
    plan = md.split("## Plan", 1)[1].split("\n## ", 1)[0]
    ctx = build_context(loaded.rubric, answers, result, paper="a4")
    assert ".;" not in plan
    for wk in ctx.plan.checklist:
        head = f"- [ ] Week {wk.number}:"
        assert head in plan
        if len(wk.items) > 1:
            block = plan.split(head + "\n", 1)[1].split("\n\n", 1)[0].splitlines()
            assert [ln.split(": ", 1)[0] for ln in block] == [f"  - [ ] {it.name}" for it in wk.items]
    assert any(len(wk.items) > 1 for wk in ctx.plan.checklist) or name != "career_changer"
