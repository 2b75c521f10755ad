"""The PDF a user keeps: made by the installed command, read back with pypdf, hostile text inert."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re

import pytest
from pypdf import PdfReader

from assessor.schema.answers import Answers
from assessor.scoring.score import score
from assessor.report.output import render_document

from tests.conftest import run_installed

HOSTILE = [
    '<img src="file:///etc/hostname">',
    "<link rel=attachment href=file:///etc/passwd>",
    "<style>body{background:url(http://127.0.0.1:9/x)}</style>",
    "url(http://127.0.0.1:9/track.png)",
    "{{ 7*7 }} {% raw %}",
]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def answers_file(tmp_path):
    def write(**fields):
        path = tmp_path / "answers.json"
        path.write_text(json.dumps(fields, default=str))
        return path
    return write


def test_installed_command_writes_a_pdf_that_reads_back(tmp_path, home, answers_file):
    path = answers_file(name="Zoë Ñandú-Smith", role="ai_engineer", region="india",
                        ratings={"python": 2, "sql": 3, "model_serving": 1})
    out = tmp_path / "plan.pdf"
    env = dict(os.environ, ASSESSOR_HOME=str(home))
    proc = run_installed("assess", "--answers", str(path), "--out", str(out), env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert str(out) in proc.stderr.decode()
    reader = PdfReader(str(out))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Zoë Ñandú-Smith" in text
    assert "AI Engineer" in text and "Readiness" in text
    assert "₹" in text  # Indian salary figures keep their currency symbol
    for section in ("Skill profile", "Gaps in priority order", "Learning plan", "Certifications",
                    "Career path", "How this was scored", "Appendix"):
        assert section in text
    assert reader.metadata.title.startswith("AI career learning plan")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Skill profile" in outline and "Appendix" in outline


def test_no_terminal_bare_command_writes_the_sample_plan(tmp_path, home):
    env = dict(os.environ, ASSESSOR_HOME=str(home))
    proc = run_installed(env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    written = list((home / "reports").glob("*.pdf"))
    assert len(written) == 1 and str(written[0]) in proc.stderr.decode()
    assert "Priya Sample" in pdf_text(written[0].read_bytes())


def test_hostile_text_is_printed_literally_and_nothing_is_fetched(loaded, spy_fetches):
    """Every hostile string at once, in one PDF: each comes out as text, none is fetched or embedded."""
    from markupsafe import escape

    answers = Answers(name=HOSTILE[0], role="ai_engineer", notes="\n".join(f"My notes: {h}" for h in HOSTILE),
                      ratings={"python": 2})
    result = score(loaded, answers, today=dt.date(2026, 11, 23), tool_version="t")
    data = render_document("pdf", loaded, answers, result, [])
    text = squash(pdf_text(data))
    for hostile in HOSTILE:
        assert squash(hostile) in text, hostile
    assert spy_fetches == [], f"the report fetched {spy_fetches}"
    assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data
    html = render_document("html", loaded, answers, result, []).decode()
    for hostile in HOSTILE:
        assert str(escape(hostile)) in html, hostile
        if "<" in hostile:
            assert hostile not in html, hostile


def test_fetcher_refuses_files_outside_the_bundle(tmp_path):
    from assessor.errors import RenderError
    from assessor.paths import templates_dir
    from assessor.report.pdf import html_to_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    html = f'<p>x</p><img src="file://{secret}"><link rel="attachment" href="file://{secret}">'
    with pytest.raises(RenderError):
        html_to_pdf(html, templates_dir(), [])


def test_markdown_and_html_formats(loaded):
    answers = Answers(name="[click](http://evil.example) <b>", role="mlops_engineer", ratings={"ci_cd_ml": 2})
    result = score(loaded, answers, today=dt.date(2026, 11, 23), tool_version="t")
    md = render_document("md", loaded, answers, result, []).decode()
    assert "MLOps" in md and "Readiness" in md
    assert "[click](" not in md and "<b>" not in md
    html = render_document("html", loaded, answers, result, []).decode()
    assert "<style>" in html and "Content-Security-Policy" in html
    assert "<b>" not in html.split("<body>", 1)[1]
    assert "&lt;b&gt;" in html
