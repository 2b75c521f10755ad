"""The history store on real SQLite files: contract, migrations, and every fault of issue 7."""

from __future__ import annotations

import datetime as dt
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from assessor.schema.answers import load_answers
from assessor.scoring.score import score
from assessor.errors import StoreError
from assessor.history.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate, to_v1
from assessor.history.rows import content_uid, models_of, stored_row
from assessor.history.store import DB_NAME, open_store, timestamp
from assessor.pipeline import save_run

from tests.history_helpers import (
    ROOT,
    bundled_rubric,
    make_env,
    role_skills,
    run_python,
    scored,
    subprocess_env,
    uniform,
)


@pytest.fixture(scope="session")
def loaded():
    """The bundled rubric: stored runs are real results of it."""
    return bundled_rubric()


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path / "home", cwd=tmp_path)


def db_file(env) -> Path:
    return env.data_dir() / DB_NAME


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# --- the contract ----------------------------------------------------------------------------

def test_saved_run_reads_back_exactly(env, loaded):
    answers, result = uniform(loaded, 2)
    with open_store(env) as store:
        run_id = store.save_run("me", answers, result)
        run = store.get_run("me", run_id)
    assert models_of(run, store.path) == (answers, result)
    assert run.answers == answers.model_dump(mode="json") and run.result == result.model_dump(mode="json")
    assert run.profile == "me" and run.rubric_digest == loaded.digest
    assert run.tool_version == result.tool_version
    assert run.created_at.tzinfo is not None and run.created_at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.timezone.utc) - run.created_at) < dt.timedelta(minutes=5)


def test_time_stamps_come_from_the_environments_clock(env, loaded, monkeypatch):
    """The environment is the program's one clock: a saved run and a draft are stamped by it."""
    pinned = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(env, "now", lambda: pinned)
    answers, result = uniform(loaded, 2)
    with open_store(env) as store:
        run_id = store.save_run("me", answers, result)
        assert store.get_run("me", run_id).created_at == pinned


def test_runs_are_listed_newest_first_by_assessment_date(env, loaded):
    dates = ["2026-03-01", "2026-01-01", "2026-02-01"]  # saved out of order
    with open_store(env) as store:
        ids = {on: store.save_run("me", *uniform(loaded, k + 1, on)) for k, on in enumerate(dates)}
        listed = store.list_runs("me")
        latest = store.latest_run("me")
        last_answers = store.last_answers("me")
    assert [r.assessed_on.isoformat() for r in listed] == ["2026-03-01", "2026-02-01", "2026-01-01"]
    assert latest.id == ids["2026-03-01"] == listed[0].id
    assert last_answers == models_of(latest, store.path)[0]
    first = listed[0]
    assert (first.name, first.role, first.mode) == ("Ana", "ml_engineer", "quick")
    assert first.role_name == loaded.rubric.role("ml_engineer").name
    assert first.readiness == latest.result["readiness"] and first.answers is first.result is None
    assert first.rubric_version == loaded.rubric.meta.version


def test_runs_up_to_is_oldest_first_and_ends_with_the_run(env, loaded):
    with open_store(env) as store:
        ids = [store.save_run("me", *uniform(loaded, lv, f"2026-0{lv}-01")) for lv in (1, 2, 3, 4)]
        store.save_run("bob", *uniform(loaded, 1, "2026-02-15"))
        upto = store.runs_up_to("me", ids[2])
        assert store.runs_up_to("me", 999) == []
    assert [r.id for r in upto] == ids[:3]
    assert all(r.profile == "me" for r in upto)


def test_profiles_are_kept_apart(env, loaded):
    with open_store(env) as store:
        bob = store.save_run("bob", *uniform(loaded, 1))
        store.save_run("me", *uniform(loaded, 2))
        assert [r.id for r in store.list_runs("bob")] == [bob]
        assert store.get_run("me", bob) is None
        assert store.profiles() == ["bob", "me"]
        assert store.delete_run("me", bob) is False


def test_delete_run_and_ids_are_never_reused(env, loaded):
    with open_store(env) as store:
        first = store.save_run("me", *uniform(loaded, 1))
        second = store.save_run("me", *uniform(loaded, 2))
        assert store.delete_run("me", second) is True
        assert store.delete_run("me", second) is False
        third = store.save_run("me", *uniform(loaded, 3))
        assert [r.id for r in store.list_runs("me")] == [third, first]
        assert third > second
        assert store.last_ratings("me", third)  # the deleted run's ratings went with it
        rows = store._conn.execute("SELECT COUNT(*) FROM ratings WHERE run_id = ?", (second,))
        assert rows.fetchone()[0] == 0


