"""Issue 17 item 1: no document is ever written over the history database, its journals, the
answers file being read, or a file in the data directory the tool does not own (exit 2, path named)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest


from tests.conftest import run_cli



def _sample(tmp_path):
    from assessor.paths import PACKAGE_DIR

    src = PACKAGE_DIR / "samples" / "career_changer.yaml"
    dst = tmp_path / "me.yaml"
    shutil.copy(src, dst)
    return dst


def _runs(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from runs").fetchone()[0]


@pytest.fixture
def saved(home, tmp_path):
    answers = _sample(tmp_path)
    assert run_cli("assess", "--answers", str(answers), "--out", str(tmp_path / "a.md")).code == 0
    return home / "history.sqlite3", answers


def test_report_out_onto_the_database_is_refused(saved):
    db, _ = saved
    before = db.read_bytes()
    r = run_cli("report", "--format", "md", "--out", str(db))
    assert r.code == 2, r.stderr
    assert str(db) in r.stderr and "history database" in r.stderr
    assert db.read_bytes() == before and _runs(db) == 1


@pytest.mark.parametrize("suffix", ["-wal", "-journal"])
def test_report_out_onto_a_database_journal_is_refused(saved, suffix):
    db, _ = saved
    r = run_cli("report", "--format", "md", "--out", f"{db}{suffix}")
    assert r.code == 2 and f"{db}{suffix}" in r.stderr


def test_assess_out_onto_the_database_neither_saves_nor_overwrites(saved):
    db, answers = saved
    r = run_cli("assess", "--answers", str(answers), "--format", "md", "--out", str(db))
    assert r.code == 2, r.stderr
    assert "Saved as run" not in r.stderr and str(db) in r.stderr
    assert _runs(db) == 1


def test_assess_out_onto_the_answers_file_is_refused(home, tmp_path):
    answers = _sample(tmp_path)
    before = answers.read_bytes()
    r = run_cli("assess", "--answers", str(answers), "--no-save", "--format", "pdf", "--out", str(answers))
    assert r.code == 2, r.stderr
    assert "input file" in r.stderr and str(answers) in r.stderr
    assert answers.read_bytes() == before


def test_other_files_in_the_data_directory_are_refused(saved, home):
    other = home / "notes.txt"
    other.write_text("mine")
    r = run_cli("report", "--format", "md", "--out", str(other))
    assert r.code == 2 and str(other) in r.stderr
    assert other.read_text() == "mine"


def test_export_onto_the_database_is_refused(saved):
    db, _ = saved
    before = db.read_bytes()
    r = run_cli("export", str(db))
    assert r.code == 2 and str(db) in r.stderr
    assert db.read_bytes() == before


def test_reports_folder_and_elsewhere_still_allowed(saved, home, tmp_path):
    (home / "reports").mkdir(exist_ok=True)
    assert run_cli("report", "--out", str(home / "reports" / "x.md")).code == 0
    assert run_cli("report", "--out", str(tmp_path / "y.md")).code == 0


# Issue 17 item 11: run ids are ASCII decimal within SQLite's range; anything else is "no such run".
@pytest.mark.parametrize("bad", ["²", "99999999999999999999999", "9223372036854775808", "１"])
@pytest.mark.parametrize("command", [("report", "--format", "md", "--out", "-", "--run"),
                                     ("history", "--yes", "--delete"), ("progress", "1")])
def test_odd_run_ids_exit_2(saved, bad, command):
    r = run_cli(*command, bad)
    assert r.code == 2, (r.code, r.stderr)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


# Issue 17 item 4: a 0-byte history file is refused (exit 2, path named), never a new history.
@pytest.mark.parametrize("command", [("history",), ("report", "--format", "md", "--out", "-"),
                                     ("export", "-")])
def test_an_empty_database_file_is_refused(home, command):
    import os

    home.mkdir(parents=True, exist_ok=True)
    db = home / "history.sqlite3"
    db.write_bytes(b"")
    os.utime(db, (1_000_000_000, 1_000_000_000))  # not one a concurrent save is creating now
    r = run_cli(*command)
    assert r.code == 2, (r.code, r.stderr)
    assert str(db) in r.stderr and "0-byte" in r.stderr
    assert db.stat().st_size == 0


def test_saving_into_an_empty_database_file_is_refused(home, tmp_path):
    import os

    home.mkdir(parents=True, exist_ok=True)
    db = home / "history.sqlite3"
    db.write_bytes(b"")
    os.utime(db, (1_000_000_000, 1_000_000_000))
    r = run_cli("assess", "--answers", str(_sample(tmp_path)), "--format", "md", "--out", str(tmp_path / "p.md"), cwd=tmp_path)
    assert "Saved as run 1" not in r.stderr
    assert db.stat().st_size == 0
