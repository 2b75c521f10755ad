"""The only module that imports questionary: turns a :class:`Question` into a prompt and asks it.

Thin on purpose (copier/commitizen style): the questions are data from ``questions.py``; this layer
only draws them, using ``unsafe_ask()`` so Ctrl-C reaches the one handler that keeps the draft.
Long texts are wrapped here to the terminal width because prompt_toolkit cuts lines instead of
wrapping them inside a choice list, and an 80x24 terminal must still show every choice and the
description of the highlighted one.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary.prompts.common import InquirerControl

from assessor.questionnaire.questions import BACK, Question

STYLE = questionary.Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansiyellow bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", ""),   # no grey: "bright black" vanishes on some dark themes
    ("text", ""),
    ("header", "bold"),
    ("header-text", ""),
    ("progress", "fg:ansicyan"),
])
DESCRIPTION_LABEL = "  Description: "  # questionary's own prefix; wrapping accounts for it
POINTER = "»"
MAX_WIDTH = 100  # beyond this, long lines are harder to read than wrapped ones


class QuestionaryPrompter:
    """Asks questions on the terminal; ``input``/``output`` let tests feed prompt_toolkit pipes."""

    def __init__(self, input=None, output=None):
        self.input = input
        self.output = output

    # --- the Prompter protocol ---------------------------------------------------------------

    def ask(self, question: Question) -> Any:
        self._print_context(question)
        prompt, convert = self.build(question)
        try:
            value = convert(prompt.unsafe_ask())
        except EOFError:  # Ctrl-D: the user wants out, same as Ctrl-C (the draft is kept)
            raise KeyboardInterrupt from None
        if question.kind == "checkbox" and value is not BACK:
            self._echo_ticked(question, value)
        return value

    def _echo_ticked(self, q: Question, picked: list) -> None:
        """questionary echoes an empty checkbox as "done"; say what was ticked instead."""
        said = "none ticked" if not picked else f"{len(picked)} ticked"
        print_formatted_text(FormattedText([("class:qmark", "? "), ("class:question", q.message),
                                            ("", "  "), ("class:answer", said)]),
                             style=STYLE, output=self.output)

    def say(self, text: str, style: str = "") -> None:
        print_formatted_text(FormattedText([(style, text)]), style=STYLE, output=self.output)

    def build(self, q: Question) -> tuple[questionary.Question, Callable[[Any], Any]]:
        """The questionary prompt for ``q`` (not yet asked) and how to turn its result into a value."""
        return {"text": self._text, "checkbox": self._checkbox, "select": self._select}[q.kind](q)

    # --- kinds -------------------------------------------------------------------------------

    def _text(self, q: Question):
        def validate(text: str):
            if q.parse is None:
                return True
            try:
                q.parse(text)
            except ValueError as exc:
                return str(exc)
            return True

        prompt = questionary.text(
            self._message(q, indent=2), default=str(q.default or ""), validate=validate,
            instruction=self._instruction(q), style=STYLE, **self._io())
        return prompt, (lambda raw: q.parse(raw) if q.parse else raw)

    def choices(self, q: Question) -> list[questionary.Choice]:
        """The options as questionary choices, wrapped to the terminal; values are option indexes."""
        width = self._width()
        if q.kind == "checkbox":
            ticked = set(q.default or [])
            return [questionary.Choice(self._wrap_title(o.title, width, 5), value=i,
                                       checked=o.value in ticked)
                    for i, o in enumerate(q.options) if o.value is not BACK]
        return [questionary.Choice(self._wrap_title(o.title, width, 3), value=i,
                                   description=self._wrap_description(o.description, width))
                for i, o in enumerate(q.options)]

    def _select(self, q: Question):
        choices = self.choices(q)
        default = next((i for i, o in enumerate(q.options) if o.value is not BACK
                        and type(o.value) is type(q.default) and o.value == q.default), 0)
        prompt = questionary.select(
            self._message(q, indent=2), choices=choices, default=default, pointer=POINTER,
            instruction=self._instruction(q), show_description=True, style=STYLE, **self._io())
        keys = {o.key: i for i, o in enumerate(q.options) if o.key}
        back = next((i for i, o in enumerate(q.options) if o.value is BACK), None)
        self._bind(prompt, keys, back)
        return prompt, (lambda index: BACK if index is BACK else q.options[index].value)

    def _checkbox(self, q: Question):
        prompt = questionary.checkbox(
            self._message(q, indent=2), choices=self.choices(q), pointer=POINTER,
            instruction=self._instruction(q), style=STYLE, **self._io())
        prompt.application.erase_when_done = True  # replaced by _echo_ticked's line
        self._bind(prompt, {})
        return prompt, (lambda picked: BACK if picked is BACK
                        else [q.options[i].value for i in sorted(picked)])

    # --- helpers -----------------------------------------------------------------------------

    def _io(self) -> dict:
        kwargs = {}
        if self.input is not None:
            kwargs["input"] = self.input
        if self.output is not None:
            kwargs["output"] = self.output
        return kwargs

    def _width(self) -> int:
        if self.output is not None:
            columns = self.output.get_size().columns
        else:
            columns = shutil.get_terminal_size((80, 24)).columns
        return max(40, min(columns, MAX_WIDTH))

    def _print_context(self, q: Question) -> None:
        width = self._width()
        if q.header:
            name, _, about = q.header.partition(": ")
            self.say("")
            self.say(f"── {name} " + "─" * max(3, width - len(name) - 5), "class:header")
            if about:
                self.say(textwrap.fill(about, width - 1), "class:header-text")
        if q.progress:
            self.say(q.progress, "class:progress")

    def _message(self, q: Question, indent: int) -> str:
        """Long messages (knowledge checks) are wrapped; the first line follows the "? " mark.

        The instruction goes on a line of its own when it would not fit after the message.
        """
        width = self._width() - 1
        lines = textwrap.wrap(q.message, width, initial_indent=" " * indent,
                              subsequent_indent="  ") or [""]
        instruction = self._instruction(q) or ""
        if instruction and len(lines[-1]) + 1 + len(instruction) > width:
            lines.append(" ")
        lines[0] = lines[0][indent:]
        return "\n".join(lines)

    def _instruction(self, q: Question) -> str | None:
        parts = [p for p in (q.last_time, (q.instruction or "").strip("()")) if p]
        return f"({' · '.join(parts)})" if parts else None

    @staticmethod
    def _wrap_title(title: str, width: int, lead: int) -> str:
        """Continuation lines line up under the first character after an "a) " label."""
        hang = lead + (3 if len(title) > 2 and title[1:3] == ") " else 0)
        lines = textwrap.wrap(title, width - 1, initial_indent=" " * lead,
                              subsequent_indent=" " * hang) or [" " * lead]
        lines[0] = lines[0][lead:]
        return "\n".join(lines)

    @staticmethod
    def _wrap_description(text: str | None, width: int) -> str | None:
        if not text:
            return None
        lead = len(DESCRIPTION_LABEL)
        lines = textwrap.wrap(text, width - 1, initial_indent=" " * lead, subsequent_indent="  ")
        lines[0] = lines[0][lead:]
        return "\n".join(lines)

    @staticmethod
    def _bind(prompt, keys: dict[str, int], back: int | None = None) -> None:
        """"←" goes back from any list, Ctrl-D stops, typing an option's key moves the pointer to it."""
        app = prompt.application
        control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
        extra = KeyBindings()

        @extra.add(Keys.Left, eager=True)
        def _back(event):
            if back is None:
                event.app.exit(result=BACK)
            else:  # same as choosing "← back", so the screen says so
                control.pointed_at = back
                control.is_answered = True
                event.app.exit(result=back)

        @extra.add(Keys.ControlD, eager=True)
        def _quit(event):  # as in a text prompt: Ctrl-D stops like Ctrl-C
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        for key, index in keys.items():
            def _move(event, index=index):
                control.pointed_at = index
            extra.add(key, eager=True)(_move)
        app.key_bindings = merge_key_bindings([app.key_bindings, extra])
