"""A non-editable install must carry the rubric and templates inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-2000:]}")
    return next(out.glob("assessor-*.whl"))


def test_wheel_ships_rubrics_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "assessor/rubrics/rubric.yaml" in names
    assert "assessor/rubrics/roles.yaml" in names
    assert any(n.startswith("assessor/rubrics/skills/") for n in names)
    assert "assessor/report_templates/report.html.j2" in names
    assert "assessor/samples/career_changer.yaml" in names


def test_installed_copy_finds_its_data_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), ASSESSOR_HOME=str(tmp_path / "home"))
    env.pop("ASSESSOR_RUBRICS", None)
    where = subprocess.run([sys.executable, "-c", "import assessor.paths as p; print(p.bundled('rubrics'))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(target)), where
    check = subprocess.run([sys.executable, "-m", "assessor", "rubrics", "check"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    demo = subprocess.run([sys.executable, "-m", "assessor", "demo", "--format", "md", "--out", "-"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert "Readiness" in demo.stdout