@pytest.mark.parametrize("given", ["abc", "", "1.5", "-1", None, "99"])
def test_bad_run_ids_match_nothing(env, loaded, given):
    with open_store(env) as store:
        store.save_run("me", *uniform(loaded, 1))
        assert store.get_run("me", given) is None
        assert store.summary("me", given) is None


def test_run_id_may_be_given_as_text(env, loaded):
    with open_store(env) as store:
        run_id = store.save_run("me", *uniform(loaded, 1))
        assert store.get_run("me", f" {run_id} ").id == run_id


def test_drafts_one_per_profile(env):
    with open_store(env) as store:
        assert store.load_draft("me") is None
        store.save_draft("me", {"step": 1, "ratings": {"python": 2}})
        store.save_draft("me", {"step": 2, "ratings": {"python": 3}, "note": "ünïcode"})
        store.save_draft("bob", {"step": 9})
        assert store.load_draft("me") == {"step": 2, "ratings": {"python": 3}, "note": "ünïcode"}
        store.clear_draft("me")
        assert store.load_draft("me") is None
        assert store.load_draft("bob") == {"step": 9}


def test_read_only_open_of_a_missing_database_creates_nothing(env):
    with open_store(env, read_only=True) as store:
        assert store.list_runs("me") == [] and store.latest_run("me") is None
        assert store.load_draft("me") is None and store.last_answers("me") is None
        assert list(store.export_runs("me")) == [] and store.profiles() == []
    assert not env.data_dir().exists()


def test_last_ratings_give_the_latest_self_rating_per_skill(env, loaded):
    skills = role_skills(loaded)
    with open_store(env) as store:
        store.save_run("me", *scored(loaded, {skills[0]: 1, skills[1]: 2}, "2026-01-01"))
        mid = store.save_run("me", *scored(loaded, {skills[0]: 3}, "2026-03-01"))
        last = store.save_run("me", *scored(loaded, {skills[2]: 4}, "2026-06-01"))
        at_mid = store.last_ratings("me", mid)
        at_last = store.last_ratings("me", last)
        picked = store.last_ratings("me", mid, [skills[0], skills[1], skills[2], "no_such_skill"])
        assert store.last_ratings("me", 999) == {}
    assert at_mid == {skills[0]: (dt.date(2026, 3, 1), 3), skills[1]: (dt.date(2026, 1, 1), 2)}
    assert at_last[skills[2]] == (dt.date(2026, 6, 1), 4)
    assert picked == {k: at_mid[k] for k in skills[:2]}  # one seek per skill, same answer


def test_a_failing_import_stores_nothing(env, loaded):
    """Every write is one transaction: an error half-way leaves the database as it was."""
    good = stored_row(dt.datetime.now(dt.timezone.utc), *uniform(loaded, 2))
    broken = good._replace(uid="f" * 32, mode=None)  # NOT NULL: refused while inserting it
    with open_store(env) as store:
        store.save_run("me", *uniform(loaded, 1))
        with pytest.raises(StoreError):
            store.import_runs("me", [good, broken])
        assert len(store.list_runs("me")) == 1


def test_import_runs_skips_runs_already_present(env, loaded):
    answers, result = uniform(loaded, 2)
    when = dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc)
    row = stored_row(when, answers, result)
    with open_store(env) as store:
        first = store.import_runs("me", [row])
        again = store.import_runs("me", [row])
        other_profile = store.import_runs("bob", [row])
    assert first[0] is not None and again == [None] and other_profile[0] is not None
    uid = content_uid(timestamp(when), answers.model_dump_json().encode(), result.model_dump_json().encode())
    with open_store(env, read_only=True) as store:
        assert store.get_run("me", first[0]).uid == uid == row.uid


def test_save_run_returns_the_history(env, loaded):
    with open_store(env) as store:
        earlier = store.save_run("me", *uniform(loaded, 1, "2026-01-01"))
    run_id, history = save_run(env, "me", *uniform(loaded, 2, "2026-02-01"))
    assert [r.id for r in history] == [earlier, run_id]
    assert not list(env.cwd.glob("assessor-answers-*"))


def test_store_calls_raise_store_error_and_the_store_stays_usable(env, loaded, monkeypatch):
    """A database held by another process too long: a clear StoreError per call, no sqlite3
    exception, and the next call works once the other process lets go."""
    monkeypatch.setattr("assessor.history.database.BUSY_TIMEOUT_S", 0.2)
    with open_store(env) as store:
        store.save_draft("me", {"step": 1})
        other = sqlite3.connect(db_file(env), isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked by another assessor process"):
            store.save_draft("me", {"step": 2})
        other.execute("ROLLBACK")
        other.close()
        store.save_draft("me", {"step": 3})
        assert store.load_draft("me") == {"step": 3}


def test_a_stored_run_this_version_cannot_read_is_a_store_error(env, loaded):
    with open_store(env) as store:
        run_id = store.save_run("me", *uniform(loaded, 2))
        store._conn.execute("UPDATE runs SET result = '{\"schema_version\": 9}' WHERE id = ?", (run_id,))
        with pytest.raises(StoreError, match=f"Run {run_id} of profile 'me' in .* cannot be read"):
            store.get_run("me", run_id)
        assert store.list_runs("me")[0].id == run_id  # the listed columns still read
        assert list(store.export_runs("me")) == [] and store.damaged[0].run_id == run_id


def test_a_report_history_holds_the_results_it_compares_and_reads_nothing_later(env, loaded):
    """Results of the last two runs and of runs of another role come with the records; the
    others are not read at all, and nothing reads the database once the store is closed."""
    with open_store(env) as store:
        ids = [store.save_run("me", *uniform(loaded, k, f"2026-0{k + 1}-01",
                                             role="ai_engineer" if k == 1 else "ml_engineer"))
               for k in range(5)]
        history = store.runs_up_to("me", ids[-1])
    assert [r.id for r in history] == ids
    assert [r.result is not None for r in history] == [False, True, False, True, True]
    assert all(r.ratings for r in history) and all(r.answers is None for r in history)
    db_file(env).unlink()  # no record can reach back into the file
    from assessor.progress import readiness_trend, report_progress

    assert report_progress(history, {})["runs"] == 5
    assert [p for _, p, _ in readiness_trend(history, "ml_engineer")][1] == next(
        f.readiness for f in uniform(loaded, 1, "2026-02-01", role="ai_engineer")[1].role_fit
        if f.role == "ml_engineer")


def test_a_folder_where_the_database_should_be(env):
    db_file(env).mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder"):
        with open_store(env):
            pass


# --- schema versions and migrations ----------------------------------------------------------

def test_migration_steps_are_consecutive_and_named():
    assert [target for target, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert all(step.__name__ == f"to_v{target}" and step.__doc__ for target, step in MIGRATIONS)


def test_new_database_gets_the_current_schema(env):
    with open_store(env):
        pass
    conn = sqlite3.connect(db_file(env))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"runs", "drafts", "ratings"} <= tables
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_version_0_empty_file_is_upgraded_from_scratch(env, loaded):
    db_file(env).parent.mkdir(parents=True)
    db_file(env).write_bytes(b"")  # SQLite's empty database: user_version 0, no tables
    with open_store(env, read_only=True) as store:  # reading never writes to it
        assert store.list_runs("me") == []
    assert db_file(env).read_bytes() == b""
    with open_store(env) as store:
        run_id = store.save_run("me", *uniform(loaded, 2))
    with open_store(env, read_only=True) as store:
        assert store.get_run("me", run_id) is not None


def write_v1_database(path: Path, runs: list[tuple]) -> None:
    """A history file exactly as schema version 1 left it (no ratings table)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    to_v1(conn)
    for k, (answers, result) in enumerate(runs):
        created = f"2026-01-0{k + 1}T10:00:00.000000+00:00"
        a_json, r_json = answers.model_dump_json(), result.model_dump_json()
        conn.execute(
            "INSERT INTO runs (uid, profile, created_at, assessed_on, name, role, role_name, mode, "
            "readiness, rubric_version, rubric_digest, tool_version, answers, result) "
            "VALUES (?, 'me', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (content_uid(created, a_json.encode(), r_json.encode()), created, result.assessed_on.isoformat(),
             result.name, result.role, result.role_name, result.mode, result.readiness,
             result.rubric_version, result.rubric_digest, result.tool_version, a_json, r_json))
    conn.execute("INSERT INTO drafts VALUES ('me', '2026-01-05T00:00:00+00:00', '{\"step\": 4}')")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_version_1_database_is_upgraded_keeping_every_run(env, loaded):
    skills = role_skills(loaded)
    runs = [scored(loaded, {skills[0]: 1, skills[1]: 3}, "2026-01-01"),
            scored(loaded, {skills[0]: 2}, "2026-05-01")]
    write_v1_database(db_file(env), runs)
    with open_store(env, read_only=True) as store:  # upgraded on load, even for reading
        listed = store.list_runs("me")
        assert [models_of(store.get_run("me", r.id), store.path)[1]
                for r in reversed(listed)] == [r for _, r in runs]
        assert store.load_draft("me") == {"step": 4}
        last = store.last_ratings("me", listed[0].id)  # needs the v2 ratings table, backfilled
    assert last == {skills[0]: (dt.date(2026, 5, 1), 2), skills[1]: (dt.date(2026, 1, 1), 3)}
    conn = sqlite3.connect(db_file(env))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_to_v2_backfills_ratings_from_stored_results(loaded):
    skills = role_skills(loaded)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, 0)
    _, result = scored(loaded, {skills[0]: 4, skills[1]: 0}, "2026-01-01")
    conn.execute("DROP TABLE ratings")
    conn.execute("INSERT INTO runs (id, uid, profile, created_at, assessed_on, mode, readiness, "
                 "rubric_version, rubric_digest, tool_version, answers, result) VALUES "
                 "(7, 'u', 'me', 'c', '2026-01-01', 'quick', 1, 'v', 'd', 't', '{}', ?)",
                 (result.model_dump_json(),))
    MIGRATIONS[1][1](conn)
    assert sorted(conn.execute("SELECT run_id, profile, skill, assessed_on, level FROM ratings")) == sorted(
        [(7, "me", skills[0], "2026-01-01", 4), (7, "me", skills[1], "2026-01-01", 0)])


@pytest.mark.parametrize("read_only", [False, True])
def test_newer_database_is_refused_and_untouched(env, loaded, read_only):
    with open_store(env) as store:
        store.save_run("me", *uniform(loaded, 2))
    conn = sqlite3.connect(db_file(env), isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = snapshot(db_file(env))
    with pytest.raises(StoreError) as caught:
        with open_store(env, read_only=read_only) as store:
            store.list_runs("me")
    message = caught.value.message
    assert str(db_file(env)) in message and "newer version of assessor" in message
    assert f"schema version {SCHEMA_VERSION + 1}" in message and "not changed" in message
    assert snapshot(db_file(env)) == before
    assert sorted(p.name for p in db_file(env).parent.iterdir()) == [DB_NAME]
    assert caught.value.exit_code == 2


def test_someone_elses_sqlite_file_is_refused_and_untouched(env):
    db_file(env).parent.mkdir(parents=True)
    conn = sqlite3.connect(db_file(env), isolation_level=None)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.close()
    before = snapshot(db_file(env))
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not an assessor history.*photos"):
            with open_store(env, read_only=read_only):
                pass
    assert snapshot(db_file(env)) == before


# --- faults: corrupt or non-SQLite files -----------------------------------------------------

def garble_pages(path: Path) -> None:
    """Keep the header page, overwrite every other page: tables can no longer be read."""
    data = bytearray(path.read_bytes())
    rng = random.Random(3)
    data[4096:] = bytes(rng.randrange(256) for _ in range(len(data) - 4096))
    path.write_bytes(bytes(data))


CORRUPTIONS = {
    "text file": lambda p: p.write_text("These are my notes, not a database.\n" * 20),
    "random bytes": lambda p: p.write_bytes(random.Random(1).randbytes(20000)),
    "garbled pages": garble_pages,
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: 4096 + 100]),
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corrupt_database_gives_a_clear_error_and_is_never_overwritten(env, loaded, kind):
    with open_store(env) as store:
        for level in range(5):
            store.save_run("me", *uniform(loaded, level % 5, f"2026-0{level + 1}-01"))
    CORRUPTIONS[kind](db_file(env))
    before = snapshot(db_file(env))
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            with open_store(env, read_only=read_only) as store:
                store.list_runs("me")
                if not read_only:
                    store.save_run("me", *uniform(loaded, 1))
        message = caught.value.message
        assert str(db_file(env)) in message
        assert "assessor export" in message and "copy it aside" in message
        assert "not changed it" in message
    assert snapshot(db_file(env)) == before
    assert sorted(p.name for p in db_file(env).parent.iterdir()) == [DB_NAME]


def test_corrupt_database_at_save_time_rescues_the_answers(env, loaded):
    db_file(env).parent.mkdir(parents=True)
    CORRUPTIONS["text file"](db_file(env))
    before = snapshot(db_file(env))
    answers, result = uniform(loaded, 3)
    run_id, history = save_run(env, "me", answers, result)
    assert (run_id, history) == (None, [])
    [rescued] = env.cwd.glob("assessor-answers-*.yaml")
    said = env.stderr.getvalue()
    assert str(db_file(env)) in said and f"assessor assess --answers {rescued}" in said
    replayed = load_answers(rescued, loaded.rubric)
    assert score(loaded, replayed, today=dt.date(2030, 1, 1), tool_version=result.tool_version) == result
    assert snapshot(db_file(env)) == before


def test_cli_history_on_a_corrupt_database_exits_2_naming_the_file(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"\x00garbage" * 100)
    before = (home / DB_NAME).read_bytes()
    proc = subprocess.run([sys.executable, "-m", "assessor", "history"], cwd=ROOT, text=True,
                          env=subprocess_env(home), capture_output=True, timeout=60)
    assert proc.returncode == 2
    assert str(home / DB_NAME) in proc.stderr and "Traceback" not in proc.stderr
    assert (home / DB_NAME).read_bytes() == before


# --- faults: killed during a save; two processes saving at once -------------------------------

SAVER = r"""
import json, os, sys
from pathlib import Path
from assessor.schema.answers import Answers
from assessor.environment import Environment
from assessor.history.store import open_store
from assessor.schema.result import AssessmentResult

src = Path(os.environ["RUN_DIR"])
answers = Answers.model_validate_json((src / "answers.json").read_text())
result = AssessmentResult.model_validate_json((src / "result.json").read_text())
env = Environment(environ=dict(os.environ))
tag, count = os.environ["TAG"], int(os.environ.get("COUNT", "0"))
go = src / "go"
while not go.exists():
    pass
i = 0
while count == 0 or i < count:
    i += 1
    name = f"{tag}-{i}"
    with open_store(env) as store:
        run_id = store.save_run("me", answers.model_copy(update={"name": name}),
                                result.model_copy(update={"name": name}))
        store.save_draft("me", {"last": name})
    print(run_id, name, flush=True)
"""


@pytest.fixture
def run_dir(tmp_path, loaded):
    """The answers and result that child processes save, as JSON files."""
    path = tmp_path / "run"
    path.mkdir()
    answers, result = uniform(loaded, 2)
    (path / "answers.json").write_text(answers.model_dump_json())
    (path / "result.json").write_text(result.model_dump_json())
    return path


def start_saver(home: Path, run_dir: Path, tag: str, count: int = 0) -> subprocess.Popen:
    env = subprocess_env(home, RUN_DIR=str(run_dir), TAG=tag, COUNT=str(count))
    return subprocess.Popen([sys.executable, "-c", SAVER], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_during_saves_loses_no_committed_run(tmp_path, run_dir):
    home = tmp_path / "home"
    env = make_env(home)
    committed: dict[int, str] = {}
    rng = random.Random(11)
    (run_dir / "go").touch()
    for round_ in range(4):
        child = start_saver(home, run_dir, f"r{round_}")
        seen = 0
        while seen < 8:  # let it commit a few runs, then kill it at a random moment
            line = child.stdout.readline()
            assert line, child.stderr.read()
            run_id, name = line.split()
            committed[int(run_id)] = name
            seen += 1
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        for line in rest.splitlines():  # printed after a commit, before the kill
            run_id, name = line.split()
            committed[int(run_id)] = name
        with open_store(env) as store:  # opens (rolling back a half-done save) and holds every run
            stored = {r.id: r.name for r in store.list_runs("me")}
            assert committed.items() <= stored.items()
            assert store.load_draft("me")["last"].startswith("r")
            for run_id in committed:
                assert store.get_run("me", run_id).result["name"] == committed[run_id]
    conn = sqlite3.connect(db_file(env))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_processes_saving_at_once_keep_both_runs(tmp_path, run_dir):
    home = tmp_path / "home"  # no database yet: both processes also race to create it
    count = 15
    children = [start_saver(home, run_dir, tag, count) for tag in ("a", "b")]
    time.sleep(0.5)  # both are importing and then spinning on the go file
    (run_dir / "go").touch()
    outputs = [c.communicate(timeout=120) for c in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        assert len(out.splitlines()) == count
    with open_store(make_env(home), read_only=True) as store:
        names = sorted(r.name for r in store.list_runs("me"))
    assert names == sorted(f"{t}-{i}" for t in "ab" for i in range(1, count + 1))


# --- faults: read-only data directory ---------------------------------------------------------

RESCUE = r"""
import json, os
from pathlib import Path
from assessor.schema.answers import Answers
from assessor.environment import Environment
from assessor.history.store import open_store
from assessor.pipeline import save_run
from assessor.schema.result import AssessmentResult

src = Path(os.environ["RUN_DIR"])
answers = Answers.model_validate_json((src / "answers.json").read_text())
result = AssessmentResult.model_validate_json((src / "result.json").read_text())
env = Environment(environ=dict(os.environ))
with open_store(env, read_only=True) as store:
    before = [r.id for r in store.list_runs("me")]
run_id, history = save_run(env, "me", answers, result)
print(json.dumps({"before": before, "run_id": run_id, "history": len(history)}))
"""


@pytest.fixture
def ro_case(tmp_path, loaded):
    """A data folder, a current folder, and the run a child process will try to save."""
    run = tmp_path / "run"
    run.mkdir()
    answers, result = uniform(loaded, 2)
    (run / "answers.json").write_text(answers.model_dump_json())
    (run / "result.json").write_text(result.model_dump_json())
    for sub in ("home", "cwd"):
        (tmp_path / sub).mkdir()
    return tmp_path


def rescue_in_read_only_home(base: Path, *, existing_runs: int, loaded, cwd_read_only=False):
    home, cwd = base / "home", base / "cwd"
    if existing_runs:
        with open_store(make_env(home)) as store:
            for k in range(existing_runs):
                store.save_run("me", *uniform(loaded, k % 5))
    before = sorted(p.name for p in home.iterdir())
    proc = run_python(RESCUE, subprocess_env(home, RUN_DIR=str(base / "run")), cwd,
                      read_only=(home, cwd) if cwd_read_only else (home,))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in home.iterdir()) == before
    return json.loads(proc.stdout), proc.stderr


@pytest.mark.parametrize("existing_runs", [0, 2])
def test_read_only_data_dir_rescues_the_answers_to_the_current_folder(ro_case, loaded,
                                                                       existing_runs):
    outcome, said = rescue_in_read_only_home(ro_case, existing_runs=existing_runs, loaded=loaded)
    # Reading still works; saving fails with a clear message and the answers land in cwd.
    assert outcome == {"before": list(range(existing_runs, 0, -1)), "run_id": None, "history": 0}
    [rescued] = (ro_case / "cwd").glob("assessor-answers-*.yaml")
    assert "Cannot write the history database" in said and str(ro_case / "home") in said
    assert f"assessor assess --answers {rescued}" in said
    assert "Traceback" not in said
    answers, result = uniform(loaded, 2)
    replayed = load_answers(rescued, loaded.rubric)
    assert score(loaded, replayed, today=dt.date(2031, 1, 1), tool_version=result.tool_version) == result


def test_read_only_data_dir_and_current_folder_print_the_answers(ro_case, loaded):
    outcome, said = rescue_in_read_only_home(ro_case, existing_runs=0, loaded=loaded,
                                             cwd_read_only=True)
    assert outcome["run_id"] is None and not list((ro_case / "cwd").iterdir())
    text = said.split("----- answers.yaml -----\n")[1].split("----- end -----")[0]
    replay = ro_case / "replay.yaml"
    replay.write_text(text)
    answers, result = uniform(loaded, 2)
    replayed = load_answers(replay, loaded.rubric)
    assert score(loaded, replayed, today=dt.date(2031, 1, 1), tool_version=result.tool_version) == result


def test_assess_in_a_read_only_data_dir_still_writes_the_plan_and_keeps_the_answers(ro_case,
                                                                                     loaded):
    answers, result = uniform(loaded, 2)
    answers_file = ro_case / "run" / "answers.yaml"
    answers_file.write_text(yaml.safe_dump(answers.model_dump(mode="json")))
    home = ro_case / "home"
    code = ("import sys; from assessor.cli.main import main; "
            f"sys.exit(main(['assess', '--answers', {str(answers_file)!r}, '--format', 'json', "
            "'--out', '-']))")
    proc = run_python(code, subprocess_env(home), ro_case / "cwd", read_only=(home,))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["readiness"] == result.readiness
    [rescued] = (ro_case / "cwd").glob("assessor-answers-*.yaml")
    assert "could not be saved" in proc.stderr and str(rescued) in proc.stderr
    assert list(home.iterdir()) == []
