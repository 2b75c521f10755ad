"""The history database: every completed run of every profile, and the in-progress drafts.

The history is a person's record of months of effort, so this module never resets, repairs or
overwrites a database it cannot use: a damaged file, someone else's SQLite file, or one written
by a newer assessor is refused with a :class:`StoreError` that names the file and says how to keep
the data. SQLite's rollback journal makes each save all-or-nothing even if the process is killed
mid-write, and every write starts with ``BEGIN IMMEDIATE`` under a busy timeout, so two assessor
processes saving at once simply take turns.

Listing reads only the small columns, with sqlite3 alone; pydantic is imported only where whole
runs are turned back into models. That keeps ``assessor history`` about as fast as
``assessor --version`` with a thousand runs stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from assessor.errors import StoreError
from assessor.history.migrations import APPLICATION_ID, SCHEMA_VERSION, check_header, migrate

if TYPE_CHECKING:
    from assessor.schema.answers import Answers
    from assessor.environment import Environment
    from assessor.schema.result import AssessmentResult

DB_NAME = "history.sqlite3"
MAX_RUN_ID = 2**63 - 1  # SQLite's largest INTEGER; larger ids match nothing
BUSY_TIMEOUT_S = 30.0  # a save takes milliseconds; waiting this long means another process hangs

# Chronological order of a profile's runs: the assessment date a user gave, then save time.
ORDER = "assessed_on, created_at, id"
# A profile's runs from the first up to a given run id, oldest first (params: profile, profile, id).
UP_TO = (f"profile = ? AND ({ORDER}) <= (SELECT {ORDER} FROM runs WHERE profile = ? AND id = ?) "
         f"ORDER BY {ORDER}")
ORDER_DESC = "assessed_on DESC, created_at DESC, id DESC"
SUMMARY_COLUMNS = "id, profile, created_at, assessed_on, name, role, role_name, mode, readiness, rubric_version"
RAW_COLUMNS = "id, profile, uid, created_at, rubric_digest, tool_version, answers, result"
STORED_COLUMNS = ("id, profile, created_at, rubric_digest, tool_version, assessed_on, role, "
                  "readiness, answers")


class RunSummary(NamedTuple):
    """The cheap columns of a run: enough to list, pick and chart runs without parsing JSON.

    A named tuple because ``history`` builds a thousand of them and is timed against
    ``assessor --version``.
    """

    id: int
    profile: str
    created_at: dt.datetime
    assessed_on: dt.date
    name: str | None
    role: str | None
    role_name: str | None
    mode: str
    readiness: float
    rubric_version: str

    def as_json(self) -> dict:
        return {"id": self.id, "assessed_on": self.assessed_on.isoformat(),
                "created_at": self.created_at.isoformat(), "name": self.name, "role": self.role,
                "role_name": self.role_name, "mode": self.mode, "readiness": self.readiness,
                "rubric_version": self.rubric_version}


@dataclass(frozen=True)
class StoredRun:
    """One stored run. ``answers`` and ``result`` are models, parsed on first use.

    A report looks back over every earlier run but needs the full models of only the last two;
    parsing a thousand results would take seconds. The cheap columns (``assessed_on``, ``role``,
    ``readiness``) and the self-ratings serve the readiness trend and stale-skill checks, and a
    result not fetched with the run is read from the database file when first asked for.
    """

    id: int                      # run id shown to users
    profile: str
    created_at: dt.datetime      # UTC, timezone-aware
    rubric_digest: str
    tool_version: str
    assessed_on: dt.date
    role: str | None
    readiness: float
    answers_json: str = field(repr=False, compare=False)
    result_json: str | None = field(repr=False, compare=False)
    source: Path = field(repr=False, compare=False)

    @functools.cached_property
    def answers(self) -> Answers:
        from assessor.schema.answers import Answers

        return _parse(Answers, self.answers_json, self.source, self.profile, self.id)

    @functools.cached_property
    def result(self) -> AssessmentResult:
        from assessor.schema.result import AssessmentResult

        text = self.result_json if self.result_json is not None else _fetch_result(self)
        return _parse(AssessmentResult, text, self.source, self.profile, self.id)

    @functools.cached_property
    def ratings(self) -> dict[str, int]:
        """The self-ratings given in this run (skipped skills left out), without pydantic."""
        given = json.loads(self.answers_json).get("ratings") or {}
        return {skill: level for skill, level in given.items() if level is not None}


class RawRun(NamedTuple):
    """A stored run as plain JSON data: for export and ``progress``, which need no models."""

    id: int
    profile: str
    uid: str
    created_at: dt.datetime
    rubric_digest: str
    tool_version: str
    answers: dict
    result: dict


def store_error(path: Path, exc: BaseException) -> StoreError:
    """See :func:`assessor.history.errors.store_error`; imported only when something failed."""
    from assessor.history.errors import store_error as explain

    return explain(path, exc)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def timestamp(moment: dt.datetime) -> str:
    """One fixed-width UTC form, so stored timestamps sort as text."""
    if moment.tzinfo is None:
        raise ValueError("stored timestamps must be timezone-aware")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def content_uid(created_at: str, answers_json: str, result_json: str) -> str:
    """A run's identity across machines: ``import`` skips a run whose uid it already holds."""
    import hashlib  # only saving needs it; listing stays light

    digest = hashlib.sha256("\0".join((created_at, answers_json, result_json)).encode())
    return digest.hexdigest()[:32]


