"""Loading the real rubric, and broken rubric/answers files: exit 2, file + location, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assessor.paths import bundled
from assessor.schema.loader import load_rubric

from tests.conftest import run_cli


def test_bundled_rubric_loads_and_checks(cli):
    result = cli("rubrics", "check")
    assert result.code == 0, result.stderr
    assert "valid" in result.stdout and "skills" in result.stdout


def test_digest_changes_with_content(tmp_path):
    copy = tmp_path / "r"
    shutil.copytree(bundled("rubrics"), copy)
    before = load_rubric(copy).digest
    meta = copy / "rubric.yaml"
    meta.write_text(meta.read_text().replace('version: "', 'version: "x'))
    assert load_rubric(copy).digest != before


def _edit(path: Path, fn):
    data = yaml.safe_load(path.read_text())
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _first_role_skill_unknown(d):
    d["roles"][0]["requirements"][0]["skill"] = "quantum_basket_weaving"


def _drop_level(d):
    d["skills"][0]["levels"].pop()


def _bad_weight(d):
    d["roles"][1]["requirements"][0]["weight"] = "essential"


def _typo_field(d):
    d["ladder"][0]["yeers"] = "0-2"


def _retired_without_date(d):
    for c in d["certifications"]:
        if c["status"] == "retired":
            c.pop("status_date", None)
            return


def _bad_answer_letter(d):
    d["checks"][0]["answer"] = "f"


def _unknown_category(d):
    d["skills"][0]["category"] = "astrology"


def _duplicate_skill(d):
    d["skills"].append(dict(d["skills"][0]))


def _unknown_source(d):
    d["roles"][0]["sources"] = ["my_blog.txt"]


# (file to break, how, text expected in the location column)
YAML_EDITS = [
    ("roles.yaml", _first_role_skill_unknown, "requirements[0].skill"),
    ("skills/programming.yaml", _drop_level, "levels"),
    ("roles.yaml", _bad_weight, "requirements[0].weight"),
    ("career.yaml", _typo_field, "ladder[0]"),
    ("certifications.yaml", _retired_without_date, "certifications["),
    ("checks/programming.yaml", _bad_answer_letter, "checks[0]"),
    ("skills/programming.yaml", _unknown_category, "category"),
    ("skills/programming.yaml", _duplicate_skill, "skills["),
    ("roles.yaml", _unknown_source, "sources[0]"),
]

RAW_EDITS = [
    ("certifications.yaml", b"certifications:\n  - id: [unclosed\n", "line"),
    ("roles.yaml", b"", "(top level)"),
    ("categories.yaml", b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe", "byte"),
    ("career.yaml", b"- just\n- a list\n", "(top level)"),
    ("rubric.yaml", None, ""),  # deleted
]


@pytest.fixture
def broken(tmp_path):
    copy = tmp_path / "rubric"
    shutil.copytree(bundled("rubrics"), copy)
    return copy


def _assert_user_error(result, file: str, location: str):
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert file in result.stderr, result.stderr
    assert location in result.stderr, result.stderr
    assert "expected" in result.stderr


@pytest.mark.parametrize("file,edit,location", YAML_EDITS, ids=[e[1].__name__ for e in YAML_EDITS])
def test_broken_rubric_files_are_reported(broken, file, edit, location):
    _edit(broken / file, edit)
    # Every command that uses the rubric validates all of it, not only the part it shows.
    for args in (["rubrics", "check", str(broken)], ["skills"]):
        result = run_cli(*args, environ={"ASSESSOR_RUBRICS": str(broken)})
        _assert_user_error(result, file, location)


@pytest.mark.parametrize("file,content,location", RAW_EDITS, ids=[f"{e[0]}-{i}" for i, e in enumerate(RAW_EDITS)])
def test_unreadable_rubric_files_are_reported(broken, file, content, location):
    if content is None:
        (broken / file).unlink()
    else:
        (broken / file).write_bytes(content)
    result = run_cli("roles", environ={"ASSESSOR_RUBRICS": str(broken)})
    _assert_user_error(result, file, location)


def test_every_problem_in_every_file_is_reported_at_once(broken):
    _edit(broken / "roles.yaml", _bad_weight)
    _edit(broken / "career.yaml", _typo_field)
    _edit(broken / "skills/programming.yaml", _drop_level)
    result = run_cli("certs", environ={"ASSESSOR_RUBRICS": str(broken)})
    assert result.code == 2
    for name in ("roles.yaml", "career.yaml", "programming.yaml"):
        assert name in result.stderr
    assert "3 problems" in result.stderr


def test_missing_rubric_directory(tmp_path):
    result = run_cli("skills", environ={"ASSESSOR_RUBRICS": str(tmp_path / "nowhere")})
    assert result.code == 2 and "nowhere" in result.stderr and "Traceback" not in result.stderr


ANSWERS = {
    "rating_out_of_range": ("role: ai_engineer\nratings: {python: 7}\n", "ratings.python"),
    "unknown_skill": ("role: ai_engineer\nratings: {pythn: 2}\n", "ratings.pythn"),
    "unknown_role": ("role: wizard\nratings: {python: 2}\n", "role"),
    "invalid_yaml": ("role: ai_engineer\nratings: {python: 2\n", "line"),
    "top_level_list": ("- python\n- 2\n", "(top level)"),
    "unknown_field": ("role: ai_engineer\nratngs: {python: 2}\n", "ratngs"),
    "foreign_evidence": ("role: ai_engineer\nratings: {python: 2}\nevidence: {sql: [python_ev_script]}\n",
                         "evidence.sql[0]"),
    "bad_check_letter": ("role: ai_engineer\nchecks: {python_chk_default: z}\n", "checks.python_chk_default"),
    "hours_negative": ("role: ai_engineer\nhours_per_week: -3\n", "hours_per_week"),
}


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_broken_answers_files_are_reported(home, tmp_path, name):
    text, location = ANSWERS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    result = run_cli("assess", "--answers", str(path), "--format", "json", "--out", "-", "--no-save")
    _assert_user_error(result, path.name, location)
    assert result.stdout == ""


def test_missing_answers_file(home, tmp_path):
    result = run_cli("assess", "--answers", str(tmp_path / "nope.yaml"), "--out", "-")
    _assert_user_error(result, "nope.yaml", "")
