"""Helpers shared by the history tests: real scored runs, fake streams, subprocess runners.

Runs are scored for real (``assessor.scoring.score.score``) against the bundled rubric, so the
stored JSON is exactly what the tool stores.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assessor import __version__
from assessor.schema.answers import Answers
from assessor.scoring.score import score
from assessor.environment import Environment
from assessor.paths import bundled
from assessor.schema.loader import LoadedRubric, load_rubric

ROOT = Path(__file__).resolve().parent.parent
ROLE = "ml_engineer"


@functools.lru_cache(maxsize=1)
def bundled_rubric() -> LoadedRubric:
    return load_rubric(bundled("rubrics"))


def role_skills(loaded: LoadedRubric, role: str = ROLE) -> list[str]:
    return [r.skill for r in loaded.rubric.role(role).requirements]


def scored(loaded: LoadedRubric, ratings: dict, on: str | dt.date = "2026-01-10", *,
           role: str | None = ROLE, name: str | None = "Ana", mode: str = "quick", **extra):
    """(answers, result) of one run, scored exactly as ``assessor assess`` scores it."""
    answers = Answers(name=name, role=role, mode=mode, ratings=ratings,
                      assessed_on=dt.date.fromisoformat(str(on)), **extra)
    return answers, score(loaded, answers, today=answers.assessed_on, tool_version=__version__)


def uniform(loaded: LoadedRubric, level: int, on: str = "2026-01-10", role: str = ROLE, **kw):
    return scored(loaded, {s: level for s in role_skills(loaded, role)}, on, role=role, **kw)


class Stream(io.StringIO):
    def __init__(self, text: str = "", tty: bool = False):
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def make_env(home: Path, *, cwd: Path | None = None, stdin: str = "", tty: bool = False) -> Environment:
    return Environment(stdin=Stream(stdin, tty), stdout=Stream(tty=tty), stderr=Stream(),
                       environ={"ASSESSOR_HOME": str(home)}, today=dt.date(2026, 11, 23),
                       cwd=cwd or home)


def subprocess_env(home: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ASSESSOR_RUBRICS"}
    env.update(ASSESSOR_HOME=str(home), PYTHONPATH=str(ROOT), **extra)
    return env


READ_ONLY_MOUNTS = r"""
set -e
py=$1; code=$2; shift 2
for d in "$@"; do mount --bind "$d" "$d"; mount -o remount,bind,ro "$d"; done
exec "$py" -c "$code"
"""


@functools.lru_cache(maxsize=1)
def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


def run_python(code: str, env: dict, cwd: Path, *, read_only: tuple[Path, ...] = (),
               timeout: float = 120) -> subprocess.CompletedProcess:
    """Run Python code in a child that cannot write to the ``read_only`` folders.

    Root ignores permission bits, so as root the folders are bind-mounted read-only in a private
    mount namespace (``unshare``): writes fail with EROFS, as on a read-only disk. Otherwise
    they are made read-only with chmod for the child's lifetime.
    """
    argv = [sys.executable, "-c", code]
    if read_only and os.geteuid() == 0:
        if not can_unshare():
            pytest.skip("running as root without user namespaces: cannot make a folder read-only")
        argv = ["unshare", "-rm", "sh", "-c", READ_ONLY_MOUNTS, "sh", sys.executable, code,
                *map(str, read_only)]
        return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
    modes = {d: d.stat().st_mode for d in read_only}
    try:
        for d in read_only:
            d.chmod(0o555)
        return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
    finally:
        for d, mode in modes.items():
            d.chmod(mode)
