"""What went wrong with the history database file, in words a user can act on.

Every message names the file and says what to do, and none of them suggests deleting it: the
history is months of someone's effort. A damaged file gets the backup steps.
"""

from __future__ import annotations

import os
from pathlib import Path

from assessor.errors import StoreError


def store_error(path: Path, exc: BaseException) -> StoreError:
    """Say what is wrong with the database file and what the user can do; never touch the file."""
    if isinstance(exc, StoreError):
        return exc
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in text or "malformed" in text:
        return StoreError(corrupt_message(path, text))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(
            f"The history database {path} stayed locked by another assessor process for longer "
            "than assessor waits. Let the other run finish, then try again.")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreError(f"The disk holding the history database {path} is full; nothing was "
                          "saved. Free some space, then try again.")
    if isinstance(exc, OSError) or name.startswith(
            ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_AUTH")):
        folder = path.parent
        why = (f"the folder {folder} is not writable" if folder.exists() and not os.access(folder, os.W_OK)
               else f"{exc.strerror if isinstance(exc, OSError) and exc.strerror else text}")
        return StoreError(
            f"Cannot write the history database {path}: {why}. Make the folder writable, or set "
            "ASSESSOR_HOME to a folder you can write to.")
    return StoreError(f"The history database {path} cannot be used ({text}). It was left as it "
                      "is; copy it aside before trying anything else.")


def corrupt_message(path: Path, reason: str) -> str:
    return (
        f"The history database {path} is damaged or is not an SQLite database ({reason}).\n"
        "assessor has not changed it and will not overwrite it. To keep your runs:\n"
        f'  1. copy it aside:  cp "{path}" "{path}.damaged"\n'
        "  2. if you have a backup of your data folder, run `assessor export FILE` with "
        "ASSESSOR_HOME pointing at the backup, then move the damaged file away and "
        "`assessor import FILE`;\n"
        "  3. otherwise `sqlite3 COPY .recover` can often salvage runs from the copy.\n"
        "Until then, set ASSESSOR_HOME to another folder to keep using assessor.")
