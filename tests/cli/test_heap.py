"""The collector schedule of a command run as its own process (assessor.heap).

Each case runs in a fresh interpreter: the schedule changes process-wide state (``gc.freeze``
cannot be undone for the objects it froze), which must never leak into the test process.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap

from assessor.cli.main import main


def _probe(body: str, tmp_path) -> dict:
    """Run ``body`` in a fresh interpreter with a private ASSESSOR_HOME; it prints one JSON line."""
    env = {"ASSESSOR_HOME": str(tmp_path / "home"), "ASSESSOR_CACHE": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(body)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_command_process_collects_while_it_works_and_skips_the_final_pass(tmp_path):
    seen = _probe("""
        import gc, json, sys
        import assessor.cli.commands as commands
        states = {}
        real = commands.list_roles
        def spy(opts, env):
            states["during"] = gc.isenabled()   # a long command still collects its cycles
            states["frozen_by_start"] = gc.get_freeze_count()
            return real(opts, env)
        commands.list_roles = spy
        from assessor.cli.main import run
        sys.argv = ["assessor", "roles"]
        sys.stdout = open("/dev/null", "w")
        code = run()
        sys.stdout = sys.__stdout__
        states.update(code=code, after=gc.isenabled(), frozen_at_exit=gc.get_freeze_count())
        print(json.dumps(states))
    """, tmp_path)
    assert seen["code"] == 0
    assert seen["during"] is True
    assert seen["frozen_by_start"] > 10_000  # modules and the rubric, kept out of later passes
    assert seen["after"] is False and seen["frozen_at_exit"] > seen["frozen_by_start"]


def test_the_collector_is_off_during_start_up_and_the_rubric_load(tmp_path):
    seen = _probe("""
        import gc, json
        import assessor.cli.commands as commands
        import assessor.schema.loader as loader
        state = {}
        real_dispatch, real_load = commands.dispatch, loader.load_rubric
        def dispatch(*a, **k):
            state["parsed"] = gc.isenabled()   # imports and argument parsing are over
            return real_dispatch(*a, **k)
        def load(*a, **k):
            state["loading"] = gc.isenabled()
            return real_load(*a, **k)
        commands.dispatch, loader.load_rubric = dispatch, load
        import io, sys
        sys.stdout = io.StringIO()
        sys.argv = ["assessor", "skills", "--json"]
        from assessor.cli.main import run
        run()
        sys.stdout = sys.__stdout__
        print(json.dumps(state))
    """, tmp_path)
    assert seen == {"parsed": False, "loading": False}


def test_a_pause_gives_the_collector_back_even_when_its_block_fails():
    from assessor import heap

    assert gc.isenabled()
    try:
        with heap.paused(keep=True):
            assert not gc.isenabled()
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_another_program_calling_main_keeps_its_collector(tmp_path, monkeypatch, capsys):
    """main() without an env is what a notebook or wrapper script calls: its collector stays on
    and nothing of its heap is frozen (only run(), the process entry, schedules the collector)."""
    from assessor import heap

    monkeypatch.setenv("ASSESSOR_HOME", str(tmp_path / "home"))
    before = gc.get_freeze_count()
    assert main(["roles"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == before and heap._process is False


def test_a_test_calling_main_with_its_own_environment_keeps_its_collector(tmp_path, capsys):
    from assessor.environment import Environment

    before = gc.get_freeze_count()
    env = Environment(environ={"ASSESSOR_HOME": str(tmp_path / "home"),
                               "ASSESSOR_CACHE": str(tmp_path / "cache")})
    assert main(["roles"], env=env) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
