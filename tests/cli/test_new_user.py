"""What a new user tripped over (issue 15), each through the real entry point."""

from __future__ import annotations

import os
import subprocess

import pytest

from assessor.paths import PACKAGE_DIR
from assessor.schema.answers import load_answers
from assessor.scoring.score import asked_skills

from tests.conftest import assessor_command, run_cli

SAMPLE = PACKAGE_DIR / "samples" / "career_changer.yaml"


def test_out_with_an_unknown_extension_is_refused_before_any_work(cli, tmp_path):
    got = cli("demo", "--out", str(tmp_path / "plan.txt"))
    assert got.code == 2
    assert ".txt" in got.stderr and "--format" in got.stderr and ".md" in got.stderr
    assert not (tmp_path / "plan.txt").exists()
    # An explicit --format makes any name fine.
    assert cli("demo", "--out", str(tmp_path / "plan.txt"), "--format", "md").code == 0
    assert (tmp_path / "plan.txt").read_text().startswith("#")


def test_pdf_to_stdout_on_a_terminal_is_refused(home, tmp_path):
    """A real pseudo-terminal: `demo --out -` would garble the screen with PDF bytes."""
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, ASSESSOR_HOME=str(home))
    child = pexpect.spawn(assessor_command()[0], [*assessor_command()[1:], "demo", "--out", "-"],
                          env=env, cwd=str(tmp_path), timeout=60, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "%PDF" not in child.before and "--format md" in child.before


def test_the_sample_is_complete_for_every_role(rubric):
    """`assess --answers career_changer.yaml --role X` never reports skills missing from the sample."""
    answers = load_answers(SAMPLE, rubric)
    for role in rubric.roles:
        missing = [s for s in asked_skills(rubric, role.id) if s not in answers.ratings]
        assert not missing, (role.id, missing)


def test_sample_runs_without_a_missing_skills_note(cli, tmp_path):
    got = cli("assess", "--answers", str(SAMPLE), "--no-save", "--format", "json", "--out", "-")
    assert got.code == 0, got.stderr
    assert "not in" not in got.stderr


def test_out_into_a_missing_folder_is_refused_outside_the_data_directory(cli, tmp_path):
    got = cli("demo", "--out", str(tmp_path / "no" / "such" / "plan.md"))
    assert got.code == 2 and str(tmp_path / "no") in got.stderr
    assert not (tmp_path / "no").exists()
    # The default place (inside the data directory) is still created when needed.
    assert cli("demo", "--format", "md").code == 0


def test_hints_carry_the_profile(cli, tmp_path):
    got = cli("assess", "--answers", str(SAMPLE), "--profile", "fulltry", "--format", "md",
              "--out", str(tmp_path / "p.md"))
    assert got.code == 0, got.stderr
    assert "`assessor progress --profile fulltry`" in got.stderr


def test_a_typo_in_a_subcommand_flag_gets_that_command_s_usage_and_a_suggestion():
    got = run_cli("assess", "--mdoe", "full")
    assert got.code == 2
    assert "usage: assessor assess" in got.stderr
    assert "did you mean --mode?" in got.stderr


def test_a_typo_in_a_subcommand_flag_in_a_real_process(tmp_path):
    proc = subprocess.run([*assessor_command(), "history", "--jsn"], capture_output=True, text=True,
                          cwd=tmp_path, env=dict(os.environ, ASSESSOR_HOME=str(tmp_path / "h")))
    assert proc.returncode == 2
    assert "usage: assessor history" in proc.stderr and "did you mean --json?" in proc.stderr


def test_no_role_in_the_answers_says_which_role_was_assumed(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("ratings: {python: 3, sql: 3, pandas_numpy: 3}\n")
    got = cli("assess", "--answers", str(answers), "--no-save", "--format", "json", "--out", "-")
    assert got.code == 0, got.stderr
    role = __import__("json").loads(got.stdout)["role"]
    assert f"({role})" in got.stderr and "--role ID" in got.stderr
    # With a role given, nothing is assumed and nothing is said about it.
    got = cli("assess", "--answers", str(answers), "--role", "ai_engineer", "--no-save", "--format", "json",
              "--out", "-")
    assert "No target role given" not in got.stderr


def test_save_answers_in_quick_mode_lists_the_evidence_to_tick(rubric):
    import yaml

    from assessor.schema.answers import Answers
    from assessor.schema.answers_yaml import dump_answers_yaml

    text = dump_answers_yaml(Answers(role="ai_engineer", ratings={"python": 2, "sql": None}), rubric)
    for e in rubric.skill("python").evidence:
        assert f"# {e.id} (level {e.level}):" in text
    assert "sql_ev" not in text  # skipped skills list nothing
    assert "--mode full" in text
    assert yaml.safe_load(text)["evidence"] == {}  # still a valid, replayable file


@pytest.mark.parametrize("columns", [60, 80, 100, 140])
def test_certs_listing_fits_the_terminal_with_a_header(tmp_path, rubric, columns):
    env = dict(os.environ, COLUMNS=str(columns), ASSESSOR_HOME=str(tmp_path / "h"))
    proc = subprocess.run([*assessor_command(), "certs"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    width = max(60, min(columns, 120))
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert lines[0].split() [:1] == ["Certification"] and "Status" in lines[0]
    flat = " ".join(" ".join(line.split()) for line in lines)
    for cert in rubric.certifications:  # wrapped, never cut
        assert all(word in flat for word in cert.label.split()), cert.label
    assert "…" not in proc.stdout


@pytest.mark.parametrize("command", ["skills", "roles", "certs", "history"])
def test_piped_listings_have_no_colour_codes(tmp_path, command):
    env = dict(os.environ, ASSESSOR_HOME=str(tmp_path / "h"), TERM="xterm-256color")
    proc = subprocess.run([*assessor_command(), command], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr
