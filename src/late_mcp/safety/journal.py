"""The write journal: every change this server made through the API, so a person can see it and undo it.

One SQLite file (WAL) under the user's data directory, shared by every key on the machine but read per key:
entries carry a hash of the API key, never the key, and the last `KEEP` entries per key are kept. A journal that
cannot be opened or written (corrupt, locked, read-only disk) makes this one feature unavailable and says why;
the writes themselves go on, because refusing to post over a bookkeeping failure would be worse.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger("late_mcp.safety.journal")

#: entries kept per API key; older ones are dropped as new ones come
KEEP = 1000
#: how long a write waits for another process holding the file before the journal gives up on it
LOCK_WAIT = 1.0
#: the journal kept in memory only (tests, and settings built by hand)
MEMORY = ":memory:"
#: the largest id SQLite can hold: an id given beyond it names no entry (SQLite would raise OverflowError)
_LARGEST_ID = 2**63 - 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_hash TEXT NOT NULL,
    at TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    post_id TEXT NOT NULL,
    platforms TEXT NOT NULL,
    accounts TEXT NOT NULL,
    outcome TEXT NOT NULL,
    request_id TEXT NOT NULL,
    before TEXT,
    after TEXT,
    undoes INTEGER,
    undone_by INTEGER
);
CREATE INDEX IF NOT EXISTS entries_key ON entries (key_hash, id);
"""


_COLUMNS = "id, at, tool, action, post_id, platforms, accounts, outcome, request_id, before, after, undoes, undone_by"


