"""The interactive session in-process: store, draft, resume offer, Ctrl-C message, failures.

The terminal prompter is replaced by the scripted one, so these run in milliseconds; the real
terminal is covered by test_questionnaire_e2e.py.
"""

from __future__ import annotations

import io
import json

import pytest

from assessor.scoring.score import asked_skills
from assessor.environment import Environment
from assessor.history.store import open_store
from assessor.cli.options import AssessOptions
from assessor.cli.session import run_interactive, welcome_text
from assessor.formats import DocumentOptions
from assessor.questionnaire.questions import NAME, RATE, REGION, Setup

from tests.conftest import TODAY
from tests.questionnaire.test_questionnaire import Script


def make_args(*, format="json", out=None, **kw):
    return AssessOptions(document=DocumentOptions(format=format, out=out), **kw)


@pytest.fixture
def env(tmp_path):
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                       environ={"ASSESSOR_HOME": str(tmp_path / "home"), "USER": "ada",
                                "LANG": "en_GB.UTF-8"},
                       today=TODAY, cwd=tmp_path)


@pytest.fixture
def script():
    """The prompter the session asks on (rebind ``.plan`` etc. between runs)."""
    return Script()


def said(env) -> str:
    return env.stderr.getvalue()


def store_of(env):
    return open_store(env)


def test_a_whole_session_saves_the_run_writes_the_document_and_clears_the_draft(env, loaded, script):
    assert run_interactive(make_args(), env, loaded, script) == 0
    text = said(env)
    assert "Your answers stay on this machine" in text and str(env.data_dir()) in text
    assert "Readiness" in text or "Best-fitting role" in text
    report = next((env.data_dir() / "reports").glob("plan-*.json"))
    assert json.loads(report.read_text())["mode"] == "quick"
    with store_of(env) as store:
        answers = store.last_answers("me")
        assert answers.name == "ada", "first-run name default: the login name"
        assert answers.region == "uk", "first-run region default: the locale's country"
        assert store.load_draft("me") is None


def test_ctrl_c_keeps_the_draft_and_says_how_to_resume(env, loaded, script):
    script.stop_at = 8
    assert run_interactive(make_args(profile="sam"), env, loaded, script) == 130
    assert "Your 7 answers are saved" in said(env)
    assert "`assessor assess --resume --profile sam`" in said(env)
    with store_of(env) as store:
        assert len(store.load_draft("sam")["answered"]) == 7 + 1  # + the shuffle seed
        assert store.latest_run("sam") is None


def test_ctrl_c_before_any_answer_says_there_is_nothing_to_resume(env, loaded, script):
    script.stop_at = 1
    assert run_interactive(make_args(), env, loaded, script) == 130
    assert "nothing to resume" in said(env)


def test_resume_restores_answers_and_mode(env, loaded, script):
    core = asked_skills(loaded.rubric, None)
    script.plan, script.stop_at = {NAME: "Grace", RATE + core[0]: 4}, 8
    run_interactive(make_args(mode="full"), env, loaded, script)
    on_screen = script.asked[-1].key
    script.stop_at, script.plan, script.asked = None, {}, []
    assert run_interactive(make_args(resume=True), env, loaded, script) == 0
    assert "Resuming your unfinished assessment: 7 answers restored (full mode)" in said(env)
    assert script.asked[0].key == on_screen
    with store_of(env) as store:
        answers = store.last_answers("me")
    assert answers.name == "Grace" and answers.ratings[core[0]] == 4 and answers.mode == "full"


def test_without_resume_an_unfinished_assessment_is_offered_first(env, loaded, script):
    script.stop_at = 4
    run_interactive(make_args(), env, loaded, script)
    script.stop_at, script.asked = None, []
    script.plan = {"resume": False}  # start afresh
    assert run_interactive(make_args(), env, loaded, script) == 0
    assert [q.key for q in script.asked[:2]] == ["resume", NAME]


def test_resume_without_a_draft_says_so_and_starts_fresh(env, loaded, script):
    assert run_interactive(make_args(resume=True), env, loaded, script) == 0
    assert "No unfinished assessment to resume" in said(env)
    assert script.asked[0].key == NAME


