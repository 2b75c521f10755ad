"""Damaged rows in the history database (issue 17, item 12): every command that reads runs skips
them with a warning naming them, so the backup path works exactly when it is needed; a damaged
run asked for by id is an exit 2 naming it, never a traceback."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.cli.main import main
from assessor.history.store import DB_NAME, open_store

from tests.history_helpers import ROOT, bundled_rubric, make_env, role_skills, scored, subprocess_env

DAMAGE = {  # the three kinds of damage of the issue, applied to runs 2 and 4 (the latest)
    "answers not JSON": "UPDATE runs SET answers = '{\"name\": \"Ana\"' WHERE id IN (2, 4)",
    "assessed_on not a date": "UPDATE runs SET assessed_on = 'garbage' WHERE id IN (2, 4)",
    "result empty": "UPDATE runs SET result = '{}' WHERE id IN (2, 4)",
}


def run(home: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = make_env(home, cwd=home.parent, stdin=stdin)
    code = main(list(args), env=env)
    return code, env.stdout.getvalue(), env.stderr.getvalue()


@pytest.fixture
def damaged_home(tmp_path, request):
    """Runs 1-4 of profile me (Jan, Mar, Jun, Aug 2026), runs 2 and 4 damaged as the test says."""
    loaded = bundled_rubric()
    skills = role_skills(loaded)
    home = tmp_path / "home"
    with open_store(make_env(home)) as store:
        for level, on in ((1, "2026-01-05"), (2, "2026-03-05"), (3, "2026-06-05"), (4, "2026-08-05")):
            store.save_run("me", *scored(loaded, {skills[0]: level, skills[1]: 1}, on))
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)
    conn.execute(DAMAGE[request.param])
    conn.close()
    return home


@pytest.mark.parametrize("damaged_home", sorted(DAMAGE), indirect=True)
def test_commands_skip_damaged_runs_and_name_them(damaged_home, tmp_path):
    home = damaged_home
    code, out, err = run(home, "history", "--json")
    assert code == 0 and {r["id"] for r in json.loads(out)} >= {1, 3}, err
    code, out, err = run(home, "progress", "--json")
    assert code == 0, err
    assert (json.loads(out)["before"]["run"], json.loads(out)["after"]["run"]) == (1, 3)
    assert "Warning: skipped 2 damaged runs of profile 'me'" in err and "runs 2, 4 (" in err
    report = tmp_path / "plan.md"
    code, _, err = run(home, "report", "--format", "md", "--out", str(report))
    assert code == 0 and "runs 2, 4 (" in err and "Run 3" not in err, err
    assert "05 June 2026" in report.read_text()  # the latest readable run: 3


@pytest.mark.parametrize("damaged_home", sorted(DAMAGE), indirect=True)
def test_export_saves_every_readable_run_and_the_backup_imports(damaged_home, tmp_path):
    backup = tmp_path / "backup.json"
    code, _, err = run(damaged_home, "export", str(backup))
    assert code == 0, err
    assert "Exported 2 runs of profile 'me'" in err
    assert "skipped 2 damaged runs" in err and "runs 2, 4 (" in err
    assert str(damaged_home / DB_NAME) in err
    fresh = tmp_path / "fresh"
    code, _, err = run(fresh, "import", str(backup))
    assert code == 0 and "Imported 2 runs" in err, err
    with open_store(make_env(fresh), read_only=True) as store:
        assert [r.assessed_on.isoformat() for r in store.list_runs("me")] == ["2026-06-05", "2026-01-05"]


@pytest.mark.parametrize("damaged_home", sorted(DAMAGE), indirect=True)
def test_a_damaged_run_asked_for_by_id_exits_2_naming_it(damaged_home, tmp_path):
    out = str(tmp_path / "plan.md")
    for args in (("report", "--run", "4", "--format", "md", "--out", out), ("progress", "1", "4"),
                 ("match", "--run", "4", str(ROOT / "tests" / "data" / "postings" / next(
                     p.name for p in (ROOT / "tests" / "data" / "postings").glob("*.md"))))):
        code, _, err = run(damaged_home, *args)
        assert code == 2, (args, err)
        assert "Run 4 of profile 'me'" in err and "cannot be read" in err, (args, err)
    code, _, err = run(damaged_home, "history", "--delete", "4", "--yes")  # still deletable
    assert code == 0 and "Deleted run 4 of profile 'me' (" in err, err
    with open_store(make_env(damaged_home), read_only=True) as store:
        assert store.summary("me", 4) is None


def test_a_thousand_alike_damaged_runs_make_one_short_warning():
    from assessor.history.rows import DamagedRun, damage_warning

    damaged = [DamagedRun("me", k, "result: does not match the run it belongs to") for k in range(1, 1001)]
    damaged += [DamagedRun("me", k, f"answers: odd {k}") for k in range(2000, 2010, 2)] + [
        DamagedRun("me", 3000, "answers: not valid JSON")]
    text = damage_warning(Path("/h.sqlite3"), damaged)
    assert text.startswith("Warning: skipped 1006 damaged runs of profile 'me' in /h.sqlite3: "
                           "runs 1-1000 (result: does not match the run it belongs to); run 2000 (")
    assert "; 2 more damaged in other ways." in text and len(text) < 600


def test_export_of_a_damaged_history_through_the_real_entry_point(tmp_path):
    home = tmp_path / "home"
    loaded = bundled_rubric()
    with open_store(make_env(home)) as store:
        for on in ("2026-01-05", "2026-02-05"):
            store.save_run("me", *scored(loaded, {role_skills(loaded)[0]: 2}, on))
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)
    conn.execute("UPDATE runs SET answers = 'not json' WHERE id = 1")
    conn.close()
    proc = subprocess.run([sys.executable, "-m", "assessor", "export", "-"], cwd=ROOT, text=True,
                          env=subprocess_env(home), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [r["result"]["assessed_on"] for r in json.loads(proc.stdout)["runs"]] == ["2026-02-05"]
    assert "run 1 (answers: not valid JSON)" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("damaged_home", ["result empty"], indirect=True)
def test_the_warning_comes_with_an_error_it_explains(damaged_home):
    """Runs 2 and 4 damaged and run 1 deleted: `progress` finds one readable run, and says why."""
    with open_store(make_env(damaged_home)) as store:
        store.delete_run("me", 1)
    code, _, err = run(damaged_home, "progress")
    assert code == 2 and "has only one saved run" in err
    assert "skipped 2 damaged runs" in err and "runs 2, 4 (" in err
