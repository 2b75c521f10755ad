"""The export file (issue 17, items 2 and 7): whatever ``export`` writes, ``import`` reads; every
number is finite; only regular files of bounded size are read; both directions stream."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.cli.history_commands import export_history, import_history
from assessor.cli.main import main
from assessor.history import json_stream
from assessor.history.importing import read_export
from assessor.history.store import DB_NAME, open_store

from tests.history_helpers import ROOT, bundled_rubric, make_env, role_skills, scored, subprocess_env

LOADED = bundled_rubric()
ROLES = ("ml_engineer", "ai_engineer", "mlops_engineer")
PRINTABLE = st.characters(codec="utf-8", categories=("L", "N", "P", "S"))


def run(home: Path, *args: str) -> tuple[int, str]:
    env = make_env(home, cwd=home.parent)
    return main(list(args), env=env), env.stderr.getvalue()


def contents(home: Path, profile: str) -> tuple[list, dict | None]:
    with open_store(make_env(home), read_only=True) as store:
        runs = [(r.uid, r.created_at, r.assessed_on, r.answers, r.result)
                for r in store.export_runs(profile)]
        assert not store.damaged
        return runs, store.load_draft(profile)


@st.composite
def histories(draw):
    """A profile with a unicode name, one to three scored runs, and maybe a draft."""
    profile = draw(st.text(PRINTABLE, min_size=1, max_size=64))
    runs = []
    for _ in range(draw(st.integers(1, 3))):
        role = draw(st.sampled_from(ROLES))
        skills = role_skills(LOADED, role)
        ratings = draw(st.fixed_dictionaries({s: st.none() | st.integers(0, 4) for s in skills[:6]}))
        on = draw(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))
        name = draw(st.none() | st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
                                         max_size=40))
        hours = draw(st.floats(0.5, 80, allow_nan=False))
        runs.append(scored(LOADED, ratings, on, role=role, name=name, hours_per_week=hours))
    draft = draw(st.none() | st.dictionaries(st.text(PRINTABLE, max_size=8),
                                             st.integers(-5, 5) | st.text(max_size=8), max_size=3))
    return profile, runs, draft


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories())
def test_every_export_imports_into_the_same_history(tmp_path_factory, history):
    profile, runs, draft = history
    base = tmp_path_factory.mktemp("round-trip")
    home, fresh, backup = base / "home", base / "fresh", base / "backup.json"
    with open_store(make_env(home)) as store:
        for answers, result in runs:
            store.save_run(profile, answers, result)
        if draft is not None:
            store.save_draft(profile, draft)
    assert export_history(make_env(home), profile, str(backup)) == 0
    assert import_history(make_env(fresh), str(backup), None) == 0
    assert contents(fresh, profile) == contents(home, profile)
    again = base / "again.json"
    assert export_history(make_env(fresh), profile, str(again)) == 0
    def lines(path: Path) -> list[str]:
        return [line for line in path.read_text().splitlines() if '"exported_at"' not in line]

    assert lines(again) == lines(backup)


def test_export_refuses_to_write_a_file_import_would_refuse(tmp_path):
    """The command line refuses such a profile name already; the export itself never relies on it."""
    from assessor.errors import UsageError

    home, target = tmp_path / "home", tmp_path / "backup.json"
    long = "p" * 121  # the export format keeps profile names to 120 characters
    with open_store(make_env(home)) as store:
        store.save_run(long, *scored(LOADED, {role_skills(LOADED)[0]: 2}))
    with pytest.raises(UsageError, match="cannot be exported.*120 characters"):
        export_history(make_env(home), long, str(target))
    assert not target.exists()


@pytest.fixture
def backup(tmp_path) -> Path:
    home = tmp_path / "home"
    skills = role_skills(LOADED)
    with open_store(make_env(home)) as store:
        for level, on in ((1, "2026-01-05"), (3, "2026-03-05")):
            store.save_run("me", *scored(LOADED, {skills[0]: level}, on))
    path = tmp_path / "me.json"
    assert run(home, "export", str(path))[0] == 0
    return path


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity"])
def test_import_refuses_numbers_that_are_not_finite(backup, tmp_path, number):
    data = json.loads(backup.read_text())
    data["runs"][1]["result"]["readiness"] = "PLACEHOLDER"
    backup.write_text(json.dumps(data).replace('"PLACEHOLDER"', number))
    code, err = run(tmp_path / "target", "import", str(backup))
    assert code == 2, err
    assert "runs[1].result.readiness" in err and "finite" in err and "Traceback" not in err
    assert not (tmp_path / "target" / DB_NAME).exists()


def test_import_refuses_a_named_pipe_without_waiting_for_a_writer(backup, tmp_path):
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "assessor", "import", str(fifo)], cwd=ROOT,
                          env=subprocess_env(tmp_path / "target"), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert f"{fifo} is a named pipe, not an export file" in proc.stderr


@pytest.mark.parametrize("path, kind", [("/dev/zero", "a device"), (".", "a folder")])
def test_import_refuses_devices_and_folders(tmp_path, path, kind):
    code, err = run(tmp_path / "target", "import", path)
    assert code == 2 and f"is {kind}, not an export file" in err, err


def test_import_refuses_a_file_over_the_size_limit(backup, tmp_path, monkeypatch):
    monkeypatch.setattr("assessor.history.importing.MAX_IMPORT_BYTES", backup.stat().st_size - 1)
    code, err = run(tmp_path / "target", "import", str(backup))
    assert code == 2 and "larger than" in err and "Nothing was imported" in err, err


def peak_bytes(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_and_import_memory_does_not_grow_with_the_whole_file(tmp_path):
    """Four times the runs: export holds one run at a time (its peak stays flat); import holds
    each run only as the JSON it will store (its peak grows by about the file's growth, not by
    the ~6x of parsing the whole document into objects and models)."""
    answers, result = scored(LOADED, {role_skills(LOADED)[0]: 2}, "2026-01-05")
    peaks = []
    for count in (12, 48):
        home, backup = tmp_path / f"home{count}", tmp_path / f"me{count}.json"
        with open_store(make_env(home)) as store:
            for k in range(count):
                store.save_run("me", answers.model_copy(update={"name": f"run {k}"}),
                               result.model_copy(update={"name": f"run {k}"}))
        exporting = peak_bytes(lambda home=home, backup=backup: export_history(make_env(home), "me",
                                                                              str(backup)))
        importing = peak_bytes(lambda backup=backup: read_export(backup))
        peaks.append((backup.stat().st_size, exporting, importing))
    (small, export_small, import_small), (large, export_large, import_large) = peaks
    assert export_large - export_small < (large - small) / 4, peaks
    assert import_large - import_small < 2.5 * (large - small), peaks


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=15)


@settings(max_examples=100, deadline=None)
@given(members=st.dictionaries(st.text(max_size=6), json_values, max_size=4),
       runs=st.none() | st.lists(json_values, max_size=5), indent=st.sampled_from([None, 1, "\t"]),
       ascii_only=st.booleans(), chunk=st.integers(1, 9), data=st.data())
def test_streamed_reading_is_json_loads(members, runs, indent, ascii_only, chunk, data):
    """Read in chunks of a few bytes (values and characters cut anywhere), any document gives what
    ``json.loads`` gives, and every cut-off document is a syntax error."""
    document = {**members, **({} if runs is None else {"runs": runs})}
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    got, items = {}, []
    with mock.patch.object(json_stream, "CHUNK", chunk):
        json_stream.read_object(io.BytesIO(text.encode()), limit=10**9, streamed="runs",
                                on_member=got.__setitem__, on_item=lambda i, v: items.append((i, v)))
        expected = json.loads(text)
        if isinstance(expected.get("runs"), list):  # streamed: item by item, never as a member
            assert items == list(enumerate(expected.pop("runs")))
        assert got == expected
        cut = data.draw(st.integers(0, len(text) - 1))
        with pytest.raises(json_stream.JsonSyntaxError):
            json_stream.read_object(io.BytesIO(text[:cut].encode()), limit=10**9, streamed="runs",
                                    on_member=lambda k, v: None, on_item=lambda i, v: None)


@pytest.mark.parametrize("text, where", [("{not json", (1, 2)), ('{\n "a": 1,\n "b": [1, 2,]}', (3, 13)),
                                         ('{"runs": [{"x": 1}\n {"y": 2}]}', (2, 2))])
def test_syntax_errors_name_the_line_and_column_json_would(text, where):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with mock.patch.object(json_stream, "CHUNK", 3), pytest.raises(json_stream.JsonSyntaxError) as got:
        json_stream.read_object(io.BytesIO(text.encode()), limit=10**9, streamed="runs",
                                on_member=lambda k, v: None, on_item=lambda i, v: None)
    assert (got.value.lineno, got.value.colno) == (expected.value.lineno, expected.value.colno) == where
