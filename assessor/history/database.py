"""Opening the history database file safely, and the transactions every write runs in.

The history is a person's record of months of effort, so nothing here resets, repairs or
overwrites a database it cannot use: a damaged file, someone else's SQLite file, or one written
by a newer assessor is refused with a :class:`StoreError` that names the file and says how to keep
the data. SQLite's rollback journal makes each save all-or-nothing even if the process is killed
mid-write, and every write starts with ``BEGIN IMMEDIATE`` under a busy timeout, so two assessor
processes saving at once simply take turns.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor.errors import StoreError
from assessor.history.migrations import APPLICATION_ID, SCHEMA_VERSION, check_header, migrate

if TYPE_CHECKING:
    from assessor.environment import Environment

DB_NAME = "history.sqlite3"
BUSY_TIMEOUT_S = 30.0  # a save takes milliseconds; waiting this long means another process hangs
EMPTY_GRACE_S = 10.0  # a 0-byte file younger than this is another process creating the database


def db_path(env: Environment) -> Path:
    return env.data_dir() / DB_NAME


def store_error(path: Path, exc: BaseException) -> StoreError:
    """See :func:`assessor.history.errors.store_error`; imported only when something failed."""
    from assessor.history.errors import store_error as explain

    return explain(path, exc)


def _empty_and_settled(path: Path) -> bool:
    """A 0-byte database that no concurrent save is creating right now (it has no journal and
    was not just created): truncated or emptied by something else, never silently a new history."""
    import time

    info = path.stat()
    if info.st_size:
        return False
    if any(Path(f"{path}{s}").exists() for s in ("-journal", "-wal")):
        return False
    return time.time() - info.st_mtime > EMPTY_GRACE_S


def connect(path: Path, read_only: bool) -> sqlite3.Connection | None:
    """A connection to ``path``, or None when reading a database that does not exist yet."""
    try:
        exists = path.exists()
        if path.is_dir():
            raise StoreError(f"The history database {path} is a folder, not a file. Move it "
                             "away, or set ASSESSOR_HOME to another folder.")
        if not exists:
            if read_only:
                return None
            path.parent.mkdir(parents=True, exist_ok=True)
        elif _empty_and_settled(path):
            raise StoreError(f"The history database {path} is an empty (0-byte) file, so its runs "
                             "are missing: it is not reinitialised (run ids would restart at 1). "
                             "Restore it from a backup (`assessor import FILE`) after moving it "
                             "away, or delete it to start a new history.")
    except OSError as exc:
        raise store_error(path, exc) from None
    # mode=rw never creates a file, so a database moved away meanwhile is not silently replaced.
    uri = path.absolute().as_uri() + ("?mode=rw" if exists else "?mode=rwc")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=True)
    except sqlite3.Error as exc:
        raise store_error(path, exc) from None
    return conn


def guarded(method):
    """Store methods raise StoreError, never sqlite3 errors, even inside the ``with`` block:
    callers such as the questionnaire catch StoreError per call and carry on."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None

    return call


def _header(conn: sqlite3.Connection) -> tuple[int, int, list[str]]:
    """Reading the header is the first thing done with a file, and it never writes."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return version, app_id, tables


class Database:
    """One open history database: its header checked and upgraded, every write a transaction."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path, read_only: bool = False):
        self._conn = conn
        self.path = path
        self.read_only = read_only

    def _prepare(self) -> None:
        conn = self._conn
        version, app_id, tables = _header(conn)
        check_header(self.path, version, app_id, tables)  # refuses foreign and newer files
        conn.execute("PRAGMA foreign_keys = ON")
        if version == SCHEMA_VERSION:
            return
        if self.read_only and version == 0 and not tables:
            self._conn = None  # an empty file: nothing stored yet, and nothing to write
            return
        with self._transaction():
            version, app_id, tables = _header(conn)  # another process may have upgraded it
            check_header(self.path, version, app_id, tables)
            migrate(conn, version)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` takes the write lock up front, so the busy timeout applies."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self):
        if self.read_only or self._conn is None:
            raise RuntimeError("this store was opened read-only")
        return self._transaction()

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self._conn is None:
            return []
        return self._conn.execute(sql, params).fetchall()

    def _cursor(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        """Rows one at a time (export reads thousands); sqlite3 errors become StoreError."""
        if self._conn is None:
            return
        try:
            yield from self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None


@contextmanager
def opened(cls: type[Database], env: Environment, read_only: bool = False) -> Iterator[Database]:
    """Open (creating and upgrading as needed) the history database of ``env`` as ``cls``.

    ``read_only`` never creates the file: a missing or still-empty database is an empty store
    (a database of an older schema is still upgraded, as every open does). Every SQLite failure
    becomes a :class:`StoreError` naming the file.
    """
    path = db_path(env)
    conn = connect(path, read_only)
    if conn is None:
        yield cls(None, path, read_only=True)
        return
    try:
        store = cls(conn, path, read_only)
        store._prepare()
        yield store
    except sqlite3.Error as exc:
        raise store_error(path, exc) from None
    finally:
        conn.close()
