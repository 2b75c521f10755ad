"""Shared fixtures: the real bundled rubric, a private data directory, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import Phase, settings

# CI runs every property with the same examples (derandomized) and never spends minutes shrinking a
# failure: the unshrunk example is reported. Locally hypothesis explores and shrinks as usual.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
if os.environ.get("CI"):
    settings.load_profile("ci")

from assessor.cli.main import main
from assessor.environment import Environment
from assessor.paths import bundled
from assessor.schema.loader import load_rubric

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def loaded():
    return load_rubric(bundled("rubrics"))


@pytest.fixture(scope="session")
def rubric(loaded):
    return loaded.rubric


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private ASSESSOR_HOME so no test touches the real user data directory."""
    path = tmp_path / "home"
    monkeypatch.setenv("ASSESSOR_HOME", str(path))
    monkeypatch.delenv("ASSESSOR_RUBRICS", raising=False)
    return path


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


class _Stream(io.StringIO):
    def isatty(self):
        return False


def run_cli(*args: str, environ: dict | None = None, cwd: Path | None = None) -> Outcome:
    """Run ``assessor`` in-process with a fake, non-terminal environment."""
    out, err = _Stream(), _Stream()
    env = Environment(stdin=_Stream(), stdout=out, stderr=err,
                      environ=dict(os.environ, **(environ or {})), today=TODAY,
                      cwd=cwd or Path.cwd())
    try:
        code = main(list(args), env=env)
    except SystemExit as exc:  # argparse errors and --help/--version
        code = exc.code if isinstance(exc.code, int) else 0
    return Outcome(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(home):
    return run_cli


def assessor_command() -> list[str]:
    """The installed console script when there is one, else the module (same entry point)."""
    exe = shutil.which("assessor")
    return [exe] if exe else [sys.executable, "-m", "assessor"]


def run_installed(*args: str, env: dict, cwd: Path, timeout: float = 120, stdin=subprocess.DEVNULL):
    return subprocess.run([*assessor_command(), *args], env=env, cwd=cwd, capture_output=True,
                          timeout=timeout, stdin=stdin)


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite the reference files in tests/data/snapshots from the current output")


@pytest.fixture
def spy_fetches(monkeypatch):
    """Every URL the PDF engine asks our fetcher for, recorded (the fetcher still decides)."""
    import assessor.report.pdf as pdf

    fetched: list[str] = []
    original = pdf.make_fetcher

    def spying(root, cache=None):
        weasyprint, fetcher = original(root, cache)
        inner = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return inner(url, headers)
        fetcher.fetch = fetch
        return weasyprint, fetcher

    monkeypatch.setattr(pdf, "make_fetcher", spying)
    return fetched


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory):
    """The suite (and every tool process it starts) caches parsed rubric files in a folder of its
    own, never in the user's cache, and starts cold so the parse path is exercised too."""
    previous = os.environ.get("ASSESSOR_CACHE")
    os.environ["ASSESSOR_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("ASSESSOR_CACHE", None)
    else:
        os.environ["ASSESSOR_CACHE"] = previous


@pytest.fixture(autouse=True, scope="session")
def _no_stray_files_in_the_checkout():
    """A test that lets the tool write into the working tree (a rescue file, a report) fails the run."""
    root = Path(__file__).resolve().parents[1]
    before = set(os.listdir(root))
    yield
    stray = sorted(set(os.listdir(root)) - before - {".pytest_cache", ".hypothesis", "__pycache__"})
    assert not stray, f"tests left files in the checkout: {stray}"
