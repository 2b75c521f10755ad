"""Writing the user's files: atomically where a file is replaced, in place for devices and pipes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from assessor.errors import UsageError


# Files next to the history database that SQLite owns: a document written over any of them
# replaces (or corrupts) every saved run.
DB_COMPANIONS = ("", "-wal", "-journal", "-shm")
OWNED_FOLDERS = ("reports",)  # inside the data directory, documents may go only here


def _real(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path


def guard_output(target: Path, data_dir: Path, inputs: tuple[Path, ...] = (),
                 db_name: str = "history.sqlite3", *, flag: str = "--out") -> None:
    """Refuse (exit 2, naming the path) a user-chosen output that would replace the history
    database or its journals, an input file being read, or a file in the data directory that
    the tool does not own (anything outside its ``reports`` folder). ``flag`` is the option
    that named the path, so the message says which one to change."""
    real = _real(target)
    home = _real(data_dir)
    database = home / db_name
    for suffix in DB_COMPANIONS:
        if real == Path(f"{database}{suffix}"):
            raise UsageError(f"Refusing to write {target}: it is the history database"
                             f"{' journal' if suffix else ''} ({database}{suffix}). Choose another "
                             f"{flag} path.")
    for source in inputs:
        if source is not None and real == _real(source):
            raise UsageError(f"Refusing to write {target}: it is the input file being read. "
                             f"Choose another {flag} path so your answers are not replaced.")
    if real.is_relative_to(home) and real != home:
        owned = any(real.is_relative_to(home / folder) for folder in OWNED_FOLDERS)
        if not owned:
            raise UsageError(f"Refusing to write {target}: it is inside the data directory {home}, "
                             f"which holds your history. Give {flag} a path elsewhere, or under "
                             f"{home / 'reports'}.")


def write_atomically(target: Path, data: bytes | Iterable[bytes], *, make_parents: bool = False) -> None:
    """Regular files are replaced atomically; devices and pipes (``/dev/null``) are written in place.

    ``data`` may come in chunks (an export of thousands of runs is written as it is read): the
    file is replaced only once the last chunk is written. Missing folders are created only when
    ``make_parents`` (the tool's own data directory): a typo in a user's path must not silently
    create ``/nonexistent/dir``.
    """
    chunks = (data,) if isinstance(data, bytes) else data
    if not make_parents and not target.parent.is_dir():
        missing = target.parent
        while not missing.parent.exists() and missing.parent != missing:
            missing = missing.parent
        raise UsageError(f"Cannot write {target}: the folder {missing} does not exist. Create it "
                         "first, or choose another path.")
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            with open(target, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            return
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UsageError(f"--out {target}: is a directory; give a file name such as {target / 'plan.pdf'}.") from None
    except OSError as exc:
        raise UsageError(f"Cannot write {target} ({exc.strerror}). Choose another --out path, "
                         "or `--out -` to write to stdout.") from None


def write_cache_entry(path: Path, text: str) -> bool:
    """Write one entry of the user's cache folder (folders created private, 0700): readers see the
    whole entry or none, and any failure is silent (a cache is an optimisation only). True when
    the entry was written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        return True
    except (OSError, ValueError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False
