"""Issue 17: what the command line takes from the user, checked at the entry and said clearly.

Profile names (item 2's round trip starts here), ``--save-answers`` next to ``--answers`` and its
protected paths, the default region on a rubric without it, and hours or dates that would break
the plan (item 8): every case is exit 2 naming the option or field, never exit 1 or silence.
"""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from assessor.paths import PACKAGE_DIR, bundled


def _answers(tmp_path, text: str = "role: ai_engineer\nratings: {python: 1}\n", name: str = "a.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


# --- profile names: 1-64 printable characters, for every command ---------------------------------

BAD_PROFILES = {"empty": "", "blank": "   ", "65_chars": "p" * 65, "escape": "eve\x1b]0;PWNED\x07",
                "newline": "a\nb", "tab": "a\tb"}
COMMANDS = [["history"], ["progress"], ["report", "--format", "md", "--out", "-"], ["export", "x.json"],
            ["import", "x.json"], ["match", "-"], ["assess", "--answers", "a.yaml", "--no-save"]]


@pytest.mark.parametrize("name", sorted(BAD_PROFILES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_bad_profile_name_is_refused_by_every_command(cli, tmp_path, command, name):
    got = cli(*command, "--profile", BAD_PROFILES[name])
    assert got.code == 2, (got.code, got.stderr)
    assert "--profile" in got.stderr and "1-64 printable characters" in got.stderr, got.stderr
    assert "\x1b" not in got.stderr and "Traceback" not in got.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_profile_is_checked_before_or_after_the_command_name(cli, where):
    args = ["--profile", "", "history"] if where == "before" else ["history", "--profile", ""]
    got = cli(*args)
    assert got.code == 2 and "--profile '': it is empty" in got.stderr, got.stderr


def test_good_profile_names_still_work(cli, tmp_path):
    answers = _answers(tmp_path)
    for name in ("p" * 64, "Ada Lovelace", "mentee-2 (ö)"):
        saved = cli("assess", "--answers", str(answers), "--profile", name, "--format", "json",
                    "--out", str(tmp_path / "r.json"))
        assert saved.code == 0, saved.stderr
        listed = cli("history", "--profile", name, "--json")
        assert listed.code == 0 and '"readiness"' in listed.stdout, listed.stderr


# --- --save-answers ------------------------------------------------------------------------------

def test_save_answers_with_an_answers_file_writes_the_commented_file(cli, tmp_path, loaded):
    from assessor.schema.answers import load_answers

    source = tmp_path / "me.json"
    source.write_text('{"role": "ai_engineer", "region": "uk", "ratings": {"python": 3}}')
    got = cli("assess", "--answers", str(source), "--role", "ml_engineer", "--save-answers",
              str(tmp_path / "me.yaml"), "--no-save", "--format", "json", "--out", str(tmp_path / "p.json"))
    assert got.code == 0, got.stderr
    assert "Answers written to" in got.stderr
    written = tmp_path / "me.yaml"
    assert "# assessor answers file" in written.read_text()
    again = load_answers(written, loaded.rubric)
    assert again.role == "ml_engineer" and again.ratings == {"python": 3} and again.region == "uk"


def test_save_answers_over_a_protected_path_is_refused_before_any_work(cli, home, tmp_path):
    answers = _answers(tmp_path)
    assert cli("assess", "--answers", str(answers), "--format", "json", "--out", str(tmp_path / "r.json")).code == 0
    db = home / "history.sqlite3"
    before = db.read_bytes()
    for target, says in ((db, "history database"), (answers, "input file being read"),
                         (tmp_path / "same.md", "name the same file"), (home / "notes.yaml", "data directory")):
        got = cli("assess", "--answers", str(answers), "--save-answers", str(target), "--format", "md",
                  "--out", str(tmp_path / "same.md"))
        assert got.code == 2, (target, got.stderr)
        assert says in got.stderr and "--save-answers" in got.stderr, got.stderr
    assert db.read_bytes() == before and answers.read_text().startswith("role: ai_engineer")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from runs").fetchone()[0] == 1, "a refused run is not saved"


# --- the default region on a rubric without it ----------------------------------------------------

@pytest.fixture
def rubric_without_us(tmp_path):
    copy = tmp_path / "rubric"
    shutil.copytree(bundled("rubrics"), copy)
    for name, pattern, repl in (("rubric.yaml", r"\{id: us,", "{id: usa,"), ("career.yaml", r"region: us,", "region: usa,")):
        path = copy / name
        path.write_text(re.sub(pattern, repl, path.read_text()))
    return copy


def test_an_unwritten_region_names_the_default_and_the_field_to_add(cli, tmp_path, rubric_without_us):
    got = cli("assess", "--answers", str(_answers(tmp_path)), "--no-save", "--format", "json", "--out", "-",
              environ={"ASSESSOR_RUBRICS": str(rubric_without_us)})
    assert got.code == 2, got.stderr
    assert "a.yaml: region" in got.stderr
    assert "found:    no region, so the default 'us', which this rubric does not have" in got.stderr
    assert "`region: ID` with one of usa, canada, uk, india" in got.stderr


def test_a_written_region_is_reported_as_written(cli, tmp_path, rubric_without_us):
    path = _answers(tmp_path, "role: ai_engineer\nregion: us\nratings: {python: 1}\n")
    got = cli("assess", "--answers", str(path), "--no-save", "--format", "json", "--out", "-",
              environ={"ASSESSOR_RUBRICS": str(rubric_without_us)})
    assert got.code == 2 and "found:    'us'" in got.stderr and "default" not in got.stderr


# --- hours and dates that would break the plan (item 8) -----------------------------------------

@pytest.mark.parametrize("line,field,rule", [
    ("hours_per_week: 0.0001", "hours_per_week", "greater than or equal to 0.5"),
    ("hours_per_week: 1e-9", "hours_per_week", "greater than or equal to 0.5"),
    ("hours_per_week: 0.4", "hours_per_week", "greater than or equal to 0.5"),
    ("assessed_on: 9999-12-31", "assessed_on", "less than or equal to 2100-12-31"),
    ("assessed_on: 0001-01-01", "assessed_on", "greater than or equal to 2000-01-01"),
])
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_hours_and_dates_out_of_range_name_their_field(cli, tmp_path, line, field, rule, fmt):
    path = _answers(tmp_path, f"role: ai_engineer\nratings: {{python: 1}}\n{line}\n")
    got = cli("assess", "--answers", str(path), "--no-save", "--format", fmt, "--out", "-")
    assert got.code == 2, (got.code, got.stderr)
    assert f"a.yaml: {field}" in got.stderr and rule in got.stderr, got.stderr


def test_a_plan_longer_than_20_years_says_so_instead_of_wrong_sums(cli, tmp_path):
    path = _answers(tmp_path, "role: ai_engineer\nratings: {python: 1}\nhours_per_week: 1\n")
    got = cli("assess", "--answers", str(path), "--no-save", "--format", "md", "--out", "-")
    assert got.code == 0, got.stderr
    assert "dates stop at 20 years" in got.stdout
    weeks = re.search(r"([\d,]+) hours over about ([\d,]+) weeks at 1 hours a week", got.stdout)
    assert weeks is None, f"{weeks.group(0)}: the weeks do not add up to the hours"
    assert "in about 1040 weeks" not in got.stdout, "the headline would claim the gaps close in 20 years"


def test_the_bundled_sample_is_within_the_ranges(cli):
    sample = PACKAGE_DIR / "samples" / "career_changer.yaml"
    assert cli("assess", "--answers", str(sample), "--no-save", "--format", "json", "--out", "-").code == 0
