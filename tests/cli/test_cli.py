"""The command-line contract: start-up cost, listings, exit codes, the no-terminal path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import run_cli


def _modules_after(*argv: str) -> set[str]:
    code = ("import sys\nfrom assessor.cli.main import main\n"
            f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["assess", "-h"]])
def test_help_and_version_import_nothing_heavy(argv):
    loaded = _modules_after(*argv)
    for heavy in ("weasyprint", "questionary", "prompt_toolkit", "pydantic", "yaml", "jinja2"):
        assert heavy not in loaded, f"{heavy} imported by assessor {' '.join(argv)}"


def test_version(cli):
    result = cli("--version")
    assert result.code == 0


@pytest.mark.parametrize("command", ["skills", "roles", "certs"])
def test_json_listings_have_ids_and_names(cli, command):
    result = cli(command, "--json")
    assert result.code == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and all(i["id"] and i["name"] for i in items)
    if command == "skills":
        assert all(i["category"] for i in items)


@pytest.mark.parametrize("command", ["skills", "roles", "certs"])
def test_readable_listings(cli, rubric, command):
    result = run_cli(command, environ={"COLUMNS": "200"})  # wide enough that no name wraps
    assert result.code == 0, result.stderr
    first = {"skills": rubric.skills[0].name, "roles": rubric.roles[0].name,
             "certs": rubric.certifications[0].name}[command]
    assert first in result.stdout


def test_certs_listing_says_which_exams_retired(cli):
    out = cli("certs").stdout
    assert "retired" in out and "instead" in out


def test_schema_covers_rubric_and_answers(cli):
    schema = json.loads(cli("rubrics", "schema").stdout)
    assert {"roles.yaml", "skills/*.yaml", "answers file (--answers)"} <= set(schema["files"])


def test_bad_arguments_exit_2(cli):
    assert cli("assess", "--format", "docx").code == 2
    assert cli("no-such-command").code == 2


def test_unknown_role_flag_is_a_user_error(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: ai_engineer\nratings: {python: 2}\n")
    result = cli("assess", "--answers", str(answers), "--role", "wizard", "--out", "-", "--format", "json")
    assert result.code == 2 and "wizard" in result.stderr


def test_no_terminal_and_no_answers_never_prompts(home):
    env = dict(os.environ, ASSESSOR_HOME=str(home))
    proc = subprocess.run([sys.executable, "-m", "assessor", "assess"], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2
    assert "--answers FILE" in proc.stderr and "assessor demo" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_json_to_stdout_carries_only_the_document(cli, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: ai_engineer\nratings: {python: 2, sql: 3}\n")
    result = cli("assess", "--answers", str(answers), "--format", "json", "--out", "-", "--no-save")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["role"] == "ai_engineer" and 0 <= doc["readiness"] <= 100


def test_out_to_a_device_writes_in_place_and_keeps_the_device(home, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    result = run_cli("demo", "--format", "md", "--out", str(fifo))
    reader.join(timeout=30)
    assert result.code == 0, result.stderr
    assert got and b"Readiness" in got[0]
    assert not fifo.is_file() and fifo.exists()  # still a pipe, not replaced by a regular file
