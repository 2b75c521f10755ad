"""The real questionary prompts, fed keys through a prompt_toolkit pipe (no terminal needed).

A prompt waiting for more input would block forever, so every prompt runs under a watchdog that
presses Ctrl-C after a few seconds and fails the test with "still waiting for input".
"""

from __future__ import annotations

import threading

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from questionary.prompts.common import InquirerControl

from assessor.scoring.score import asked_skills
from assessor.cli.prompts import POINTER, QuestionaryPrompter
from assessor.questionnaire.questions import (
    BACK, EVIDENCE, RATE, ROLE, ROLE_STAGE, TARGET, TARGET_OTHER, OTHER_DATE, Setup, build_questions,
    check_question,
)

from tests.conftest import TODAY

ENTER, DOWN, UP, LEFT, CTRL_C, CTRL_D, SPACE = "\r", "\x1b[B", "\x1b[A", "\x1b[D", "\x03", "\x04", " "
TIMEOUT = 5.0
ROWS, COLUMNS = 24, 80


class RecordingOutput(DummyOutput):
    """Keeps what is printed between prompts (headers, progress lines)."""

    def __init__(self):
        self.written = []

    def write(self, data: str) -> None:
        self.written.append(data)

    def write_raw(self, data: str) -> None:
        self.written.append(data)

    @property
    def text(self) -> str:
        return "".join(self.written)


def ask(question, keys: str, output=None):
    """Ask ``question`` with ``keys`` typed; fail (never hang) when the keys do not finish it."""
    with create_pipe_input() as pipe:
        prompter = QuestionaryPrompter(input=pipe, output=output or DummyOutput())
        timed_out = threading.Event()

        def watchdog():
            timed_out.set()
            pipe.send_text(CTRL_C)

        timer = threading.Timer(TIMEOUT, watchdog)
        timer.start()
        pipe.send_text(keys)
        try:
            return prompter.ask(question)
        except KeyboardInterrupt:
            if timed_out.is_set():
                pytest.fail(f"prompt {question.key!r} still waiting for input after {keys!r}")
            raise
        finally:
            timer.cancel()


@pytest.fixture(scope="module")
def quick(rubric):
    return {q.key: q for q in build_questions(Setup(rubric, today=TODAY), {})}


@pytest.fixture(scope="module")
def full(rubric):
    answered = {RATE + s.id: 4 for s in rubric.skills}
    return {q.key: q for q in build_questions(Setup(rubric, mode="full", today=TODAY), answered)}


def first_rating(rubric, questions):
    return questions[RATE + asked_skills(rubric, None)[0]]


def test_enter_accepts_the_default_level(rubric, quick):
    q = first_rating(rubric, quick)
    assert ask(q, ENTER) is None  # first run default: skip / not sure


def test_typing_a_level_moves_the_pointer_and_enter_confirms(rubric, quick):
    q = first_rating(rubric, quick)
    assert ask(q, "2" + ENTER) == 2
    assert ask(q, "4" + "0" + ENTER) == 0


def test_arrow_keys_move_through_the_levels(rubric, quick):
    q = first_rating(rubric, quick)
    assert ask(q, UP + ENTER) == 4   # from "skip" up to the top level
    assert ask(q, UP + UP + UP + ENTER) == 2
    assert ask(q, DOWN + ENTER) is BACK  # below "skip" is "← back"


def test_left_arrow_and_the_back_choice_go_back(rubric, quick):
    q = first_rating(rubric, quick)
    assert ask(q, LEFT) is BACK
    assert ask(quick[ROLE_STAGE], LEFT) is BACK


def test_rerun_default_is_preselected(rubric):
    from assessor.schema.answers import Answers

    skill = asked_skills(rubric, None)[0]
    setup = Setup(rubric, today=TODAY, previous=Answers(ratings={skill: 3}))
    q = {q.key: q for q in build_questions(setup, {})}[RATE + skill]
    assert ask(q, ENTER) == 3
    assert ask(q, DOWN + ENTER) == 4


def test_role_select_returns_a_role_id_or_none(rubric, quick):
    assert ask(quick[ROLE_STAGE], ENTER) is None  # "not sure": no role list follows
    first = rubric.roles[0]
    role_q = {q.key: q for q in build_questions(Setup(rubric, today=TODAY), {ROLE_STAGE: first.stage})}[ROLE]
    assert ask(role_q, ENTER) is None
    in_stage = [r for r in rubric.roles if r.stage == first.stage]
    assert ask(role_q, UP * len(in_stage) + ENTER) == in_stage[0].id


def test_knowledge_check_letters_pick_options(rubric, full):
    check = rubric.checks[0]
    q = check_question(check, rubric.skill(check.skill), {}, None, "p", seed=1)
    assert ask(q, ENTER) is None  # "I don't know"
    assert ask(q, "b" + ENTER) == q.options[1].value  # the second shown; its written letter
    assert ask(q, "?" + ENTER) is None


