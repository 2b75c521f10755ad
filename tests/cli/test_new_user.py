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