def test_a_broken_history_database_does_not_stop_the_assessment(env, loaded, script):
    env.data_dir().mkdir(parents=True)
    (env.data_dir() / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    assert run_interactive(make_args(), env, loaded, script) == 0
    assert "Warning:" in said(env)
    rescued = list(env.cwd.glob("assessor-answers-*.yaml"))
    assert rescued, "save_run kept the answers as a file"


def test_save_answers_writes_a_replayable_file_and_a_bad_path_only_warns(env, loaded, script):
    from assessor.schema.answers import load_answers

    assert run_interactive(make_args(save_answers="mine.yaml"), env, loaded, script) == 0
    assert load_answers(env.cwd / "mine.yaml", loaded.rubric).region == "uk"
    (env.cwd / "dir").mkdir()
    assert run_interactive(make_args(save_answers="dir"), env, loaded, script) == 0
    assert "Warning: --save-answers" in said(env)


def test_unknown_role_flag_is_a_usage_error(env, loaded, script):
    from assessor.errors import UsageError

    with pytest.raises(UsageError):
        run_interactive(make_args(role="wizard"), env, loaded, script)


def test_fixed_role_is_not_asked(env, loaded, script):
    role = loaded.rubric.roles[0].id
    assert run_interactive(make_args(role=role), env, loaded, script) == 0
    assert "role" not in [q.key for q in script.asked]
    assert f"Target role: {loaded.rubric.roles[0].name}" in said(env)


def test_welcome_text_fits_80_columns(env, rubric):
    for setup in (Setup(rubric, today=TODAY), Setup(rubric, mode="full", today=TODAY,
                                                    fixed_role=rubric.roles[-1].id)):
        text = welcome_text(setup, env)
        assert all(len(line) < 80 for line in text.splitlines()), text
        assert "quick" in text and "full" in text and "min" in text
    assert "Resuming" in welcome_text(Setup(rubric, today=TODAY), env, resumed=3)


def test_region_default_comes_from_the_previous_run_before_the_locale(env, loaded, script):
    script.plan = {REGION: "india"}
    run_interactive(make_args(), env, loaded, script)
    script.plan, script.asked = {}, []
    run_interactive(make_args(), env, loaded, script)
    region = next(q for q in script.asked if q.key == REGION)
    assert region.default == "india" and region.last_time == "last time: India"


# --- Ctrl-C (or a failure) while the plan is written, after the run was saved (issue 17 item 3) ----

@pytest.fixture
def render_stops(monkeypatch):
    """The PDF engine interrupted by ``raising`` once; the next render works."""
    import assessor.report.output as output

    real = output.render_document
    calls = {"raise": None}

    def render(*args, **kwargs):
        if calls["raise"] is not None:
            exc, calls["raise"] = calls["raise"], None
            raise exc
        return real(*args, **kwargs)
    monkeypatch.setattr(output, "render_document", render)
    return calls


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_stop_while_the_plan_renders_then_resume_writes_it_without_a_second_run(
        env, loaded, script, render_stops, stop):
    render_stops["raise"] = stop("stopped while rendering")
    if stop is KeyboardInterrupt:
        assert run_interactive(make_args(profile="sam"), env, loaded, script) == 130
    else:
        with pytest.raises(RuntimeError):
            run_interactive(make_args(profile="sam"), env, loaded, script)
    text = said(env)
    assert "saved as run 1" in text and "without saving them again" in text, text
    if stop is KeyboardInterrupt:
        assert "`assessor report --run 1 --profile sam`" in text
    assert not list((env.data_dir() / "reports").glob("plan-*")), "nothing was written yet"

    script.asked = []
    assert run_interactive(make_args(profile="sam", resume=True), env, loaded, script) == 0
    assert script.asked == [], "nothing asked again"
    assert "Your answers were saved as run 1 before the plan was written" in said(env)
    with store_of(env) as store:
        assert [r.id for r in store.list_runs("sam")] == [1], "the same answers are not saved twice"
        assert store.load_draft("sam") is None
    assert len(list((env.data_dir() / "reports").glob("plan-sam-*-run1.json"))) == 1


def test_after_a_late_ctrl_c_the_offer_to_continue_names_the_saved_run(env, loaded, script, render_stops):
    render_stops["raise"] = KeyboardInterrupt()
    run_interactive(make_args(), env, loaded, script)
    script.asked, script.plan = [], {"resume": True}
    assert run_interactive(make_args(), env, loaded, script) == 0
    assert [q.key for q in script.asked] == ["resume"]
    assert "write the plan of run 1" in script.asked[0].options[0].title
    with store_of(env) as store:
        assert len(store.list_runs("me")) == 1


def test_a_late_ctrl_c_whose_run_was_deleted_starts_afresh(env, loaded, script, render_stops):
    render_stops["raise"] = KeyboardInterrupt()
    run_interactive(make_args(), env, loaded, script)
    with store_of(env) as store:
        store.delete_run("me", 1)
    script.asked = []
    assert run_interactive(make_args(resume=True), env, loaded, script) == 0
    assert "is no longer in the history; starting a new assessment" in said(env)
    assert script.asked and script.asked[0].key == NAME


def test_defaults_from_an_older_run_because_the_latest_is_damaged_say_so(env, loaded, script):
    """The latest run's answers are the next session's defaults; when that run is damaged the
    session used the run before it without a word. Now it names the skipped run."""
    import sqlite3

    from assessor.history.store import DB_NAME

    assert run_interactive(make_args(), env, loaded, script) == 0
    assert run_interactive(make_args(), env, loaded, Script()) == 0
    conn = sqlite3.connect(env.data_dir() / DB_NAME, isolation_level=None)
    conn.execute("UPDATE runs SET answers = '{\"name\": ' WHERE id = 2")
    conn.close()
    env.stderr.truncate(0)
    env.stderr.seek(0)
    stopped = Script()
    stopped.stop_at = 1  # before any answer: nothing is saved, so only the defaults read the runs
    assert run_interactive(make_args(), env, loaded, stopped) == 130
    assert "Warning: skipped 1 damaged run of profile 'me'" in said(env)