def test_evidence_checkbox_ticks_and_keeps_defaults(rubric, full):
    skill = rubric.skill(asked_skills(rubric, None)[0])
    q = full[EVIDENCE + skill.id]
    ids = [e.id for e in skill.evidence]
    assert ask(q, ENTER) == []
    assert ask(q, SPACE + DOWN + SPACE + ENTER) == ids[:2]
    ticked = type(q)(**{**q.__dict__, "default": [ids[1]]})
    assert ask(ticked, ENTER) == [ids[1]]
    assert ask(ticked, SPACE + ENTER) == ids[:2]
    assert ask(q, LEFT) is BACK


def test_text_prompt_validates_and_empty_goes_back(rubric):
    questions = {q.key: q for q in build_questions(Setup(rubric, today=TODAY), {TARGET: OTHER_DATE})}
    q = questions[TARGET_OTHER]
    assert ask(q, "2027-06-30" + ENTER) == "2027-06-30"
    # a past date is refused and the prompt stays; fixing the text then works
    assert ask(q, "2020-01-01" + ENTER + "\x7f" * 10 + "2028-01-31" + ENTER) == "2028-01-31"
    assert ask(q, ENTER) is BACK


def test_name_prompt_keeps_the_default(rubric):
    q = build_questions(Setup(rubric, today=TODAY, login_name="ada"), {})[0]
    assert ask(q, ENTER) == "ada"
    assert ask(q, "\x7f" * 3 + "Grace Hopper" + ENTER) == "Grace Hopper"


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_raise_keyboard_interrupt(rubric, quick, key):
    with pytest.raises(KeyboardInterrupt):
        ask(first_rating(rubric, quick), key)
    with pytest.raises(KeyboardInterrupt):
        ask(quick["name"], key)


def test_category_header_and_progress_line_are_printed(rubric, quick):
    q = first_rating(rubric, quick)
    out = RecordingOutput()
    ask(q, ENTER, output=out)
    category = rubric.category_map[rubric.skill(q.key[len(RATE):]).category]
    assert category.name in out.text
    assert q.progress in out.text and "skill 1 of" in out.text


# --- fitting an 80x24 terminal -----------------------------------------------------------------

def every_question(rubric):
    """Every distinct question of both modes for every role choice, with checks at all levels."""
    seen = {}
    for role in [None, *(r.id for r in rubric.roles)]:
        stage = rubric.role(role).stage if role else None
        answered = {ROLE_STAGE: stage, ROLE: role, **{RATE + s.id: 4 for s in rubric.skills}}
        for mode in ("quick", "full"):
            for q in build_questions(Setup(rubric, mode=mode, today=TODAY), answered):
                seen.setdefault(f"{q.key}@{stage}" if q.key == ROLE else q.key, q)
    seen.update({q.key: q for q in build_questions(Setup(rubric, today=TODAY), {TARGET: OTHER_DATE})})
    return list(seen.values())


def screens(prompter, q):
    """The lines the prompt draws, for every position of the pointer.

    The list is drawn by questionary's own control, built as ``select``/``checkbox`` build it
    (building the whole prompt for each of the ~300 questions would take many seconds).
    """
    head = f"? {prompter._message(q, indent=2)} {prompter._instruction(q) or ''}".rstrip()
    if q.kind == "text":
        yield head.split("\n")
        return
    control = InquirerControl(prompter.choices(q), pointer=POINTER, show_description=True,
                              use_indicator=q.kind == "checkbox")
    for i in range(len(control.choices)):
        control.pointed_at = i
        body = "".join(text for _style, text, *_ in control._get_choice_tokens())
        yield head.split("\n") + body.split("\n")


def test_every_prompt_fits_an_80x24_terminal_with_its_description(rubric):
    prompter = QuestionaryPrompter(output=DummyOutput())  # DummyOutput reports 80 columns
    assert prompter._width() == COLUMNS
    for q in every_question(rubric):
        for lines in screens(prompter, q):
            # one row stays free for the progress line printed above the prompt
            assert len(lines) <= ROWS - 1, f"{q.key}: {len(lines)} rows"
            too_wide = [line for line in lines if len(line) > COLUMNS]
            assert not too_wide, f"{q.key}: cut off at {COLUMNS} columns: {too_wide[0]!r}"


def test_evidence_echo_says_none_ticked_or_how_many(rubric, full):
    """questionary alone would echo "…have you done? done" for an empty answer."""
    import io

    from prompt_toolkit.output.plain_text import PlainTextOutput

    skill = rubric.skill(asked_skills(rubric, None)[0])
    q = full[EVIDENCE + skill.id]
    for keys, said in ((ENTER, "none ticked"), (SPACE + DOWN + SPACE + ENTER, "2 ticked")):
        screen = io.StringIO()
        ask(q, keys, output=PlainTextOutput(screen))
        text = screen.getvalue()
        assert f"have you done?  {said}" in text, text[-300:]
        assert "done? done" not in text
