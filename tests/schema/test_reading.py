"""Issue 17 items 5, 6 and 10, and duplicate keys: reading a data file is bounded and never trusts it.

Devices, pipes, oversized files, alias bombs, deep nesting, duplicated keys and unreadable rubric
files are exit 2 naming the file (and line), fast, with no traceback. The hangs and the crash
(a FIFO, ``/dev/zero``, a 10-level alias bomb, libyaml's composer on 200,000 levels) run in a real
process with a timeout, so a regression fails instead of stopping the suite.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessor.paths import bundled
from assessor.schema.reading import MAX_FILE_BYTES

from tests.conftest import run_cli


def alias_bomb(levels: int, width: int = 9) -> str:
    """``notes: &a8 [&a7 [... *a0, *a0], *a7, *a7]``: a few hundred bytes, ``width ** levels`` values."""
    def node(n: int) -> str:
        if n == 0:
            return "&a0 [" + ",".join(["x"] * width) + "]"
        return f"&a{n} [{node(n - 1)}," + ",".join([f"*a{n - 1}"] * (width - 1)) + "]"
    return f"role: ai_engineer\nratings: {{python: 1}}\nnotes: {node(levels - 1)}\n"


def _fifo(tmp_path: Path) -> str:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "answers.yaml"
    os.mkfifo(path)
    return str(path)


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


HOSTILE = {  # name -> (how to make the answers file, text the message must hold)
    "dev_zero": (lambda tmp: "/dev/zero", "a character device"),
    "fifo": (_fifo, "a named pipe (FIFO)"),
    "alias_bomb_10_levels": (lambda tmp: _file(tmp, "bomb.yaml", alias_bomb(10)), "alias bomb"),
    "nested_200000_levels": (lambda tmp: _file(tmp, "deep.yaml", "notes: " + "[" * 200_000 + "]" * 200_000),
                             "nested more than 100 levels"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_answers_files_exit_2_at_once_in_a_real_process(tmp_path, home, kind):
    make, message = HOSTILE[kind]
    if kind == "dev_zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    answers = make(tmp_path)
    env = dict(os.environ, ASSESSOR_HOME=str(home), PYTHONPATH=str(Path.cwd()))
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "assessor", "assess", "--answers", answers, "--no-save",
                        "--format", "json", "--out", "-"], env=env, capture_output=True, timeout=90)
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err[-600:])
    assert "Traceback" not in err and answers in err and message in err, err[-600:]
    assert time.monotonic() - started < 60


def test_a_351_byte_alias_bomb_is_refused_in_well_under_a_second(tmp_path, rubric):
    from assessor.errors import InvalidFilesError
    from assessor.schema.answers import load_answers

    for levels in (8, 10):
        path = Path(_file(tmp_path, f"bomb{levels}.yaml", alias_bomb(levels)))
        assert path.stat().st_size < 500
        started = time.perf_counter()
        with pytest.raises(InvalidFilesError) as err:
            load_answers(path, rubric)
        assert time.perf_counter() - started < 1.0
        assert "line 3" in err.value.message and "alias" in err.value.message


def test_a_recursive_alias_is_an_error(cli, tmp_path):
    path = _file(tmp_path, "loop.yaml", "role: ai_engineer\nnotes: &a [1, *a]\n")
    got = cli("assess", "--answers", path, "--no-save", "--format", "json", "--out", "-")
    assert got.code == 2 and "loop" in got.stderr and "line 2" in got.stderr, got.stderr


def test_a_few_aliases_are_still_fine(cli, tmp_path):
    path = _file(tmp_path, "anchors.yaml", "role: ai_engineer\nratings: &r {python: 2, sql: 1}\n"
                 "notes: plain\nevidence: {python: &e []}\n")
    got = cli("assess", "--answers", path, "--no-save", "--format", "json", "--out", "-")
    assert got.code == 0, got.stderr


def test_an_answers_file_over_the_limit_is_refused_before_it_is_parsed(cli, tmp_path, monkeypatch):
    import assessor.schema.validation as validation

    path = tmp_path / "big.yaml"
    path.write_bytes(b"role: ai_engineer\nnotes: '" + b"x" * (MAX_FILE_BYTES - 10) + b"'\n")
    real = validation.load_yaml

    def load_yaml(text):
        assert len(text) < MAX_FILE_BYTES, "parsed a file over the limit"
        return real(text)
    monkeypatch.setattr(validation, "load_yaml", load_yaml)
    got = cli("assess", "--answers", str(path), "--no-save", "--format", "json", "--out", "-")
    assert got.code == 2, got.stderr
    assert "big.yaml" in got.stderr and "at most 4 MB (4,194,304 bytes)" in got.stderr


def test_a_5000_digit_number_names_its_line(cli, tmp_path):
    path = _file(tmp_path, "n.yaml", "role: ai_engineer\nhours_per_week: " + "9" * 5000 + "\n")
    got = cli("assess", "--answers", path, "--no-save", "--format", "json", "--out", "-")
    assert got.code == 2 and "n.yaml: line 2" in got.stderr and "5,000 characters" in got.stderr
    assert "cannot be read" not in got.stderr


def test_found_values_are_cut_before_they_are_formatted():
    from assessor.errors import short

    shared = ["x"] * 9
    for _ in range(6):  # 9 ** 7 = 4.8 million values if repr() walked them all
        shared = [shared] * 9
    loop: list = [1]
    loop.append(loop)
    started = time.perf_counter()
    texts = [short(shared), short(loop), short({"k": "v" * 10**7}), short(10**5000), short("y" * 10**7)]
    assert time.perf_counter() - started < 0.2
    assert all(len(t) <= 80 for t in texts), texts
    assert texts[0].startswith("[[[[[[['x', 'x'") and texts[3] == "<a number of about 5,001 digits>"
    assert short([1, (2,), {"a": None}]) == repr([1, (2,), {"a": None}])


# --- duplicate keys --------------------------------------------------------------------------------

@pytest.mark.parametrize("name,text,where", [
    ("a.yaml", "role: ai_engineer\nratings:\n  python: 2\n  sql: 1\n  python: 4\n",
     "a.yaml: ratings.python"),
    ("top.yaml", "role: ai_engineer\nrole: ml_engineer\n", "top.yaml: role"),
    ("a.json", '{"role": "ai_engineer", "ratings": {"python": 2, "python": 4}}', "a.json"),
])
def test_duplicate_keys_in_an_answers_file_are_errors(cli, tmp_path, name, text, where):
    path = _file(tmp_path, name, text)
    got = cli("assess", "--answers", path, "--no-save", "--format", "json", "--out", "-")
    assert got.code == 2, got.stderr
    assert where in got.stderr and "twice" in got.stderr, got.stderr
    if name == "a.yaml":
        assert "on line 3 and on line 5" in got.stderr


@pytest.fixture
def rubric_copy(tmp_path):
    copy = tmp_path / "rubric"
    shutil.copytree(bundled("rubrics"), copy)
    return copy


def test_duplicate_keys_in_a_rubric_file_are_errors(home, rubric_copy):
    meta = rubric_copy / "rubric.yaml"
    lines = meta.read_text().splitlines()
    version = next(i for i, line in enumerate(lines) if line.startswith("version:"))
    lines.insert(version + 1, 'version: "2099.1"')
    meta.write_text("\n".join(lines) + "\n")
    got = run_cli("skills", environ={"ASSESSOR_RUBRICS": str(rubric_copy)})
    assert got.code == 2, got.stderr
    assert "rubric.yaml: version" in got.stderr
    assert f"on line {version + 1} and on line {version + 2}" in got.stderr


# --- rubric files that are not regular, readable files (item 6 and item 10) ---------------------

def test_a_rubric_file_symlinked_to_dev_zero_is_refused(home, rubric_copy):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    (rubric_copy / "career.yaml").unlink()
    (rubric_copy / "career.yaml").symlink_to("/dev/zero")
    got = run_cli("skills", environ={"ASSESSOR_RUBRICS": str(rubric_copy)})
    assert got.code == 2 and "career.yaml" in got.stderr and "a character device" in got.stderr


def test_a_directory_in_place_of_a_rubric_file_is_refused(home, rubric_copy):
    (rubric_copy / "roles.yaml").unlink()
    (rubric_copy / "roles.yaml").mkdir()
    got = run_cli("roles", environ={"ASSESSOR_RUBRICS": str(rubric_copy)})
    assert got.code == 2 and "roles.yaml" in got.stderr and "a directory" in got.stderr


def test_a_rubric_file_that_cannot_be_parsed_is_one_problem_not_two(home, rubric_copy):
    (rubric_copy / "certifications.yaml").write_text("certifications:\n  - id: [unclosed\n")
    got = run_cli("certs", environ={"ASSESSOR_RUBRICS": str(rubric_copy)})
    assert got.code == 2 and "invalid YAML" in got.stderr
    assert "1 problem " in got.stderr and "an empty file" not in got.stderr, got.stderr


def test_an_unreadable_rubric_file_names_it(home, rubric_copy, monkeypatch):
    """Mode 000 does not stop root, so the OS's refusal is injected: every way of opening
    the file (pathlib, open(), os.open) gets the PermissionError a normal user would."""
    target = str(rubric_copy / "career.yaml")
    real_io_open, real_os_open = io.open, os.open

    def io_open(path, *args, **kwargs):
        if not isinstance(path, int) and os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_io_open(path, *args, **kwargs)

    def os_open(path, *args, **kwargs):
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(os, "open", os_open)
    got = run_cli("skills", environ={"ASSESSOR_RUBRICS": str(rubric_copy)})
    assert got.code == 2, got.stderr
    assert "career.yaml" in got.stderr and "Permission denied" in got.stderr
    assert "internal error" not in got.stderr


def test_both_composers_read_the_same_values():
    """Texts that might nest deeply take PyYAML's composer (depth-limited) over libyaml's parser;
    every bundled rubric file reads the same either way, dates still as text."""
    import yaml

    from assessor.schema import reading

    for path in sorted(bundled("rubrics").rglob("*.yaml")):
        text = path.read_text()
        values = []
        for loader in (reading._FastLoader, reading._DeepLoader):
            parser = loader(text)
            try:
                values.append(parser.get_single_data())
            finally:
                parser.dispose()
        assert values[0] == values[1] == yaml.load(text, Loader=reading._FastLoader), path.name
    wide = "ratings: {" + ", ".join(f"s{i}: [1]" for i in range(1200)) + "}\nwhen: 2026-01-01\n"
    assert reading.nesting_bound(wide) > reading._SHALLOW
    assert reading.load_yaml(wide) == {"ratings": {f"s{i}": [1] for i in range(1200)}, "when": "2026-01-01"}
