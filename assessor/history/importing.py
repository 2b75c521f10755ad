"""Reading an export file for ``import``: bounded, streamed, and checked before anything is written.

Only a regular file is read (a FIFO would hang, ``/dev/zero`` never ends), and at most
:data:`MAX_IMPORT_BYTES`. The JSON is walked a run at a time (:mod:`assessor.history.json_stream`):
each run is validated with the model ``export`` checked it with and kept only as the row it
will be stored as, so memory stays about the size of the runs' JSON instead of several times
the file. Every problem in the file is reported at once, and nothing is imported unless all of
it is valid.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessor.errors import InvalidFilesError, Problem, UsageError, short
from assessor.history import json_stream
from assessor.history.export import EXPORT_FORMAT, EXPORT_VERSION, ExportedRun, HistoryExport
from assessor.history.rows import StoredRow, stored_row
from assessor.schema.validation import validation_problems

MAX_IMPORT_BYTES = 512 * 2**20  # 512 MiB: several thousand runs (3,000 runs export to ~250 MB)
FIX = ("Import a file written by `assessor export` (unchanged), or fix the places listed above. "
       "Nothing was imported.")
KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
         (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


@dataclass(frozen=True)
class ExportFile:
    """A valid export file: its profile and draft, and its runs as they will be stored."""

    profile: str
    draft: dict[str, Any] | None
    rows: list[StoredRow]


def read_export(path: Path) -> ExportFile:
    name = str(path)

    def invalid(location: str, found: str, expected: str) -> InvalidFilesError:
        return InvalidFilesError("The export file is not valid",
                                 [Problem(name, location, found, expected)], FIX)

    header: dict[str, Any] = {}
    streamed = False
    rows: list[StoredRow] = []
    problems: list[Problem] = []

    def on_member(key: str, value: Any) -> None:
        if key in header or (key == "runs" and streamed):
            raise invalid(key, f"the field {key!r} a second time", "each field once")
        header[key] = value
        _check_format(path, header, invalid, final=False)

    def on_item(index: int, item: Any) -> None:
        nonlocal streamed
        if index == 0:
            if streamed or "runs" in header:
                raise invalid("runs", "the field 'runs' a second time", "each field once")
            streamed = True
        try:
            run = ExportedRun.model_validate(item)
        except ValidationError as exc:
            problems.extend(_located(p, index) for p in validation_problems(name, exc, item))
            return
        if not problems:  # once the file is known to be refused, keep nothing
            rows.append(stored_row(run.created_at, run.answers, run.result, uid=run.uid))

    with _open_regular(path) as handle:
        try:
            json_stream.read_object(handle, limit=MAX_IMPORT_BYTES, streamed="runs",
                                    on_member=on_member, on_item=on_item)
        except json_stream.NotUtf8 as exc:
            raise invalid(f"byte {exc.offset}", "bytes that are not UTF-8 text",
                          "a JSON file written by `assessor export`") from None
        except json_stream.JsonSyntaxError as exc:
            raise invalid(f"line {exc.lineno}, column {exc.colno}", exc.msg,
                          "valid JSON, as written by `assessor export`") from None
        except json_stream.NotAnObject as exc:
            raise invalid("format", f"a JSON {exc.kind}",
                          f'"{EXPORT_FORMAT}": a file written by `assessor export`') from None
        except json_stream.TooLarge:
            raise _too_large(path) from None
    _check_format(path, header, invalid, final=True)
    document = {**header, "runs": []} if streamed else header
    try:
        HistoryExport.model_validate(document)
    except ValidationError as exc:
        problems[:0] = validation_problems(name, exc, document)
    if problems:
        raise InvalidFilesError("The export file is not valid", problems, FIX)
    return ExportFile(profile=header["profile"], draft=header.get("draft"), rows=rows)


def _located(problem: Problem, index: int) -> Problem:
    where = problem.location
    inner = "" if where == "(top level)" else (where if where.startswith("[") else f".{where}")
    return Problem(problem.file, f"runs[{index}]{inner}", problem.found, problem.expected)


def _check_format(path: Path, header: dict, invalid, *, final: bool) -> None:
    """Say early (before reading thousands of runs) that a file is not an export, or a newer one."""
    if ("format" in header or final) and header.get("format") != EXPORT_FORMAT:
        raise invalid("format", short(header.get("format")),
                      f'"{EXPORT_FORMAT}": a file written by `assessor export`')
    version = header.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise UsageError(
            f"{path} was written by a newer assessor (export format {version}; this version "
            f"reads up to {EXPORT_VERSION}). Upgrade assessor to import it. Nothing was imported.")


def _too_large(path: Path) -> UsageError:
    return UsageError(f"{path} is larger than {MAX_IMPORT_BYTES // 2**20} MiB, the most `assessor "
                      "import` reads (an export of several thousand runs is smaller). Check that "
                      "it is an export file. Nothing was imported.")


def _open_regular(path: Path):
    """The file opened for reading, if it is a regular file of at most the size limit.

    Opened without blocking, then checked: opening a FIFO for reading would otherwise wait for a
    writer forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file. Give the path of a file written by "
                         "`assessor export`.") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    try:
        info = os.fstat(fd)
        kind = next((what for test, what in KINDS if test(info.st_mode)), None)
        if kind or not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path} is {kind or 'not a regular file'}, not an export file. Give "
                             "the path of a file written by `assessor export`. Nothing was imported.")
        if info.st_size > MAX_IMPORT_BYTES:
            raise _too_large(path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