def key_hash(api_key: str | None) -> str:
    """What identifies a key's entries: a hash, so the file never holds the key."""
    return hashlib.sha256((api_key or "").encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Entry:
    """One write: what was done, to which post, on which accounts, how it ended, and what undoing it needs."""

    id: int
    at: datetime
    tool: str
    #: create, publish (a create that went out now), update, delete, retry, unpublish, edit, review; series (every
    #: post of a recurring series, their ids in `after["post_ids"]`, and in `after["lost"]` each create whose answers
    #: were all lost and whose post was not found; its undo is one "delete" entry of that kind, each post's snapshot
    #: in `before["posts"]`, whose undo is one "create" entry of the drafts made again)
    action: str
    post_id: str
    platforms: tuple[str, ...]
    accounts: tuple[str, ...]
    #: "ok", or what went wrong
    outcome: str
    request_id: str = ""
    #: update: the previous values of the fields it changed; delete: the post as it was (a group: by post id)
    before: dict[str, Any] | None = None
    #: what the write left (e.g. the post's status)
    after: dict[str, Any] | None = None
    undoes: int | None = None
    undone_by: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def post_ids(self) -> tuple[str, ...]:
        """Every post this entry wrote: its one post, or the posts of a group (a series)."""
        grouped = (self.after or {}).get("post_ids")
        if isinstance(grouped, list):
            return tuple(str(p) for p in grouped)
        return (self.post_id,) if self.post_id else ()


class Journal:
    """The entries of one API key. `available` is False (and `problem` says why) when the file cannot be used."""

    def __init__(self, path: str | Path, api_key: str | None) -> None:
        self.path = str(path)
        self.key = key_hash(api_key)
        self.problem = ""
        #: off by the settings (`off`), not because the file failed: there is nothing to fix
        self.turned_off = False
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._fail("opened", exc)

    @classmethod
    def off(cls, why: str) -> Journal:
        """A journal that keeps nothing (`available` False), turned off on purpose: `problem` says how."""
        journal = cls(MEMORY, None)
        journal.close()
        journal.problem, journal.turned_off = why, True
        return journal

    @property
    def available(self) -> bool:
        return self._db is not None

    def _open(self) -> sqlite3.Connection:
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            Path(self.path).touch(mode=0o600, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None, check_same_thread=False)
        try:
            if self.path != MEMORY:
                db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM entries").fetchone()  # a corrupt file fails here at the latest
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _fail(self, doing: str, exc: BaseException) -> None:
        self.problem = f"the journal {self.path} could not be {doing} ({type(exc).__name__}: {exc})"
        log.warning("%s; writes go on without it", self.problem)
        if self._db is not None:
            self._db.close()
        self._db = None

    def record(
        self,
        *,
        tool: str,
        action: str,
        post_id: str,
        platforms: tuple[str, ...] | list[str] = (),
        accounts: tuple[str, ...] | list[str] = (),
        outcome: str = "ok",
        request_id: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        undoes: int | None = None,
        at: datetime | None = None,
        complete: bool = True,
    ) -> int | None:
        """Add an entry (and drop this key's entries beyond KEEP); its id, or None when the journal is unavailable.
        An entry that `undoes` another marks it undone unless it is not `complete` (a group undone in part stays
        undoable, so undoing it again retries the rest)."""
        if self._db is None:
            return None
        when = (at or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat()
        row = (
            self.key, when, tool, action, post_id, json.dumps(list(platforms)), json.dumps(list(accounts)), outcome,
            request_id, _dump(before), _dump(after), undoes,
        )  # fmt: skip
        try:
            with self._db:
                cursor = self._db.execute(
                    "INSERT INTO entries (key_hash, at, tool, action, post_id, platforms, accounts, outcome, "
                    "request_id, before, after, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                entry_id = cursor.lastrowid
                if undoes is not None and outcome == "ok" and complete:
                    self._db.execute(
                        "UPDATE entries SET undone_by = ? WHERE id = ? AND key_hash = ?", (entry_id, undoes, self.key)
                    )
                self._db.execute(
                    "DELETE FROM entries WHERE key_hash = ? AND id <= ("
                    "SELECT id FROM entries WHERE key_hash = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                    (self.key, self.key, KEEP),
                )
        except sqlite3.Error as exc:
            self._fail("written", exc)
            return None
        return entry_id

    def settle(
        self,
        entry_id: int,
        *,
        post_id: str,
        platforms: tuple[str, ...] | list[str],
        accounts: tuple[str, ...] | list[str],
        after: dict[str, Any] | None = None,
    ) -> None:
        """A write journaled as failed that was found carried out after all (a create whose answers were lost and
        whose post was then found): from now on it is a success with its post, so it can be undone."""
        self._update(
            entry_id,
            outcome="ok",
            post_id=post_id,
            platforms=json.dumps(list(platforms)),
            accounts=json.dumps(list(accounts)),
            after=_dump(after),
        )

    def amend(
        self,
        entry_id: int,
        *,
        platforms: tuple[str, ...] | list[str],
        accounts: tuple[str, ...] | list[str],
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        outcome: str = "ok",
    ) -> None:
        """A group's entry as it stands now (a series saved again after each post it makes; failed while it had
        made none)."""
        self._update(
            entry_id,
            outcome=outcome,
            platforms=json.dumps(list(platforms)),
            accounts=json.dumps(list(accounts)),
            before=_dump(before),
            after=_dump(after),
        )

    def _update(self, entry_id: int, **columns: str | None) -> None:
        """Set `columns` (names from this class's own calls, never from input) of one of this key's entries."""
        if self._db is None:
            return
        assignments = ", ".join(f"{name} = ?" for name in columns)
        try:
            with self._db:
                self._db.execute(
                    f"UPDATE entries SET {assignments} WHERE id = ? AND key_hash = ?",  # noqa: S608
                    (*columns.values(), entry_id, self.key),
                )
        except sqlite3.Error as exc:
            self._fail("written", exc)

    def recent(self, limit: int = 20, older_than: int = 0) -> list[Entry]:
        """This key's newest entries first; with `older_than`, those before that entry id (a page of history)."""
        if older_than:
            before = min(older_than, _LARGEST_ID)  # beyond every id: all of them
            return self._select("WHERE key_hash = ? AND id < ? ORDER BY id DESC LIMIT ?", (self.key, before, limit))
        return self._select("WHERE key_hash = ? ORDER BY id DESC LIMIT ?", (self.key, limit))

    def get(self, entry_id: int) -> Entry | None:
        if entry_id > _LARGEST_ID:
            return None
        found = self._select("WHERE key_hash = ? AND id = ?", (self.key, entry_id))
        return found[0] if found else None

    def latest_undoable(self) -> Entry | None:
        """The newest successful write that is not an undo and has not been undone."""
        found = self._select(
            "WHERE key_hash = ? AND outcome = 'ok' AND undone_by IS NULL AND undoes IS NULL ORDER BY id DESC LIMIT 1",
            (self.key,),
        )
        return found[0] if found else None

    def undone_in_part(self, entry_id: int) -> list[Entry]:
        """The successful entries that undid part of `entry_id` (a group whose undo did not finish), not undone
        themselves since."""
        return self._select(
            "WHERE key_hash = ? AND outcome = 'ok' AND undoes = ? AND undone_by IS NULL ORDER BY id",
            (self.key, entry_id),
        )

    def later_on(self, entry: Entry) -> list[Entry]:
        """The successful writes of `entry`'s post made after it and not undone, newest first; an undo that cancels
        a write made after `entry` is left out (it put back what stood before that write), an undo of such an undo
        is not (it made that write again)."""
        later = self._select(
            "WHERE key_hash = ? AND post_id = ? AND id > ? AND outcome = 'ok' AND undone_by IS NULL ORDER BY id DESC",
            (self.key, entry.post_id, entry.id),
        )
        return [e for e in later if not self._cancels_later(e, entry.id)]

    def failed_after(self, entry: Entry) -> list[Entry]:
        """The writes of `entry`'s post made after it and journaled as failed, oldest first: a write whose answer was
        lost is among them, and may have been carried out all the same."""
        return self._select(
            "WHERE key_hash = ? AND post_id = ? AND id > ? AND outcome != 'ok' ORDER BY id",
            (self.key, entry.post_id, entry.id),
        )

    def deleted_after(self, entry: Entry) -> Entry | None:
        """The newest successful delete of `entry`'s post made after it, undone since or not: its own, or one of a
        group (the undo of a series deletes its posts in one entry)."""
        found = self._select(
            "WHERE key_hash = ? AND id > ? AND outcome = 'ok' AND action = 'delete' "
            "AND (post_id = ? OR (post_id = '' AND instr(after, ?) > 0)) ORDER BY id DESC",
            (self.key, entry.id, entry.post_id, json.dumps(entry.post_id)),
        )
        return next((e for e in found if entry.post_id in e.post_ids), None)

    def _cancels_later(self, entry: Entry, since: int) -> bool:
        """Whether `entry` cancels a write made after entry `since`: walking down what it undoes (while after
        `since`), each undo turns the one below it around; an entry pruned from the chain counts as a change."""
        cancels = False
        while entry.undoes is not None and entry.undoes > since:
            below = self.get(entry.undoes)
            if below is None:
                return False
            cancels, entry = not cancels, below
        return cancels

    def creates_since(self, since: datetime) -> list[datetime]:
        """When each successful create of this key since `since` was made, oldest first (the daily cap); a series
        counts each of its posts, at the time it was journaled."""
        found = self._select(
            "WHERE key_hash = ? AND outcome = 'ok' AND action IN ('create', 'publish', 'series') AND at >= ? "
            "ORDER BY id",
            (self.key, since.astimezone(timezone.utc).isoformat()),
        )
        return [entry.at for entry in found for _ in entry.post_ids]

    def _select(self, where: str, params: tuple[Any, ...]) -> list[Entry]:
        if self._db is None:
            return []
        try:
            # `where` is always one of this module's constant clauses; values go in as parameters
            query = f"SELECT {_COLUMNS} FROM entries {where}"  # noqa: S608
            rows = self._db.execute(query, params).fetchall()
        except sqlite3.Error as exc:
            self._fail("read", exc)
            return []
        return [_entry(row) for row in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str)


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(
        id=row[0],
        at=datetime.fromisoformat(row[1]),
        tool=row[2],
        action=row[3],
        post_id=row[4],
        platforms=tuple(json.loads(row[5])),
        accounts=tuple(json.loads(row[6])),
        outcome=row[7],
        request_id=row[8],
        before=json.loads(row[9]) if row[9] else None,
        after=json.loads(row[10]) if row[10] else None,
        undoes=row[11],
        undone_by=row[12],
    )
