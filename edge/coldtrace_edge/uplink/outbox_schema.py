"""SQLite schema and durability settings of the edge outbox.

Durability policy: WAL journal with ``synchronous=FULL``, so every committed transaction is
fsynced to the WAL before the commit returns. A reading the outbox has accepted therefore survives
kill -9 *and* power loss; the cost is one fsync per commit, which batching keeps small (readings are
appended in batches, acknowledged messages are deleted in batches). Deletes that are lost to a
crash only cause a re-publish, which the cloud de-duplicates.
"""

import sqlite3
from pathlib import Path
from typing import Final

_DDL: Final = (
    # Readings accepted from the poller or a dump import, not yet packed into a message.
    """CREATE TABLE IF NOT EXISTS pending_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    # Messages with their final seq and bytes, waiting for the broker's PUBACK.
    """CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        message_id TEXT NOT NULL,
        item_count INTEGER NOT NULL,
        payload BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    # Messages the broker refused for good (e.g. not authorised): kept, never silently dropped.
    """CREATE TABLE IF NOT EXISTS rejected_messages (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload BLOB NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('next_seq', 1)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', 1)",
)


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the outbox database with the durability settings above."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("BEGIN IMMEDIATE")
    for statement in _DDL:
        conn.execute(statement)
    conn.execute("COMMIT")
    return conn


def database_bytes(conn: sqlite3.Connection) -> int:
    """Bytes the database uses (pages in use, WAL excluded), for the disk budget."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(page_size * (pages - free))
