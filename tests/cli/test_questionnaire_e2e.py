"""End to end in a real pseudo-terminal (pexpect): the installed command, Enter-through, Ctrl-C, resume.

What pipes cannot show: the entry point, a real terminal's raw mode, Ctrl-C delivered as a key,
the exit status 130, and that ``--resume`` in a new process restores every earlier answer.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from assessor.schema.answers import load_answers
from assessor.scoring.score import asked_skills
from assessor.environment import Environment

from tests.conftest import assessor_command

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds for any one screen; the PDF at the end is the slow part
CTRL_U = "\x15"  # clear the text prompt's line


def terminal_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSESSOR_")}
    # pexpect answers no cursor-position request; without NO_CPR every prompt waits ~1 s for one
    env.update(ASSESSOR_HOME=str(home), TERM="xterm-256color", PYTHONPATH=str(ROOT),
               PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="80", LINES="24", LANG="C.UTF-8")
    return env


def spawn(home: Path, *args: str):
    command = assessor_command()
    child = pexpect.spawn(command[0], [*command[1:], "assess", *args], env=terminal_env(home),
                          cwd=str(home.parent), dimensions=(24, 80), encoding="utf-8",
                          timeout=WAIT, codec_errors="replace")
    return child


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def at(child, prompt: str) -> None:
    """Wait for ``prompt`` and then for text the running prompt draws itself: the heading and
    progress line are printed before the prompt starts, and a key sent in that gap can arrive
    before the terminal is in raw mode and be flushed (a Ctrl-C lost that way hung a CI run)."""
    child.expect(prompt)
    child.expect("leave empty for none" if prompt == "Your name" else "← back")


def enter_through_skills(child, first: int, total: int) -> None:
    for n in range(first, total + 1):
        at(child, f"skill {n} of {total}")
        child.send("\r")


def last_answers(home: Path):
    """The answers of the latest saved run, as a model (None before any run)."""
    from assessor.history.store import open_store

    env = Environment(environ={"ASSESSOR_HOME": str(home)}, today=dt.date.today())
    with open_store(env, read_only=True) as store:
        return store.last_answers("me")


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_pressing_enter_through_a_quick_assessment_writes_a_pdf_and_saves_the_run(home, rubric):
    child = spawn(home, "--save-answers", "mine.yaml")
    child.expect("Your answers stay on this machine")
    for screen in ("Your name", "Which career stage", "Where do you work", "Which cloud", "hours a week", "By when"):
        at(child, screen)
        child.send("\r")
    total = len(asked_skills(rubric, None))
    enter_through_skills(child, 1, total)
    child.expect(r"Your learning plan: (\S+\.pdf)")
    pdf = Path(child.match.group(1))
    assert finish(child) == 0
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.parent == home / "reports"
    answers = last_answers(home)
    assert answers is not None and answers.role is None and answers.mode == "quick"
    assert set(answers.ratings) == set(asked_skills(rubric, None))
    saved = home.parent / "mine.yaml"
    assert load_answers(saved, rubric) == answers, "--save-answers replays the same answers"


def test_ctrl_c_exits_130_and_resume_keeps_the_earlier_answers(home, rubric):
    role = rubric.roles[0].id
    skills = asked_skills(rubric, role)
    child = spawn(home, "--role", role)
    at(child, "Your name")
    child.send(CTRL_U + "Ada Lovelace\r")
    at(child, "Where do you work")
    child.send("\x1b[B\x1b[B\r")  # two down: the third region
    at(child, "Which cloud")
    child.send("\r")
    at(child, "hours a week")
    child.send("\r")
    at(child, "By when")
    child.send("\r")
    at(child, f"skill 1 of {len(skills)}")
    child.send("3\r")
    at(child, f"skill 2 of {len(skills)}")
    child.send("1\r")
    at(child, f"skill 3 of {len(skills)}")
    child.sendcontrol("c")
    child.expect("assessor assess --resume")
    assert finish(child) == 130
    assert last_answers(home) is None, "nothing is saved as a run before the end"

    child = spawn(home, "--resume")
    child.expect("Resuming your unfinished assessment: 7 answers restored")
    enter_through_skills(child, 3, len(skills))
    child.expect(r"Your learning plan: (\S+\.pdf)")
    assert finish(child) == 0
    answers = last_answers(home)
    assert answers.name == "Ada Lovelace" and answers.role == role
    assert answers.region == rubric.meta.regions[2].id
    assert answers.ratings[skills[0]] == 3 and answers.ratings[skills[1]] == 1
    assert answers.ratings[skills[2]] is None


def test_bare_assess_offers_to_continue_an_unfinished_assessment(home, rubric):
    child = spawn(home, "--role", rubric.roles[0].id)
    at(child, "Your name")
    child.send("\r")
    at(child, "Where do you work")
    child.sendcontrol("c")
    child.expect(r"Your 1 answer is saved")
    assert finish(child) == 130

    child = spawn(home)
    child.expect("unfinished assessment")
    child.sendcontrol("c")
    assert finish(child) == 130
    child = spawn(home)
    child.expect("unfinished assessment")
    child.send("\r")  # continue
    child.expect("Resuming")
    at(child, "Where do you work")
    child.sendcontrol("c")
    assert finish(child) == 130


def test_no_terminal_exits_2_and_points_to_answers_file_and_demo(home):
    proc = subprocess.run([*assessor_command(), "assess"], env=terminal_env(home), cwd=str(home.parent),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=WAIT)
    assert proc.returncode == 2
    assert "--answers FILE" in proc.stderr and "assessor demo" in proc.stderr
    assert "Traceback" not in proc.stderr and not re.search(r"prompt_toolkit", proc.stderr)


def test_a_killed_process_loses_at_most_the_question_on_screen(home, rubric):
    role = rubric.roles[1].id
    skills = asked_skills(rubric, role)
    child = spawn(home, "--role", role)
    for screen in ("Your name", "Where do you work", "Which cloud", "hours a week", "By when"):
        at(child, screen)
        child.send("\r")
    at(child, f"skill 1 of {len(skills)}")
    child.send("2\r")
    child.expect(f"skill 2 of {len(skills)}")  # on screen now: skill 2, unanswered
    child.kill(signal.SIGKILL)
    child.close()

    child = spawn(home, "--resume")
    child.expect("6 answers restored")
    enter_through_skills(child, 2, len(skills))
    child.expect("Your learning plan")
    assert finish(child) == 0
    assert last_answers(home).ratings[skills[0]] == 2
