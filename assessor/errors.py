"""The one family of errors a user can act on; ``cli.main`` maps them to exit codes.

A user mistake is never a traceback: every problem names the file, the location inside it,
what was found and what was expected, and all of them are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status the tool uses; 1 always means a bug, never the user's input."""

    OK = 0
    BUG = 1
    USAGE = 2
    INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    found: str
    expected: str

    def line(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"  {where}\n      found:    {self.found}\n      expected: {self.expected}"


class AssessorError(Exception):
    """Base: a message for the user and the exit code that goes with it."""

    exit_code = ExitCode.BUG

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(AssessorError):
    """Wrong arguments, wrong input files, missing terminal: the user can fix it (exit 2)."""

    exit_code = ExitCode.USAGE


class InvalidFilesError(UsageError):
    """One or more data files failed validation; carries every problem found."""

    def __init__(self, what: str, problems: list[Problem], fix: str):
        self.problems = problems
        files = sorted({p.file for p in problems})
        header = (f"{what}: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                  f"in {', '.join(files)}.")
        body = "\n".join(p.line() for p in problems[:60])
        more = f"\n  ... and {len(problems) - 60} more" if len(problems) > 60 else ""
        super().__init__(f"{header}\n{body}{more}\n{fix}")


class StoreError(AssessorError):
    """The history database cannot be used as it is; never fixed by overwriting it (exit 2)."""

    exit_code = ExitCode.USAGE


class RenderError(AssessorError):
    """The PDF engine is missing or failed for a reason outside the user's input (exit 1)."""

    exit_code = ExitCode.BUG


def ellipsis(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def short(value: object, limit: int = 80) -> str:
    """Found values can be whole documents; show enough to recognise them.

    The text is cut while it is built, never after: ``repr()`` of a huge list (an expanded YAML
    alias) would cost minutes and gigabytes before a single character could be shown."""
    text = _bounded_repr(value, limit + 1)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _bounded_repr(value: object, budget: int) -> str:
    """``repr(value)``, or a prefix of it at least ``budget`` long; the work is bounded by budget."""
    if isinstance(value, str):
        return repr(value[:budget])
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 3 * budget:  # too long to show (and over Python's 4,300 digits)
            return f"<a number of about {int(value.bit_length() * 0.30103) + 1:,} digits>"
        return repr(value)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        opening, closing = {dict: "{}", list: "[]", tuple: "()"}.get(type(value), "{}")
        items = value.items() if isinstance(value, dict) else value
        text = opening
        for i, item in enumerate(items):
            if len(text) >= budget:
                break
            if i:
                text += ", "
            if isinstance(value, dict):
                key = _bounded_repr(item[0], budget - len(text))
                text += f"{key}: {_bounded_repr(item[1], budget - len(text) - len(key) - 2)}"
            else:
                text += _bounded_repr(item, budget - len(text))
        return text + ("," if isinstance(value, tuple) and len(value) == 1 else "") + closing
    text = repr(value)
    return text[: budget + 1]
