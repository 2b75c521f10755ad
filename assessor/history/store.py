"""The history store: every completed run of every profile, and the in-progress drafts.

Every query returns :class:`~assessor.records.Run` records holding what the caller asked for,
read up front: listing reads only the small columns (one covering index, sqlite3 alone, so
``assessor history`` stays about as fast as ``assessor --version`` with a thousand runs stored);
a report's history reads the self-ratings of every run and only the results it compares.
pydantic is imported only where whole runs are turned back into models.

A damaged row (JSON that does not parse, a date that is not a date) is skipped by the queries
that list runs and recorded in :attr:`Store.damaged`, for the command to warn about; asked for
by id, it raises :class:`~assessor.history.rows.DamagedRunError` (exit 2, naming the run).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from assessor.history.database import DB_NAME, Database, db_path, guarded, opened
from assessor.history.rows import (
    FULL,
    LISTED,
    ORDER,
    ORDER_DESC,
    UP_TO,
    Damaged,
    DamagedRun,
    DamagedRunError,
    StoredRow,
    damage_warning,
    models_of,
    parse_run_id,
    record,
    stored_row,
    timestamp,
    utc_now,
)
from assessor.records import Run

if TYPE_CHECKING:

    from assessor.environment import Environment
    from assessor.schema.answers import Answers
    from assessor.schema.result import AssessmentResult

__all__ = ["DB_NAME", "Store", "db_path", "open_store", "parse_run_id", "timestamp"]


@contextmanager
def open_store(env: Environment, read_only: bool = False) -> Iterator[Store]:
    """See :func:`assessor.history.database.opened`. Time stamps come from ``env.now``, the one
    clock of the program, so a test can pin them."""
    with opened(Store, env, read_only) as store:
        store.clock = env.now
        yield store


class Store(Database):
    """One open history database. Every write is its own transaction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.damaged: list[DamagedRun] = []  # rows skipped so far, for the command to warn about
        self.clock: Callable[[], dt.datetime] = utc_now

    def damage_warning(self) -> str | None:
        return damage_warning(self.path, self.damaged)

    def _records(self, rows: Iterable[tuple], **parts) -> Iterator[Run]:
        """Records of the readable rows; damaged ones are noted and skipped."""
        for row in rows:
            try:
                yield record(row, **parts)
            except Damaged as exc:
                self.damaged.append(DamagedRun(row[1], row[0], str(exc)))

    def _one(self, row: tuple, **parts) -> Run:
        try:
            return record(row, **parts)
        except Damaged as exc:
            raise DamagedRunError(self.path, DamagedRun(row[1], row[0], str(exc))) from None

    # --- writing runs ------------------------------------------------------------------------

    @guarded
    def save_run(self, profile: str, answers: Answers, result: AssessmentResult) -> int:
        row = stored_row(self.clock(), answers, result)
        with self._write() as conn:
            return _insert(conn, profile, row)

    @guarded
    def import_runs(self, profile: str, rows: Iterable[StoredRow]) -> list[int | None]:
        """Add exported runs in one transaction; a run whose uid is present already gives None."""
        with self._write() as conn:
            return [_insert(conn, profile, row) for row in rows]

    @guarded
    def delete_run(self, profile: str, run_id: int) -> bool:
        key = parse_run_id(run_id)
        if key is None:
            return False
        with self._write() as conn:
            conn.execute("DELETE FROM ratings WHERE profile = ? AND run_id = ?", (profile, key))
            return conn.execute("DELETE FROM runs WHERE profile = ? AND id = ?",
                                (profile, key)).rowcount > 0

    # --- reading runs ------------------------------------------------------------------------

    @guarded
    def list_runs(self, profile: str, limit: int | None = None) -> list[Run]:
        """Newest first, the listed columns only. Reads only the index holding them."""
        rows = self._rows(f"SELECT {LISTED} FROM runs WHERE profile = ? ORDER BY {ORDER_DESC} "
                          "LIMIT ?", (profile, -1 if limit is None else limit))
        return list(self._records(rows))

    @guarded
    def summary(self, profile: str, run_id: int | str) -> Run | None:
        """The listed columns of one run (None if there is no such run)."""
        key = parse_run_id(run_id)
        rows = [] if key is None else self._rows(
            f"SELECT {LISTED} FROM runs WHERE profile = ? AND id = ?", (profile, key))
        return self._one(rows[0]) if rows else None

    @guarded
    def get_run(self, profile: str, run_id: int | str) -> Run | None:
        """One run with its answers and result (None if there is no such run)."""
        key = parse_run_id(run_id)
        rows = [] if key is None else self._rows(
            f"SELECT {FULL}, answers, result FROM runs WHERE profile = ? AND id = ?", (profile, key))
        return self._one(rows[0], full=True, answers=True, result=True) if rows else None

    def newest_runs(self, profile: str) -> Iterator[Run]:
        """The readable runs with their answers and results, newest first, read as consumed."""
        rows = self._cursor(f"SELECT {FULL}, answers, result FROM runs WHERE profile = ? "
                            f"ORDER BY {ORDER_DESC}", (profile,))
        return self._records(rows, full=True, answers=True, result=True)

    def latest_run(self, profile: str) -> Run | None:
        """The latest readable run, with its answers and result."""
        return next(self.newest_runs(profile), None)

    def assessed_run(self, profile: str, run_id: int | str | None = None
                     ) -> tuple[Run, Answers, AssessmentResult] | None:
        """A run and its models, for ``report`` and ``match``: the one asked for (damaged: exit 2)
        or, without an id, the latest whose models read (damaged later ones are skipped)."""
        if run_id is not None:
            run = self.get_run(profile, run_id)
            return None if run is None else (run, *models_of(run, self.path))
        for run in self.newest_runs(profile):
            try:
                return (run, *models_of(run, self.path))
            except DamagedRunError as exc:
                self.damaged.append(exc.damaged)
        return None

    def export_runs(self, profile: str) -> Iterator[Run]:
        """Every readable run of a profile, oldest first, with answers and result: for export."""
        rows = self._cursor(f"SELECT {FULL}, answers, result FROM runs WHERE profile = ? "
                            f"ORDER BY {ORDER}", (profile,))
        return self._records(rows, full=True, answers=True, result=True)

    @guarded
    def count_runs(self, profile: str) -> int:
        rows = self._rows("SELECT COUNT(*) FROM runs WHERE profile = ?", (profile,))
        return rows[0][0] if rows else 0

    @guarded
    def runs_up_to(self, profile: str, run_id: int) -> list[Run]:
        """Oldest first, ending with ``run_id``: the history a report of that run looks back on.

        Every run comes with its self-ratings (for ratings not renewed for months), read from its
        answers. Results come only where the report reads them: the last two runs (it compares
        them) and runs of another target role than ``run_id`` (the trend needs their readiness
        for its role).
        """
        upto = (profile, profile, parse_run_id(run_id))
        rows = {row[0]: row for row in self._rows(
            f"SELECT {LISTED}, answers FROM runs WHERE {UP_TO} ORDER BY {ORDER}", upto)}
        runs = {r.id: r for r in self._records(rows.values(), ratings=True)}
        fetched: set[int] = set()
        while True:  # until the results read are the ones wanted (a damaged one drops out)
            order = list(runs.values())
            role = order[-1].role if order else None
            wanted = ({r.id for r in order[-2:]} | {r.id for r in order if r.role != role}) - fetched
            if not wanted:
                break
            fetched |= wanted
            for key, *rest in self._results(wanted):
                read = list(self._records([(*rows[key][:10], *rest[:3], rows[key][10], rest[3])],
                                          full=True, ratings=True, result=True))
                if read:
                    runs[key] = read[0]  # in place: the order stays chronological
                else:
                    del runs[key]
        return list(runs.values())

    def _results(self, ids: set[int]) -> list[tuple]:
        """(id, rubric_digest, tool_version, uid, result) of the runs ``ids``."""
        ids, out = sorted(ids), []
        for start in range(0, len(ids), 500):  # within SQLite's limit on parameters
            chunk = ids[start:start + 500]
            out += self._rows(f"SELECT id, rubric_digest, tool_version, uid, result FROM runs "
                              f"WHERE id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
        return out

    @guarded
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

    @guarded
    def profiles(self) -> list[str]:
        return [p for (p,) in self._rows(
            "SELECT profile FROM runs UNION SELECT profile FROM drafts ORDER BY 1")]

    @guarded
    def last_answers(self, profile: str) -> Answers | None:
        """The answers of the latest readable run: the defaults of the next one."""
        found = self.assessed_run(profile)
        return found[1] if found else None

    # --- drafts ------------------------------------------------------------------------------

    @guarded
    def save_draft(self, profile: str, draft: dict) -> None:
        text = json.dumps(draft, ensure_ascii=False, separators=(",", ":"))
        with self._write() as conn:
            conn.execute("INSERT INTO drafts (profile, updated_at, draft) VALUES (?, ?, ?) "
                         "ON CONFLICT (profile) DO UPDATE SET updated_at = excluded.updated_at, "
                         "draft = excluded.draft", (profile, timestamp(self.clock()), text))

    @guarded
    def load_draft(self, profile: str) -> dict | None:
        rows = self._rows("SELECT draft FROM drafts WHERE profile = ?", (profile,))
        return json.loads(rows[0][0]) if rows else None

    @guarded
    def clear_draft(self, profile: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE profile = ?", (profile,))


def _insert(conn, profile: str, row: StoredRow) -> int | None:
    if conn.execute("SELECT 1 FROM runs WHERE profile = ? AND uid = ?", (profile, row.uid)).fetchone():
        return None
    run_id = conn.execute(
        "INSERT INTO runs (uid, profile, created_at, assessed_on, name, role, role_name, mode, "
        "readiness, rubric_version, rubric_digest, tool_version, answers, result) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row.uid, profile, *row[1:11], row.answers.decode(), row.result.decode())).lastrowid
    conn.executemany(
        "INSERT INTO ratings (profile, skill, assessed_on, created_at, run_id, level) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(profile, skill, row.assessed_on, row.created_at, run_id, level) for skill, level in row.ratings])
    return run_id
