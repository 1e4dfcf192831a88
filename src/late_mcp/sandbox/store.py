"""SQLite-backed state for the sandbox: JSON documents by kind, a meta table, media files on disk.

One connection shared by every request thread and task, guarded by a re-entrant lock: the sandbox is small and
serialising access keeps it deterministic. Documents are the API's own JSON shapes (with internal keys that start
with ``__``), so rendering a response is mostly a copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from late_mcp.sandbox.clock import Clock

MEMORY = ":memory:"
_KEY_FILE = "api_key"
_DB_FILE = "sandbox.sqlite3"

Doc = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (kind, id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class DataDirError(Exception):
    """The data dir cannot be created or opened; the message is one line for the terminal."""


def new_api_key() -> str:
    """A demo key shaped like Late's: ``sk_`` and 64 lowercase hex characters."""
    return "sk_" + secrets.token_hex(32)


def new_object_id(when: datetime) -> str:
    """A 24-hex id shaped like a MongoDB ObjectId (4-byte timestamp, 8 random bytes)."""
    return f"{int(when.timestamp()) & 0xFFFFFFFF:08x}{secrets.token_hex(8)}"


class Store:
    """The sandbox's state. Use :meth:`open`; ``close`` releases the connection and any temp media dir."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        data_dir: Path | None,
        media_dir: Path,
        api_key: str,
        temp_dir: tempfile.TemporaryDirectory[str] | None,
    ) -> None:
        self._conn = conn
        self.lock = threading.RLock()
        self.data_dir = data_dir
        self.media_dir = media_dir
        self.api_key = api_key
        self._temp_dir = temp_dir
        self._closed = False
        offset = self.meta_get("clock_offset", 0.0)
        self.clock = Clock(float(offset), on_change=lambda value: self.meta_set("clock_offset", value))

    @classmethod
    def open(cls, data_dir: str | Path, *, reset: bool = False) -> Store:
        """Open (creating if new) the store in ``data_dir``, or in memory for ``":memory:"``.

        A new store is empty: :func:`late_mcp.sandbox.seed.seeded_store` opens one with the demo workspace.
        ``reset`` wipes an on-disk data dir first, so the data is gone and a new demo key is generated.
        """
        temp_dir: tempfile.TemporaryDirectory[str] | None = None
        if str(data_dir) == MEMORY:
            temp_dir = tempfile.TemporaryDirectory(prefix="late-sandbox-")
            media_dir = Path(temp_dir.name) / "media"
            media_dir.mkdir()
            conn = sqlite3.connect(MEMORY, check_same_thread=False, isolation_level=None)
            api_key = new_api_key()
            root: Path | None = None
        else:
            root = Path(data_dir).expanduser()
            try:
                media_dir, api_key, conn = _open_dir(root, reset=reset)
            except (OSError, sqlite3.Error) as exc:
                reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
                raise DataDirError(
                    f"cannot use {root} as the sandbox's data dir ({reason}); give --data-dir a folder you can "
                    "write, or ':memory:' to keep nothing"
                ) from None
        conn.executescript(_SCHEMA)
        return cls(conn, data_dir=root, media_dir=media_dir, api_key=api_key, temp_dir=temp_dir)

    def close(self) -> None:
        with self.lock:
            if self._closed:
                return
            self._closed = True
            self._conn.close()
            if self._temp_dir is not None:
                self._temp_dir.cleanup()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock and run the block in one SQLite transaction (nested calls join the outer one)."""
        with self.lock:
            if self._conn.in_transaction:
                yield
                return
            self._conn.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def savepoint(self, *, rollback: bool = False) -> Iterator[None]:
        """A nested transaction inside :meth:`transaction`: undone if the block raises, or always when
        ``rollback`` is true (dry runs)."""
        with self.transaction():
            name = f"sp_{secrets.token_hex(4)}"
            self._conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
                raise
            if rollback:
                self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")

    # documents ------------------------------------------------------------------------------------------

    def get(self, kind: str, doc_id: str) -> Doc | None:
        with self.lock:
            row = self._conn.execute("SELECT data FROM docs WHERE kind = ? AND id = ?", (kind, doc_id)).fetchone()
        return None if row is None else _load(row[0])

    def put(self, kind: str, doc: Doc, *, doc_id: str | None = None) -> Doc:
        """Insert or replace; keeps the original insertion order of an existing document."""
        key = doc_id if doc_id is not None else str(doc["_id"])
        data = json.dumps(doc, separators=(",", ":"))
        with self.lock:
            self._conn.execute(
                "INSERT INTO docs (kind, id, data) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                (kind, key, data),
            )
        return doc

    def delete(self, kind: str, doc_id: str) -> bool:
        with self.lock:
            cur = self._conn.execute("DELETE FROM docs WHERE kind = ? AND id = ?", (kind, doc_id))
        return cur.rowcount > 0

    def all(self, kind: str) -> list[Doc]:
        """Every document of a kind, in insertion order."""
        with self.lock:
            rows = self._conn.execute("SELECT data FROM docs WHERE kind = ? ORDER BY seq", (kind,)).fetchall()
        return [_load(row[0]) for row in rows]

    def wipe(self) -> None:
        """Delete every document and meta value except the clock (used by the reset control endpoint)."""
        with self.transaction():
            self._conn.execute("DELETE FROM docs")
            self._conn.execute("DELETE FROM meta WHERE key != 'clock_offset'")
        for child in self.media_dir.iterdir():
            if child.is_file():
                child.unlink(missing_ok=True)

    # meta -----------------------------------------------------------------------------------------------

    def meta_get(self, key: str, default: Any = None) -> Any:
        with self.lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def meta_set(self, key: str, value: Any) -> None:
        with self.lock:
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # time and ids ---------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def new_id(self) -> str:
        return new_object_id(self.now())

    def media_path(self, key: str) -> Path:
        """Where a stored media file lives; keys are generated by the sandbox, never taken from a client."""
        return self.media_dir / key


def _open_dir(root: Path, *, reset: bool) -> tuple[Path, str, sqlite3.Connection]:
    """The media dir, the demo key and the database of an on-disk store, every one private from its creation.

    The data dir holds the demo key and the user's uploads: other local users must not read them, not even for the
    moment between creating a file and tightening it, so files are created with their final mode (``os.open``) and
    directories with 0700. Files an older version left readable are tightened; a data dir that already existed
    keeps its own mode (it may be a folder of the user's).
    """
    if reset and root.exists():
        for name in (_DB_FILE, f"{_DB_FILE}-wal", f"{_DB_FILE}-shm", _KEY_FILE):
            (root / name).unlink(missing_ok=True)
        shutil.rmtree(root / "media", ignore_errors=True)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    media_dir = root / "media"
    media_dir.mkdir(mode=0o700, exist_ok=True)
    _tighten(media_dir, 0o700)
    key_file = root / _KEY_FILE
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _tighten(key_file, 0o600)
        api_key = key_file.read_text(encoding="utf-8").strip()
    else:
        api_key = new_api_key()
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(api_key + "\n")
    # SQLite gives its -wal and -shm files the database file's mode, so creating that one private is enough.
    os.close(os.open(root / _DB_FILE, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (_DB_FILE, f"{_DB_FILE}-wal", f"{_DB_FILE}-shm"):
        _tighten(root / name, 0o600)
    conn = sqlite3.connect(root / _DB_FILE, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return media_dir, api_key, conn


def _tighten(path: Path, mode: int) -> None:
    """Take away what `mode` does not grant (an older version's 0644/0755); a missing path is left alone."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) & ~mode:
            path.chmod(mode)


def _load(text: str) -> Doc:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError("corrupt document")
    return value
