"""The history database's schema, its version, and the small named steps that upgrade old files.

``PRAGMA user_version`` holds the schema version and ``PRAGMA application_id`` marks the file as
an assessor history, so someone else's SQLite file is never mistaken for an empty history and
"upgraded". A step runs inside the caller's transaction: a file is upgraded completely or not at
all. A file newer than :data:`SCHEMA_VERSION` is refused, never touched: an older assessor cannot
know what a newer one stored.

Adding a version: write ``to_vN(conn)``, append it to :data:`MIGRATIONS`, bump
:data:`SCHEMA_VERSION`, and add a test that upgrades a file of the previous version.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from assessor.errors import StoreError

APPLICATION_ID = 0x61737372  # "assr"
SCHEMA_VERSION = 2


def to_v1(conn: sqlite3.Connection) -> None:
    """Runs and drafts. The small columns come before the JSON, so listing never reads the JSON."""
    conn.execute("""
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: users quote run ids
            uid TEXT NOT NULL,                     -- content hash: import skips runs it has
            profile TEXT NOT NULL,
            created_at TEXT NOT NULL,              -- UTC ISO 8601, fixed width
            assessed_on TEXT NOT NULL,             -- ISO date
            name TEXT,
            role TEXT,
            role_name TEXT,
            mode TEXT NOT NULL,
            readiness REAL NOT NULL,
            rubric_version TEXT NOT NULL,
            rubric_digest TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            answers TEXT NOT NULL,                 -- Answers as JSON
            result TEXT NOT NULL,                  -- AssessmentResult as JSON
            UNIQUE (profile, uid)
        )""")
    # Covers `history`: listing reads this small index only, never the big rows.
    conn.execute("CREATE INDEX runs_by_date ON runs (profile, assessed_on, created_at, id, name, "
                 "role, role_name, mode, readiness, rubric_version)")
    conn.execute("""
        CREATE TABLE drafts (
            profile TEXT PRIMARY KEY,
            updated_at TEXT NOT NULL,
            draft TEXT NOT NULL
        )""")


def to_v2(conn: sqlite3.Connection) -> None:
    """Self-ratings per run and skill, so ``progress`` finds skills not re-rated for months with
    one index seek per skill instead of parsing every stored result. The run's profile and dates
    are copied in (runs never change) to make that seek possible. Filled in from stored results."""
    conn.execute("""
        CREATE TABLE ratings (
            profile TEXT NOT NULL,
            skill TEXT NOT NULL,
            assessed_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            level INTEGER NOT NULL,
            PRIMARY KEY (profile, skill, assessed_on, created_at, run_id)
        ) WITHOUT ROWID""")
    conn.execute("CREATE INDEX ratings_by_run ON ratings (run_id)")
    rows = conn.execute("SELECT id, profile, assessed_on, created_at, result FROM runs").fetchall()
    for run_id, profile, assessed_on, created_at, result in rows:
        skills = json.loads(result).get("skills", [])
        conn.executemany(
            "INSERT OR IGNORE INTO ratings (profile, skill, assessed_on, created_at, run_id, level) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(profile, s["skill"], assessed_on, created_at, run_id, s["rated"]) for s in skills
             if isinstance(s, dict) and isinstance(s.get("rated"), int)])


MIGRATIONS = ((1, to_v1), (2, to_v2))  # the last target is SCHEMA_VERSION


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply every step above ``version``; the caller holds the transaction and sets the version."""
    for target, step in MIGRATIONS:
        if version < target:
            step(conn)


def check_header(path: Path, version: int, app_id: int, tables: list[str]) -> None:
    """Refuse files this version must not write to: someone else's database, or a newer one."""
    if app_id not in (0, APPLICATION_ID) or (version == 0 and tables and app_id == 0):
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is an SQLite database, but not an assessor history"
            f"{f' (it holds the tables {shown})' if tables else ''}. It was left untouched. "
            "Move it elsewhere, or set ASSESSOR_HOME to another folder.")
    if version > SCHEMA_VERSION:
        from assessor import __version__

        raise StoreError(
            f"The history database {path} was written by a newer version of assessor (schema "
            f"version {version}; assessor {__version__} understands up to {SCHEMA_VERSION}). It "
            "was not changed. Upgrade assessor (`pip install --upgrade assessor`) to use it.")
