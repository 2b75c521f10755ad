"""The one object that carries the outside world (streams, terminal, env vars, today) into commands.

Commands never touch ``sys`` or ``os.environ`` directly, so tests can fake a terminal or a pipe.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text for a terminal: escape sequences and other control characters (from a name, a profile,
    an imported export or a custom rubric) are shown as ``?``, never obeyed. Newlines and tabs stay."""
    return _UNPRINTABLE.sub("?", text)


@dataclass
class Environment:
    stdin: IO = field(default_factory=lambda: sys.stdin)
    stdout: IO = field(default_factory=lambda: sys.stdout)
    stderr: IO = field(default_factory=lambda: sys.stderr)
    environ: dict = field(default_factory=lambda: dict(os.environ))
    today: dt.date = field(default_factory=dt.date.today)
    cwd: Path = field(default_factory=Path.cwd)

    @property
    def interactive(self) -> bool:
        """Prompts need a terminal on both ends; anything else must never hang."""
        try:
            return self.stdin.isatty() and self.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    def say(self, text: str = "") -> None:
        """Messages go to stderr, so ``--out -`` leaves stdout to the document alone."""
        print(printable(text), file=self.stderr)

    @property
    def terminal_width(self) -> int:
        """Columns of the terminal on stdout (``COLUMNS`` wins, as for every terminal program);
        100 when it is not a terminal (a pipe or a file)."""
        import shutil

        given = str(self.environ.get("COLUMNS", ""))
        if given.isascii() and given.isdigit() and 0 < int(given) < 10_000:
            return int(given)
        return shutil.get_terminal_size((100, 24)).columns

    def now(self) -> dt.datetime:
        """The wall clock in UTC: only for time stamps (file names, stored-at), never for scoring."""
        return dt.datetime.now(dt.timezone.utc)

    def resolve(self, name: str | Path) -> Path:
        """A path the user typed, relative to the working directory the command ran in."""
        path = Path(name).expanduser()
        return path if path.is_absolute() else self.cwd / path

    def write_text(self, text: str) -> None:
        """Human-readable output on stdout (tables, progress), with control characters defused."""
        self.stdout.write(printable(text))

    def rubric_dir(self) -> Path:
        from assessor.paths import rubric_dir

        return rubric_dir(self.environ)

    def cache_dir(self) -> Path | None:
        from assessor.paths import cache_dir

        return cache_dir(self.environ)

    def data_dir(self) -> Path:
        from assessor.paths import data_dir

        return data_dir(self.environ)