def db_path(env: Environment) -> Path:
    return env.data_dir() / DB_NAME


@contextmanager
def open_store(env: Environment, read_only: bool = False) -> Iterator[Store]:
    """Open (creating and upgrading as needed) the history database of ``env``.

    ``read_only`` never creates the file: a missing or still-empty database is an empty store
    (a database of an older schema is still upgraded, as every open does). Every SQLite failure
    becomes a :class:`StoreError` naming the file.
    """
    path = db_path(env)
    conn = _connect(path, read_only)
    if conn is None:
        yield Store(None, path, read_only=True)
        return
    try:
        store = Store(conn, path, read_only)
        store._prepare()
        yield store
    except sqlite3.Error as exc:
        raise store_error(path, exc) from None
    finally:
        conn.close()


EMPTY_GRACE_S = 10.0  # a 0-byte file younger than this is another process creating the database


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


def _connect(path: Path, read_only: bool) -> sqlite3.Connection | None:
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


def _guarded(method):
    """Store methods raise StoreError, never sqlite3 errors, even inside the ``with`` block:
    callers such as the questionnaire catch StoreError per call and carry on."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None

    return call


class Store:
    """One open history database. Every write is its own transaction."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path, read_only: bool = False):
        self._conn = conn
        self.path = path
        self.read_only = read_only

    # --- opening ---------------------------------------------------------------------------

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

    # --- runs ------------------------------------------------------------------------------

    @_guarded
    def save_run(self, profile: str, answers: Answers, result: AssessmentResult) -> int:
        with self._write() as conn:
            return _insert_run(conn, profile, utc_now(), answers, result)

    @_guarded
    def import_runs(self, profile: str,
                    runs: Iterable[tuple[str | None, dt.datetime, Answers, AssessmentResult]]
                    ) -> list[int | None]:
        """Add exported runs in one transaction; a run whose uid is present already gives None."""
        with self._write() as conn:
            return [_insert_run(conn, profile, created, answers, result, uid=uid)
                    for uid, created, answers, result in runs]

    @_guarded
    def get_run(self, profile: str, run_id: int | str) -> StoredRun | None:
        key = parse_run_id(run_id)
        if key is None:
            return None
        rows = self._rows(f"SELECT {STORED_COLUMNS}, result FROM runs WHERE profile = ? AND id = ?",
                          (profile, key))
        return self._stored(*rows[0]) if rows else None

    @_guarded
    def latest_run(self, profile: str) -> StoredRun | None:
        rows = self._rows(f"SELECT {STORED_COLUMNS}, result FROM runs WHERE profile = ? "
                          f"ORDER BY {ORDER_DESC} LIMIT 1", (profile,))
        return self._stored(*rows[0]) if rows else None

    @_guarded
    def list_runs(self, profile: str, limit: int | None = None) -> list[RunSummary]:
        """Newest first. Reads only an index holding the listed columns, so it stays cheap."""
        rows = self._rows(f"SELECT {SUMMARY_COLUMNS} FROM runs WHERE profile = ? "
                          f"ORDER BY {ORDER_DESC} LIMIT ?", (profile, -1 if limit is None else limit))
        return [_summary(row) for row in rows]

    @_guarded
    def summary(self, profile: str, run_id: int | str) -> RunSummary | None:
        key = parse_run_id(run_id)
        rows = [] if key is None else self._rows(
            f"SELECT {SUMMARY_COLUMNS} FROM runs WHERE profile = ? AND id = ?", (profile, key))
        return _summary(rows[0]) if rows else None

    @_guarded
    def runs_up_to(self, profile: str, run_id: int) -> list[StoredRun]:
        """Oldest first, ending with ``run_id``: the history a report of that run looks back on.

        Results are fetched for the last two runs (the report compares them); earlier ones are
        read only if asked for, so a long history stays cheap.
        """
        rows = self._rows(f"SELECT {STORED_COLUMNS} FROM runs WHERE {UP_TO}",
                          (profile, profile, parse_run_id(run_id)))
        last = [row[0] for row in rows[-2:]]
        results = dict(self._rows(
            f"SELECT id, result FROM runs WHERE id IN ({', '.join('?' * len(last))})", tuple(last)))
        return [self._stored(*row, results.get(row[0])) for row in rows]

    @_guarded
    def summaries_up_to(self, profile: str, run_id: int) -> list[RunSummary]:
        """Like :meth:`runs_up_to` but cheap: enough for a readiness trend over every run."""
        return [_summary(row) for row in self._rows(
            f"SELECT {SUMMARY_COLUMNS} FROM runs WHERE {UP_TO}", (profile, profile, parse_run_id(run_id)))]

    @_guarded
    def raw_run(self, profile: str, run_id: int | str) -> RawRun | None:
        key = parse_run_id(run_id)
        rows = [] if key is None else self._rows(
            f"SELECT {RAW_COLUMNS} FROM runs WHERE profile = ? AND id = ?", (profile, key))
        return _raw(rows[0]) if rows else None

    def raw_runs(self, profile: str) -> Iterator[RawRun]:
        """Every run of a profile, oldest first, as JSON data (export)."""
        if self._conn is None:
            return
        try:
            cursor = self._conn.execute(
                f"SELECT {RAW_COLUMNS} FROM runs WHERE profile = ? ORDER BY {ORDER}", (profile,))
            for row in cursor:
                yield _raw(row)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from None

    @_guarded
    def last_ratings(self, profile: str, run_id: int, skills: Iterable[str] | None = None
                     ) -> dict[str, tuple[dt.date, int]]:
        """Per skill: when it was last self-rated, and at what level, in the runs up to ``run_id``.

        With ``skills`` each is one index seek (fast whatever the history's length); without,
        every rating of the profile is read.
        """
        key = self._rows(f"SELECT {ORDER} FROM runs WHERE profile = ? AND id = ?",
                         (profile, parse_run_id(run_id)))
        if not key:
            return {}
        if skills is None:
            rows = self._rows(
                "SELECT skill, MAX(assessed_on), level FROM ratings WHERE profile = ? AND "
                "(assessed_on, created_at, run_id) <= (?, ?, ?) GROUP BY skill", (profile, *key[0]))
            # SQLite takes the bare column `level` from the row holding the MAX.
            return {skill: (dt.date.fromisoformat(on), level) for skill, on, level in rows}
        out = {}
        for skill in skills:
            row = self._conn.execute(
                "SELECT assessed_on, level FROM ratings WHERE profile = ? AND skill = ? AND "
                "(assessed_on, created_at, run_id) <= (?, ?, ?) "
                "ORDER BY assessed_on DESC, created_at DESC, run_id DESC LIMIT 1",
                (profile, skill, *key[0])).fetchone()
            if row:
                out[skill] = (dt.date.fromisoformat(row[0]), row[1])
        return out

    @_guarded
    def delete_run(self, profile: str, run_id: int) -> bool:
        key = parse_run_id(run_id)
        if key is None:
            return False
        with self._write() as conn:
            conn.execute("DELETE FROM ratings WHERE profile = ? AND run_id = ?", (profile, key))
            return conn.execute("DELETE FROM runs WHERE profile = ? AND id = ?",
                                (profile, key)).rowcount > 0

    @_guarded
    def profiles(self) -> list[str]:
        return [p for (p,) in self._rows(
            "SELECT profile FROM runs UNION SELECT profile FROM drafts ORDER BY 1")]

    @_guarded
    def last_answers(self, profile: str) -> Answers | None:
        """The answers of the latest run: the defaults of the next one."""
        rows = self._rows(f"SELECT id, answers FROM runs WHERE profile = ? ORDER BY {ORDER_DESC} "
                          "LIMIT 1", (profile,))
        if not rows:
            return None
        from assessor.schema.answers import Answers

        return _parse(Answers, rows[0][1], self.path, profile, rows[0][0])

    # --- drafts ----------------------------------------------------------------------------

    @_guarded
    def save_draft(self, profile: str, draft: dict) -> None:
        text = json.dumps(draft, ensure_ascii=False, separators=(",", ":"))
        with self._write() as conn:
            conn.execute("INSERT INTO drafts (profile, updated_at, draft) VALUES (?, ?, ?) "
                         "ON CONFLICT (profile) DO UPDATE SET updated_at = excluded.updated_at, "
                         "draft = excluded.draft", (profile, timestamp(utc_now()), text))

    @_guarded
    def load_draft(self, profile: str) -> dict | None:
        rows = self._rows("SELECT draft FROM drafts WHERE profile = ?", (profile,))
        return json.loads(rows[0][0]) if rows else None

    @_guarded
    def clear_draft(self, profile: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE profile = ?", (profile,))

    def _stored(self, run_id, profile, created, digest, tool, on, role, readiness, answers,
                result=None) -> StoredRun:
        return StoredRun(id=run_id, profile=profile, created_at=dt.datetime.fromisoformat(created),
                         rubric_digest=digest, tool_version=tool,
                         assessed_on=dt.date.fromisoformat(on), role=role, readiness=readiness,
                         answers_json=answers, result_json=result, source=self.path)


def _parse(model, text: str, path: Path, profile: str, run_id: int):
    """Stored JSON back into a model; a run this version cannot read is a StoreError."""
    try:
        return model.model_validate_json(text)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise StoreError(
            f"Run {run_id} of profile {profile!r} in {path} cannot be read by this version of "
            f"assessor ({exc.__class__.__name__}: {str(exc).splitlines()[0]}). The database was "
            "not changed; `assessor export` still copies the run as it is stored.") from None


def _fetch_result(run: StoredRun) -> str:
    """The result of a run listed without it: one read through a fresh read-only connection."""
    try:
        conn = sqlite3.connect(run.source.absolute().as_uri() + "?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_S)
        try:
            row = conn.execute("SELECT result FROM runs WHERE profile = ? AND id = ?",
                               (run.profile, run.id)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise store_error(run.source, exc) from None
    if row is None:
        raise StoreError(f"Run {run.id} of profile {run.profile!r} is no longer in {run.source} "
                         "(deleted meanwhile?).")
    return row[0]


def parse_run_id(run_id: int | str | None) -> int | None:
    """Run ids come from the command line as text; anything but a whole number matches nothing."""
    if isinstance(run_id, int):
        return run_id
    text = str(run_id or "").strip().lstrip("#")
    # ASCII digits only ("²" passes isdigit() but not int()), and within SQLite's integer range
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_RUN_ID else None


def _header(conn: sqlite3.Connection) -> tuple[int, int, list[str]]:
    """Reading the header is the first thing done with a file, and it never writes."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return version, app_id, tables


def _insert_run(conn: sqlite3.Connection, profile: str, created: dt.datetime, answers: Answers,
                result: AssessmentResult, uid: str | None = None) -> int | None:
    created_at = timestamp(created)
    answers_json, result_json = answers.model_dump_json(), result.model_dump_json()
    uid = uid or content_uid(created_at, answers_json, result_json)
    if conn.execute("SELECT 1 FROM runs WHERE profile = ? AND uid = ?", (profile, uid)).fetchone():
        return None
    run_id = conn.execute(
        "INSERT INTO runs (uid, profile, created_at, assessed_on, name, role, role_name, mode, "
        "readiness, rubric_version, rubric_digest, tool_version, answers, result) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uid, profile, created_at, result.assessed_on.isoformat(), result.name, result.role,
         result.role_name, result.mode, result.readiness, result.rubric_version,
         result.rubric_digest, result.tool_version, answers_json, result_json)).lastrowid
    conn.executemany(
        "INSERT INTO ratings (profile, skill, assessed_on, created_at, run_id, level) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(profile, s.skill, result.assessed_on.isoformat(), created_at, run_id, s.rated)
         for s in result.skills if s.rated is not None])
    return run_id


def _summary(row: tuple) -> RunSummary:
    run_id, profile, created, on, name, role, role_name, mode, readiness, version = row
    return RunSummary(run_id, profile, dt.datetime.fromisoformat(created),
                      dt.date.fromisoformat(on), name, role, role_name, mode, readiness, version)


def _raw(row: tuple) -> RawRun:
    run_id, profile, uid, created, digest, tool, answers, result = row
    return RawRun(id=run_id, profile=profile, uid=uid, created_at=dt.datetime.fromisoformat(created),
                  rubric_digest=digest, tool_version=tool, answers=json.loads(answers),
                  result=json.loads(result))


# --- saving at the end of an assessment --------------------------------------------------------

def save_run_or_rescue(env: Environment, profile: str, answers: Answers,
                       result: AssessmentResult) -> tuple[int | None, list[StoredRun]]:
    """Save the run; return (run id, the runs up to it for the report's progress section).

    If the store cannot be written, the answers must not be lost: they go to an answers file in
    the current directory (or, failing that, to stderr) with the command that replays them.
    """
    try:
        with open_store(env) as store:
            run_id = store.save_run(profile, answers, result)
    except StoreError as exc:
        from assessor.history.rescue import rescue_answers

        rescue_answers(env, answers, result, exc.message)
        return None, []
    except BaseException:
        from assessor.history.rescue import rescue_answers

        rescue_answers(env, answers, result, "an unexpected error stopped the save")
        raise
    try:
        with open_store(env, read_only=True) as store:
            return run_id, store.runs_up_to(profile, run_id)
    except StoreError as exc:
        env.say(f"Run {run_id} was saved, but earlier runs could not be read for the progress "
                f"section:\n{exc.message}")
        return run_id, []
