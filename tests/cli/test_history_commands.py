"""`history`, `progress`, `export` and `import` through the real CLI on real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from assessor.cli.main import main
from assessor.history.export import HistoryExport
from assessor.history.store import DB_NAME, open_store

from tests.history_helpers import ROOT, bundled_rubric, make_env, role_skills, scored, subprocess_env, uniform


@pytest.fixture(scope="session")
def loaded():
    return bundled_rubric()


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run(home: Path, *args: str, stdin: str = "", tty: bool = False, cwd: Path | None = None) -> Outcome:
    env = make_env(home, cwd=cwd, stdin=stdin, tty=tty)
    try:
        code = main(list(args), env=env)
    except SystemExit as exc:
        code = exc.code
    return Outcome(code, env.stdout.getvalue(), env.stderr.getvalue())


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def three_runs(home, loaded):
    """Runs 1-3 of profile me (Jan, Mar, Jun 2026) and one run of bob; a draft for me."""
    skills = role_skills(loaded)
    with open_store(make_env(home)) as store:
        ids = [store.save_run("me", *scored(loaded, ratings, on)) for ratings, on in (
            ({skills[0]: 1, skills[1]: 1, skills[2]: 2}, "2026-01-05"),
            ({skills[0]: 2, skills[1]: 1}, "2026-03-05"),
            ({skills[0]: 4, skills[1]: 3}, "2026-06-05"))]
        store.save_run("bob", *scored(loaded, {skills[0]: 4}, "2026-02-01", name="Bob"))
        store.save_draft("me", {"step": 7, "ratings": {skills[3]: 2}})
    return ids


# --- history ---------------------------------------------------------------------------------

def test_history_table_newest_first(home, three_runs, loaded):
    got = run(home, "history")
    assert got.code == 0
    lines = got.out.splitlines()
    assert lines[0].split() == ["Run", "Date", "Name", "Role", "Mode", "Readiness"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2", "1"]
    assert [line.split()[1] for line in lines[1:]] == ["2026-06-05", "2026-03-05", "2026-01-05"]
    role = loaded.rubric.role("ml_engineer").name
    assert all(role in line and "Ana" in line and "quick" in line for line in lines[1:])
    assert lines[1].rstrip().endswith("%")


def test_history_json(home, three_runs):
    got = run(home, "history", "--json")
    data = json.loads(got.out)
    assert [r["id"] for r in data] == [3, 2, 1]
    assert set(data[0]) >= {"id", "assessed_on", "created_at", "name", "role", "mode", "readiness"}
    bob = json.loads(run(home, "history", "--json", "--profile", "bob").out)
    assert [r["name"] for r in bob] == ["Bob"]


def test_history_without_runs(home, three_runs):
    got = run(home, "--profile", "nobody", "history")
    assert got.code == 0 and got.out == ""
    assert "No saved runs for profile 'nobody'" in got.err and "bob, me" in got.err
    assert json.loads(run(home, "history", "--json", "--profile", "nobody").out) == []


def test_history_with_no_database_creates_nothing(home):
    assert run(home, "history").code == 0
    assert not home.exists()


def remaining(home: Path) -> list[int]:
    return [r["id"] for r in json.loads(run(home, "history", "--json").out)]


def test_delete_with_yes(home, three_runs):
    got = run(home, "history", "--delete", "2", "--yes")
    assert got.code == 0 and "Deleted run 2" in got.err
    assert remaining(home) == [3, 1]


@pytest.mark.parametrize("reply, kept", [("y\n", False), ("yes\n", False), ("n\n", True),
                                         ("\n", True), ("", True)])
def test_delete_asks_on_a_terminal(home, three_runs, reply, kept):
    got = run(home, "history", "--delete", "2", stdin=reply, tty=True)
    assert got.code == 0
    assert "Delete run 2 of profile 'me'" in got.err and "[y/N]" in got.err
    assert remaining(home) == ([3, 2, 1] if kept else [3, 1])
    assert ("Nothing deleted" in got.err) == kept


def test_delete_without_a_terminal_needs_yes(home, three_runs):
    got = run(home, "history", "--delete", "2", stdin="y\n")
    assert got.code == 2 and "--yes" in got.err
    assert remaining(home) == [3, 2, 1]


@pytest.mark.parametrize("run_id", ["99", "abc", "4"])  # 4 is bob's run
def test_delete_an_unknown_run(home, three_runs, run_id):
    got = run(home, "history", "--delete", run_id, "--yes")
    assert got.code == 2 and "assessor history" in got.err
    assert remaining(home) == [3, 2, 1]


# --- progress --------------------------------------------------------------------------------

def test_progress_defaults_to_the_last_two_runs(home, three_runs, loaded):
    data = json.loads(run(home, "progress", "--json").out)
    skills = role_skills(loaded)
    assert (data["before"]["run"], data["after"]["run"]) == (2, 3)
    assert set(data["readiness"]) >= {"before", "after", "change"}
    assert data["readiness"]["change"] == round(data["readiness"]["after"] - data["readiness"]["before"], 1)
    changed = {s["skill"]: (s["before"], s["after"]) for s in data["skills"]}
    assert changed == {skills[0]: (2, 4), skills[1]: (1, 3)}
    for key in ("gaps_closed", "gaps_opened", "stale", "added", "removed"):
        assert isinstance(data[key], list)
    assert skills[0] in {g["skill"] for g in data["gaps_closed"]}
    # skills[2] was last rated in January, 151 days before run 3.
    assert [(s["skill"], s["last_rated"], s["days"]) for s in data["stale"]] == [
        (skills[2], "2026-01-05", 151)]


def test_progress_of_two_given_runs(home, three_runs, loaded):
    data = json.loads(run(home, "progress", "1", "3", "--json").out)
    assert (data["before"]["run"], data["after"]["run"], data["days"]) == (1, 3, 151)
    one = json.loads(run(home, "progress", "1", "--json").out)  # one run: against the latest
    assert (one["before"]["run"], one["after"]["run"]) == (1, 3)


def test_progress_text(home, three_runs, loaded):
    got = run(home, "progress")
    assert got.code == 0
    name = loaded.rubric.skill(role_skills(loaded)[0]).name
    assert "run 2 (2026-03-05) -> run 3 (2026-06-05)" in got.out
    assert f"Readiness for {loaded.rubric.role('ml_engineer').name}: " in got.out
    assert f"{name}" in got.out and "2 -> 4  (+2)" in got.out
    assert "Gaps closed" in got.out and "Not re-rated for 90+ days" in got.out


@pytest.mark.parametrize("args, message", [
    (("progress", "9"), "No run '9'"),
    (("progress", "1", "x"), "No run 'x'"),
    (("progress", "3"), "is the latest run"),
    (("progress", "2", "2"), "both run 2"),
    (("progress", "4", "1"), "No run '4'"),  # bob's run is not in profile me
    (("--profile", "bob", "progress"), "only one saved run"),
    (("--profile", "zed", "progress"), "no saved runs"),
])
def test_progress_usage_errors(home, three_runs, args, message):
    got = run(home, *args)
    assert got.code == 2 and message in got.err and "Traceback" not in got.err


def test_progress_after_a_rubric_change(home, loaded):
    skills = role_skills(loaded)
    _, before = scored(loaded, {skills[0]: 1, skills[1]: 1}, "2026-01-01")
    answers, after = scored(loaded, {skills[0]: 1, skills[1]: 3}, "2026-02-01")
    dropped = [s for s in after.skills if s.skill != skills[0]]
    added = dropped[0].model_copy(update={"skill": "agentic_ai", "name": "Agentic AI"})
    after = after.model_copy(update={
        "skills": dropped + [added], "rubric_version": "2027.01", "rubric_digest": "f" * 64,
        "gaps": [g for g in after.gaps if g.skill != skills[0]]})
    with open_store(make_env(home)) as store:
        store.save_run("me", *scored(loaded, {skills[0]: 1, skills[1]: 1}, "2026-01-01"))
        store.save_run("me", answers, after)
    data = json.loads(run(home, "progress", "--json").out)
    assert data["rubric_changed"] and data["added"] == ["agentic_ai"] and data["removed"] == [skills[0]]
    assert [s["skill"] for s in data["skills"]] == [skills[1]]
    text = run(home, "progress").out
    assert "The rubric changed (2026.11 -> 2027.01)" in text and "Added skills: agentic_ai" in text


# --- export / import -------------------------------------------------------------------------

def stored(home: Path, profile: str = "me") -> list[tuple]:
    with open_store(make_env(home), read_only=True) as store:
        return [(r.uid, r.created_at, r.answers, r.result) for r in store.export_runs(profile)]


def test_export_writes_a_valid_versioned_file(home, three_runs, tmp_path):
    target = tmp_path / "backup" / "me.json"
    target.parent.mkdir()
    got = run(home, "export", str(target))
    assert got.code == 0 and "Exported 3 runs and the draft" in got.err
    data = json.loads(target.read_text())
    assert data["format"] == "assessor-history" and data["format_version"] == 1
    assert data["profile"] == "me" and data["draft"]["step"] == 7
    assert [r["result"]["assessed_on"] for r in data["runs"]] == ["2026-01-05", "2026-03-05", "2026-06-05"]
    HistoryExport.model_validate(data)  # the format's own model accepts it
    assert [p.name for p in target.parent.iterdir()] == ["me.json"]  # no temp files left


def test_export_replaces_a_file_atomically_and_can_write_stdout(home, three_runs, tmp_path):
    target = tmp_path / "me.json"
    target.write_text("old")
    assert run(home, "export", str(target)).code == 0
    assert json.loads(target.read_text())["runs"]
    out = run(home, "export", "-").out
    assert json.loads(out)["profile"] == "me"


def test_export_relative_path_goes_to_the_current_folder(home, three_runs, tmp_path):
    assert run(home, "export", "--profile", "bob", "bob.json", cwd=tmp_path).code == 0
    assert json.loads((tmp_path / "bob.json").read_text())["profile"] == "bob"


def test_export_of_an_empty_profile(home, three_runs, tmp_path):
    got = run(home, "--profile", "zed", "export", str(tmp_path / "x.json"))
    assert got.code == 2 and "no runs" in got.err and not (tmp_path / "x.json").exists()


def test_export_import_round_trip_never_duplicates(home, three_runs, tmp_path):
    backup = tmp_path / "me.json"
    run(home, "export", str(backup))
    other = tmp_path / "new-machine"
    got = run(other, "import", str(backup))
    assert got.code == 0 and "Imported 3 runs into profile 'me'" in got.err
    assert stored(other) == stored(home)
    with open_store(make_env(other), read_only=True) as store:
        assert store.load_draft("me") == {"step": 7, "ratings": {role_skills(bundled_rubric())[3]: 2}}
        assert store.last_ratings("me", store.list_runs("me")[0].id)  # ratings rebuilt on import
    again = run(other, "import", str(backup))
    assert again.code == 0 and "Imported 0 runs" in again.err and "3 already present" in again.err
    assert len(stored(other)) == 3
    back_home = run(home, "import", str(backup))
    assert "Imported 0 runs" in back_home.err and len(stored(home)) == 3
    progress_there = json.loads(run(other, "progress", "--json").out)
    progress_here = json.loads(run(home, "progress", "--json").out)
    assert progress_there["skills"] == progress_here["skills"]


def test_import_merges_new_runs_only(home, three_runs, tmp_path, loaded):
    backup = tmp_path / "me.json"
    run(home, "export", str(backup))
    with open_store(make_env(home)) as store:
        store.save_run("me", *uniform(loaded, 3, "2026-08-01"))
    other = tmp_path / "other"
    run(other, "import", str(backup))
    run(home, "export", str(backup))
    got = run(other, "import", str(backup))
    assert "Imported 1 run into profile 'me' (3 already present, skipped)." in got.err
    assert [u for u, *_ in stored(other)] == [u for u, *_ in stored(home)]


def test_import_into_another_profile(home, three_runs, tmp_path):
    backup = tmp_path / "me.json"
    run(home, "export", str(backup))
    got = run(home, "import", "--profile", "mentee", str(backup))
    assert got.code == 0 and "Imported 3 runs into profile 'mentee'" in got.err
    assert len(stored(home, "mentee")) == 3 and len(stored(home, "me")) == 3


def export_document(home: Path, tmp_path: Path) -> dict:
    run(home, "export", str(tmp_path / "good.json"))
    return json.loads((tmp_path / "good.json").read_text())


BAD_FILES = {
    "not json": (lambda d: "{not json", "line 1"),
    "a list": (lambda d: "[1, 2]", "format"),
    "another format": (lambda d: {**d, "format": "something-else"}, "format"),
    "newer format": (lambda d: {**d, "format_version": 2}, "newer assessor"),
    "bad run": (lambda d: {**d, "runs": d["runs"][:1] + [{**d["runs"][1], "result": {"readiness": "high"}}]},
                "runs[1].result"),
    "naive timestamp": (lambda d: {**d, "runs": [{**d["runs"][0], "created_at": "2026-01-01T10:00:00"}]},
                        "runs[0].created_at"),
    "unknown field": (lambda d: {**d, "extra": 1}, "extra"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_import_of_a_bad_file_exits_2_and_imports_nothing(home, three_runs, tmp_path, kind):
    make, expected = BAD_FILES[kind]
    content = make(export_document(home, tmp_path))
    bad = tmp_path / "bad.json"
    bad.write_text(content if isinstance(content, str) else json.dumps(content))
    target = tmp_path / "target"
    got = run(target, "import", str(bad))
    assert got.code == 2, got.err
    assert expected in got.err and str(bad) in got.err and "Traceback" not in got.err
    assert not (target / DB_NAME).exists()


def test_import_of_a_missing_file(home, tmp_path):
    got = run(home, "import", str(tmp_path / "nope.json"))
    assert got.code == 2 and "no such file" in got.err


# --- end to end --------------------------------------------------------------------------------

def test_assess_twice_then_history_and_progress(tmp_path, loaded):
    """The real command line, as a user runs it: two assessments, then the progress commands."""
    home = tmp_path / "home"
    skills = role_skills(loaded)
    for on, level in (("2026-01-10", 1), ("2026-02-10", 2)):
        answers = {"role": "ml_engineer", "assessed_on": on, "ratings": {s: level for s in skills}}
        (tmp_path / f"{on}.yaml").write_text(yaml.safe_dump(answers))
        proc = subprocess.run(
            [sys.executable, "-m", "assessor", "assess", "--answers", str(tmp_path / f"{on}.yaml"),
             "--format", "json", "--out", "-"],
            env=subprocess_env(home), cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "Saved as run" in proc.stderr
    for args in (["history"], ["progress"], ["progress", "--json"]):
        proc = subprocess.run([sys.executable, "-m", "assessor", *args], env=subprocess_env(home),
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["readiness"]["change"] > 0
    assert {s["skill"] for s in data["skills"]} == set(skills)
    assert all((s["before"], s["after"]) == (1, 2) for s in data["skills"])
    assert dt.date.fromisoformat(data["after"]["assessed_on"]) == dt.date(2026, 2, 10)
