"""Reliability drill: fuzzed loaders and hostile text. Every bad input is exit 2 naming the file.

Counts (inputs per property) are in FUZZ_EXAMPLES; the README's Reliability section quotes them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessor.paths import bundled

from tests.conftest import run_cli

FUZZ_EXAMPLES = 120
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# The entry point is fuzzed in-process (the loading functions); a few real processes follow below.

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates().map(str))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)

ANSWER_KEYS = ["name", "role", "mode", "ratings", "evidence", "checks", "hours_per_week", "target_date",
               "region", "cloud", "notes", "reflection", "assessed_on", "schema_version"]
answers_like = st.dictionaries(
    st.sampled_from(ANSWER_KEYS),
    st.one_of(documents, st.dictionaries(st.sampled_from(["python", "sql", "rag", "nope", "python_chk_default"]),
                                         st.one_of(st.integers(-2, 6), st.none(), st.text(max_size=3),
                                                   st.lists(st.text(max_size=8), max_size=3)), max_size=4)),
    max_size=8)


def _check_outcome(result, name: str):
    assert "Traceback" not in result.stderr + result.stdout
    if result.code == 0:
        return
    assert result.code == 2, (result.code, result.stderr[-800:])
    assert name in result.stderr, result.stderr[-800:]


def _loads_or_names(load, name: str, *, valid_alone=None):
    """The loading function itself (no process, no CLI): it returns, or raises a user error naming
    ``name``; or, when ``valid_alone()`` says the changed file is valid by itself, naming any other
    rubric file (a renamed id leaves a dangling reference in the file that uses it)."""
    from assessor.errors import AssessorError

    try:
        load()
    except AssessorError as exc:
        assert exc.exit_code == 2, exc.message
        if name not in exc.message:
            assert valid_alone is not None and valid_alone(), exc.message[-800:]
            assert "rubric" in exc.message, exc.message[-800:]


def _valid_alone(path, name: str) -> bool:
    from assessor.schema.loader import SINGLE_FILES
    from assessor.schema.rubric_files import ChecksFile, SkillsFile
    from assessor.schema.validation import read_document, validate_document

    model = SINGLE_FILES.get(name) or (SkillsFile if name.startswith("skills/") else ChecksFile)
    problems: list = []
    data = read_document(path, problems)
    if not problems:
        validate_document(model, str(path), data, problems)
    return not problems


@FUZZ
@given(doc=st.one_of(documents, answers_like))
def test_fuzzed_answers_documents_load_or_exit_2(tmp_path, rubric, doc):
    from assessor.schema.answers import load_answers

    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _loads_or_names(lambda: load_answers(path, rubric), "fuzz.yaml")


@FUZZ
@given(raw=st.binary(max_size=400))
def test_raw_bytes_as_answers_file_exit_2(tmp_path, rubric, raw):
    from assessor.schema.answers import load_answers

    path = tmp_path / "raw.yaml"
    path.write_bytes(raw)
    _loads_or_names(lambda: load_answers(path, rubric), "raw.yaml")


@pytest.fixture(scope="module")
def rubric_copy(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "rubric"
    shutil.copytree(bundled("rubrics"), path)
    return path


@pytest.fixture(scope="module")
def parse_cache(tmp_path_factory):
    """The files an example leaves alone come from the parse cache (as for a user who edits one
    file), so each example parses only the file it broke: ~0.05 s instead of ~0.5 s."""
    return tmp_path_factory.mktemp("fuzz-cache")


RUBRIC_FILES = ["rubric.yaml", "categories.yaml", "roles.yaml", "career.yaml", "certifications.yaml",
                "skills/programming.yaml", "checks/programming.yaml"]


@FUZZ
@given(data=st.data())
def test_fuzzed_rubric_files_are_reported(rubric_copy, parse_cache, data):
    """A broken file is named; a valid file whose id changed may break another file that refers to
    it (a renamed ladder stage is reported in roles.yaml, where the dangling reference is)."""
    from assessor.schema.loader import load_rubric

    name = data.draw(st.sampled_from(RUBRIC_FILES))
    target = rubric_copy / name
    original = target.read_bytes()
    kind = data.draw(st.sampled_from(["document", "bytes", "mutation"]))
    if kind == "document":
        target.write_text(yaml.safe_dump(data.draw(documents), allow_unicode=True), encoding="utf-8")
    elif kind == "bytes":
        target.write_bytes(data.draw(st.binary(max_size=300)))
    else:  # a valid file with one value replaced: the realistic typo
        doc = yaml.safe_load(original)
        node, key = _random_leaf(doc, data)
        node[key] = data.draw(scalars)
        target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        _loads_or_names(lambda: load_rubric(rubric_copy, parse_cache), name,
                        valid_alone=lambda: _valid_alone(target, name))
    finally:
        target.write_bytes(original)


def test_a_renamed_ladder_stage_is_reported_where_it_is_used(rubric_copy):
    """The case that made the old fuzz test flaky, pinned: the referring file is the one named."""
    from assessor.errors import InvalidFilesError
    from assessor.schema.loader import load_rubric

    target = rubric_copy / "career.yaml"
    original = target.read_bytes()
    doc = yaml.safe_load(original)
    doc["ladder"][0]["id"] = "renamed_stage"
    target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        with pytest.raises(InvalidFilesError) as info:
            load_rubric(rubric_copy)
        assert "roles.yaml" in info.value.message and "stage" in info.value.message
    finally:
        target.write_bytes(original)


def _random_leaf(doc, data):
    node = doc
    while True:
        keys = list(range(len(node))) if isinstance(node, list) else list(node)
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        return node, key


def test_fuzz_inputs_never_hang_or_trace_in_a_real_process(tmp_path, home):
    """The same guarantees for the installed entry point, with a timeout as the hang detector."""
    inputs = [b"\xff\xfe\x00garbage", b"ratings: [[[[[[[[[[[[[[", b"&a [*a, *a, *a]", b"- !!python/object:os.system 'echo hi'",
              b"role: ai_engineer\nratings: {python: 99}\n", ("a: " + "[" * 5000).encode()]
    env = dict(os.environ, ASSESSOR_HOME=str(home))
    for i, raw in enumerate(inputs):
        path = tmp_path / f"bad{i}.yaml"
        path.write_bytes(raw)
        proc = subprocess.run([sys.executable, "-m", "assessor", "assess", "--answers", str(path), "--out", "-",
                               "--format", "json"], env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, (raw, proc.stderr)
        assert f"bad{i}.yaml" in proc.stderr and "Traceback" not in proc.stderr


# --- hostile text -------------------------------------------------------------------------------

HOSTILE = [
    '<img src="file:///etc/hostname">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "<style>@import url(http://127.0.0.1:9/x.css);</style>",
    "url(http://127.0.0.1:9/beacon.png)",
    '<svg><image href="http://127.0.0.1:9/i.png"/></svg>',
    "<script>alert(1)</script>",
    '"><iframe src="file:///etc/shadow">',
    "{{ config }}{% for x in range(3) %}x{% endfor %}",
    "](http://127.0.0.1:9/md-link) ![img](http://127.0.0.1:9/i.png)",
]


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def _assert_inert(data: bytes, texts: list[str], fetched: list[str]):
    assert fetched == [], f"fetched {fetched}"
    assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data and b"/JavaScript" not in data
    text = _pdf_text(data)
    for t in texts:
        assert re.sub(r"\s+", "", t) in text, t


def test_hostile_answers_fields(loaded, spy_fetches):
    """All hostile strings in one run (name and notes): one PDF and one Markdown to check, each string in them."""
    from assessor.report.output import render_document
    from assessor.schema.answers import Answers
    from assessor.scoring.score import score

    answers = Answers(name=HOSTILE[0][:120], role="ai_engineer", notes="\n".join(HOSTILE), ratings={"python": 1})
    result = score(loaded, answers, today=dt.date(2026, 11, 23), tool_version="t")
    data = render_document("pdf", loaded, answers, result, [])
    _assert_inert(data, [h[:120] for h in HOSTILE], spy_fetches)
    md = render_document("md", loaded, answers, result, []).decode()
    assert not re.search(r"(?<!\\)\]\(http", md) and not re.search(r"(?<!\\)<(img|link|a |style|script)", md)


def test_hostile_custom_rubric(tmp_path, spy_fetches, monkeypatch):
    """ASSESSOR_RUBRICS may point at an untrusted directory: its text is data, never markup."""
    from assessor.schema.answers import Answers
    from assessor.scoring.score import score
    from assessor.report.output import render_document
    from assessor.schema.loader import load_rubric

    copy = tmp_path / "untrusted"
    shutil.copytree(bundled("rubrics"), copy)
    roles = yaml.safe_load((copy / "roles.yaml").read_text())
    role = roles["roles"][0]
    role["name"] = HOSTILE[0][:80]
    role["focus"] = HOSTILE[3][:80]
    role["requirements"][0]["why"] = " ".join(HOSTILE)
    (copy / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True))
    skills_file = copy / "skills" / "programming.yaml"
    skills = yaml.safe_load(skills_file.read_text())
    skills["skills"][0]["name"] = HOSTILE[1][:80]
    skills["skills"][0]["learning"][0]["actions"] = HOSTILE[4:7]
    skills_file.write_text(yaml.safe_dump(skills, allow_unicode=True))
    meta = yaml.safe_load((copy / "rubric.yaml").read_text())
    meta["sources"][0]["title"] = HOSTILE[2]
    (copy / "rubric.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True))
    certs = yaml.safe_load((copy / "certifications.yaml").read_text())
    certs["certifications"][0]["url"] = "file:///etc/passwd"
    certs["certifications"][0]["name"] = HOSTILE[5][:80]
    (copy / "certifications.yaml").write_text(yaml.safe_dump(certs, allow_unicode=True))

    loaded = load_rubric(copy)
    answers = Answers(role=role["id"], ratings={r["skill"]: 0 for r in role["requirements"]})
    result = score(loaded, answers, today=dt.date(2026, 11, 23), tool_version="t")
    data = render_document("pdf", loaded, answers, result, [])
    _assert_inert(data, [HOSTILE[0][:80], HOSTILE[1][:80]], spy_fetches)
    html = render_document("html", loaded, answers, result, []).decode()
    body = html.split("<body>", 1)[1]
    for h in HOSTILE:
        if "<" in h:  # markup must arrive escaped; plain "url(...)" text is inert outside CSS
            assert h not in body, h
    assert "file:///etc/passwd" not in html.split("<style>")[0]


def test_hostile_count_is_what_the_readme_says():
    readme = Path(__file__).resolve().parents[1] / "README.md"
    assert f"{len(HOSTILE)} hostile strings" in readme.read_text()


# --- interrupt drill ----------------------------------------------------------------------------

def test_ctrl_c_at_every_prompt_then_resume_keeps_every_answer(tmp_path, rubric):
    """Ctrl-C at every prompt of a quick assessment, each time resumed: nothing typed is ever lost.

    One chain of processes: process k resumes, must land on prompt k (so no earlier answer was
    lost: a lost one would be asked again and the expected prompt would not appear), answers it
    and is interrupted at prompt k+1. N prompts cost N+1 processes instead of 2N.
    """
    pytest.importorskip("pexpect")
    from tests.cli.test_questionnaire_e2e import finish, last_answers, spawn

    from assessor.scoring.score import asked_skills

    role = min((r.id for r in rubric.roles), key=lambda r: len(asked_skills(rubric, r)))
    skills = asked_skills(rubric, role)
    setup = ["Your name", "Where do you work", "Which cloud", "hours a week", "By when"]
    prompts = setup + [f"skill {n} of {len(skills)}" for n in range(1, len(skills) + 1)]
    # Wait for text the running prompt draws itself: the progress line is printed before the
    # prompt starts, and a key sent in that gap may arrive before the terminal is in raw mode.
    ready = ["leave empty for none"] + ["← back"] * (len(prompts) - 1)

    def at(child, i):
        child.expect(prompts[i])
        child.expect(ready[i])

    def answer(child, i):
        if i == 0:
            child.send("Drill\r")
        elif i < len(setup):
            child.send("\r")
        else:
            child.send(str((i - len(setup)) % 4 + 1))  # a non-default level, typed as a digit
            child.send("\r")

    home = tmp_path / "home"
    home.mkdir()
    options = ("--role", role, "--no-save", "--format", "json", "--out", "out.json")
    interrupted = 0
    for k in range(len(prompts)):  # process k: resume, answer prompt k-1, Ctrl-C at prompt k
        child = spawn(home, *(("--resume",) if k else ()), *options)
        if k:
            at(child, k - 1)
            answer(child, k - 1)
        at(child, k)
        child.sendintr()
        child.expect(["--resume", "nothing to resume"])
        assert finish(child) == 130, f"Ctrl-C at prompt {k + 1} ({prompts[k]})"
        interrupted += 1
    child = spawn(home, "--resume", "--role", role, "--format", "json", "--out", "out.json")
    at(child, len(prompts) - 1)
    answer(child, len(prompts) - 1)
    assert finish(child) == 0
    answers = last_answers(home)
    assert answers.name == "Drill"
    for n, skill in enumerate(skills):
        assert answers.ratings[skill] == n % 4 + 1, skill
    assert interrupted == len(prompts)


# Issue 17 items 13-15, through a real process (python -m assessor, this checkout's code).
def _proc_env(home) -> dict:
    return dict(os.environ, ASSESSOR_HOME=str(home), PYTHONPATH=str(Path.cwd()))


def _sample_answers(tmp_path) -> Path:
    from assessor.paths import PACKAGE_DIR

    dst = tmp_path / "me.yaml"
    shutil.copy(PACKAGE_DIR / "samples" / "career_changer.yaml", dst)
    return dst


@pytest.mark.parametrize("stdout", ["full", "closed"])
def test_out_dash_to_a_full_or_closed_stdout_exits_2(tmp_path, home, stdout):
    if stdout == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    cmd = [sys.executable, "-m", "assessor", "assess", "--answers", str(_sample_answers(tmp_path)),
           "--no-save", "--format", "md", "--out", "-"]
    if stdout == "full":
        with open("/dev/full", "wb") as full:
            r = subprocess.run(cmd, env=_proc_env(home), stdout=full, stderr=subprocess.PIPE, timeout=120)
    else:
        r = subprocess.run(cmd, env=_proc_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=120, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert r.returncode == 2, r.stderr.decode()[-600:]
    assert b"Traceback" not in r.stderr and b"--out -" in r.stderr


@pytest.mark.parametrize("command", [["roles"], ["certs"], ["skills"]])
def test_a_non_utf8_stdout_never_crashes(home, command):
    env = dict(_proc_env(home), LC_ALL="C", LANG="C", PYTHONUTF8="0")
    env.pop("PYTHONIOENCODING", None)
    r = subprocess.run([sys.executable, "-m", "assessor", *command], env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()[-600:]
    assert b"UnicodeEncodeError" not in r.stderr


def test_ctrl_c_right_after_start_is_130_without_traceback(home):
    import signal
    import time

    codes = []
    for delay in (0.03, 0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.2):
        child = subprocess.Popen([sys.executable, "-m", "assessor", "roles"], env=_proc_env(home),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        if b"Fatal Python error" in err:  # CPython itself, before any of the tool's code runs
            continue
        if b"Traceback" in err and b"/assessor/" not in err:
            continue  # interrupted inside the interpreter's own start-up or shut-down, not the tool
        assert b"Traceback" not in err, (delay, err.decode()[-600:])
        codes.append(child.returncode)
    assert set(codes) <= {0, 130, -signal.SIGINT}, codes


# --- terminal and Markdown safety (issue 17, items 16-17) ---------------------------------------

ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J"


def test_escape_sequences_in_user_text_never_reach_the_terminal(home, tmp_path):
    import json

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"name": f"Eve{ESCAPES}", "role": "ai_engineer", "ratings": {"python": 2}}))
    saved = run_cli("assess", "--answers", str(answers), "--format", "md", "--out", str(tmp_path / "p.md"))
    assert saved.code == 0, saved.stderr
    for args in (("history",), ("progress",), ("report", "--format", "md", "--out", "-")):
        got = run_cli(*args)
        if args[0] == "report":  # a document on stdout is the user's own file, Markdown-escaped
            assert "\u001b" not in got.stdout
        else:
            assert "\u001b" not in got.stdout + got.stderr and "\u0007" not in got.stdout + got.stderr
    assert "Eve" in run_cli("history").stdout


def test_markdown_user_text_cannot_become_headings_code_blocks_or_links(loaded):
    from assessor.report.output import render_document
    from assessor.schema.answers import Answers
    from assessor.scoring.score import score

    name = "Eve\r# INJECTED\r\r    code http://evil.example www.evil.example"
    answers = Answers(name=name, role="ai_engineer", ratings={"python": 1}, notes=name)
    result = score(loaded, answers, today=dt.date(2026, 11, 23), tool_version="t")
    md = render_document("md", loaded, answers, result, []).decode()
    lines = md.replace("\r\n", "\n").split("\n")
    assert "\r" not in md
    assert not any(line.lstrip().startswith("# INJECTED") for line in lines)
    assert not any(line.startswith("    code") for line in lines)
    assert "http://evil.example" not in md and "www.evil.example" not in md
    assert "INJECTED" in md and "evil" in md  # shown, defused


# --- exit 2, never 1, for the user's input (issue 17) --------------------------------------------

@pytest.mark.parametrize("line,field", [
    ("target_date: 2026-02-30", "target_date"),
    ("ratings: {python: '2'}", "ratings.python"),
    ("ratings: {python: true}", "ratings.python"),
    ("ratings: {python: yes}", "ratings.python"),
])
def test_unclear_values_name_their_field(cli, tmp_path, line, field):
    path = tmp_path / "a.yaml"
    path.write_text(f"role: ai_engineer\n{line}\n")
    got = cli("assess", "--answers", str(path), "--no-save", "--format", "json", "--out", "-")
    assert got.code == 2 and "Traceback" not in got.stderr
    assert f"a.yaml: {field}" in got.stderr, got.stderr
    assert "cannot be read" not in got.stderr


@pytest.mark.parametrize("line", ["assessed_on: 9999-12-31", "hours_per_week: 0.0001", "hours_per_week: 1e-9",
                                  "target_date: 9999-12-31"])
def test_extreme_dates_and_hours_never_crash(cli, tmp_path, line):
    path = tmp_path / "a.yaml"
    path.write_text(f"role: ai_engineer\nratings: {{python: 1}}\n{line}\n")
    got = cli("assess", "--answers", str(path), "--no-save", "--format", "json", "--out", "-")
    assert got.code in (0, 2), got.stderr
    assert "internal error" not in got.stderr


def test_report_of_a_run_whose_role_the_rubric_no_longer_has_exits_2(home, tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("role: ai_engineer\nratings: {python: 1}\n")
    assert run_cli("assess", "--answers", str(path), "--format", "json", "--out", str(tmp_path / "r.json")).code == 0
    copy = tmp_path / "rubric"
    shutil.copytree(bundled("rubrics"), copy)
    text = (copy / "roles.yaml").read_text()
    (copy / "roles.yaml").write_text(re.sub(r"\bai_engineer\b", "ai_engineer_renamed", text))
    got = run_cli("report", "--format", "md", "--out", "-", environ={"ASSESSOR_RUBRICS": str(copy)})
    assert got.code == 2, got.stderr
    assert "Run 1" in got.stderr and "ai_engineer" in got.stderr and "ASSESSOR_RUBRICS" in got.stderr
