"""`assessor match`: JSON shape, escaping, and bad input that must exit 2 with a message, never a traceback."""

from __future__ import annotations

import json
import os

import pytest

from assessor.paths import PACKAGE_DIR

SAMPLE = str(PACKAGE_DIR / "samples" / "career_changer.yaml")
POSTING = """# Senior ML Engineer <script>alert(1)</script>

## Requirements
- 5+ years with Python, PyTorch and Kubernetes (k8s)
- Retrieval-augmented generation with vector DBs such as Pinecone; Zorblax

## Nice to have
- MLflow
"""


def test_json_lists_skills_with_matched_text_and_readiness(cli, tmp_path):
    p = tmp_path / "p.md"
    p.write_text(POSTING)
    out = cli("match", str(p), "--answers", SAMPLE, "--format", "json", "--out", "-")
    assert out.code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["posting"] == {"title": "Senior ML Engineer <script>alert(1)</script>",
                               "seniority": "senior", "years": 5}
    skills = {s["skill"]: s for s in data["skills"]}
    assert skills["kubernetes"]["matched"] == ["Kubernetes", "k8s"] and skills["kubernetes"]["required"]
    assert skills["versioning"]["required"] is False
    assert {"rag", "vector_search", "python", "dl_frameworks"} <= set(skills)
    assert "Zorblax" in data["unmatched_terms"]
    assert 0 <= data["readiness"] <= 100 and data["gaps"] and data["plan"]["phases"]


def test_html_and_markdown_escape_the_posting(cli, tmp_path):
    p = tmp_path / "p.md"
    p.write_text(POSTING)
    html = cli("match", str(p), "--answers", SAMPLE, "--format", "html", "--out", "-")
    assert html.code == 0 and "<script>alert" not in html.stdout and "&lt;script&gt;" in html.stdout
    md = cli("match", str(p), "--answers", SAMPLE, "--format", "md", "--out", "-")
    assert md.code == 0 and "<script>" not in md.stdout


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x7fELF\x00\x01binary", b"a" * 5_000_000])
def test_bad_postings_exit_2_with_a_message(cli, tmp_path, content):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    out = cli("match", str(p), "--answers", SAMPLE, "--format", "json", "--out", "-")
    assert out.code == 2 and "assessor:" in out.stderr and "Traceback" not in out.stderr
    if len(content) > 1_000_000:
        assert f"{p}: larger than 1000 kB" in out.stderr


@pytest.mark.parametrize("kind", ["fifo", "directory", "missing"])
def test_a_posting_that_is_not_a_file_is_named_and_never_waited_for(cli, tmp_path, kind):
    """A pipe or a folder was reported as "no such file"; it is named for what it is, and a pipe
    with no writer is never opened for reading (which would wait for a writer)."""
    p = tmp_path / "posting"
    if kind == "fifo":
        os.mkfifo(p)
    elif kind == "directory":
        p.mkdir()
    out = cli("match", str(p), "--answers", SAMPLE, "--format", "json", "--out", "-")
    assert out.code == 2 and "Traceback" not in out.stderr
    said = {"fifo": "a named pipe (FIFO), not a file", "directory": "a directory, not a file",
            "missing": "no such file"}[kind]
    assert f"{p}: {said}" in out.stderr


def test_nothing_recognisable_is_a_clear_result(cli, tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("We sell fresh bread every morning.\n")
    out = cli("match", str(p), "--answers", SAMPLE, "--format", "md", "--out", "-")
    assert out.code == 0 and "No skills recognised" in out.stdout


def test_no_run_in_history_says_how_to_make_one(cli, tmp_path):
    p = tmp_path / "p.md"
    p.write_text(POSTING)
    out = cli("match", str(p), "--format", "json", "--out", "-")
    assert out.code == 2 and "assessor assess" in out.stderr


def test_unknown_alias_id_is_rejected(tmp_path):
    import shutil

    from assessor.errors import InvalidFilesError
    from assessor.paths import bundled
    from assessor.schema.loader import load_rubric

    d = tmp_path / "r"
    shutil.copytree(bundled("rubrics"), d)
    (d / "aliases.yaml").write_text("aliases:\n  no_such_skill: [Foo]\n")
    with pytest.raises(InvalidFilesError) as exc:
        load_rubric(d)
    assert "no_such_skill" in str(exc.value.problems)


def test_latest_saved_run_and_run_id_are_scored(cli, tmp_path):
    p = tmp_path / "p.md"
    p.write_text(POSTING)
    assert cli("assess", "--answers", SAMPLE, "--format", "json", "--out", str(tmp_path / "r.json")).code == 0
    latest = cli("match", str(p), "--format", "json", "--out", "-")
    by_id = cli("match", str(p), "--run", "1", "--format", "json", "--out", "-")
    assert latest.code == 0 and by_id.code == 0, latest.stderr + by_id.stderr
    assert json.loads(latest.stdout)["readiness"] == json.loads(by_id.stdout)["readiness"]
    missing = cli("match", str(p), "--run", "99", "--format", "json", "--out", "-")
    assert missing.code == 2 and "assessor history" in missing.stderr


def test_html_comments_are_not_the_title_or_a_requirement():
    from assessor.matching.text import plain_lines

    lines = plain_lines("<!-- source: https://example.com/job -->\n# ML Engineer\nRequirements\n- PyTorch <!-- x -->")
    assert lines[0] == "# ML Engineer" and not any("example.com" in ln for ln in lines)
