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
        from assessor.cli.main import main
        sys.stdout = open("/dev/null", "w")
        code = main(["roles"])
        sys.stdout = sys.__stdout__
        states.update(code=code, after=gc.isenabled(), frozen_at_exit=gc.get_freeze_count())
        print(json.dumps(states))
    """, tmp_path)
    assert seen["code"] == 0
    assert seen["during"] is True
    assert seen["frozen_by_start"] > 10_000  # modules and the rubric, kept out of later passes
    assert seen["after"] is False and seen["frozen_at_exit"] >= seen["frozen_by_start"]


def test_the_collector_is_off_during_start_up(tmp_path):
    seen = _probe("""
        import gc, json
        import assessor.schema.loader as loader
        real = loader.load_rubric
        state = {}
        def spy(*a, **k):
            state["loading"] = gc.isenabled()
            return real(*a, **k)
        loader.load_rubric = spy
        import io, sys
        sys.stdout = io.StringIO()
        from assessor.cli.main import main
        main(["skills", "--json"])
        sys.stdout = sys.__stdout__
        print(json.dumps(state))
    """, tmp_path)
    assert seen == {"loading": False}


def test_a_test_calling_main_with_its_own_environment_keeps_its_collector(tmp_path, capsys):
    from assessor.environment import Environment

    before = gc.get_freeze_count()
    env = Environment(environ={"ASSESSOR_HOME": str(tmp_path / "home"),
                               "ASSESSOR_CACHE": str(tmp_path / "cache")})
    assert main(["roles"], env=env) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
