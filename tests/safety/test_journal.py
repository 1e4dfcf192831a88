"""The write journal: bounded per key, keyed by a hash, and a broken file costs only the journal."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from late_mcp.safety import journal as journal_module
from late_mcp.safety.journal import Journal, key_hash

from ..conftest import Sandbox
from .conftest import TWITTER, client, make_server

KEY_A, KEY_B = "sk_" + "a" * 64, "sk_" + "b" * 64


def test_entries_round_trip_newest_first_and_never_hold_the_key(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    opened = Journal(path, KEY_A)
    first = opened.record(tool="posts_create", action="create", post_id="p1", platforms=["twitter"], accounts=["a1"])
    opened.record(tool="posts_update", action="update", post_id="p1", before={"content": "old"})
    entries = opened.recent(10)
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].before == {"content": "old"}
    assert entries[1].id == first
    assert entries[1].platforms == ("twitter",)
    opened.close()
    assert KEY_A.encode() not in path.read_bytes()
    assert key_hash(KEY_A).encode() in path.read_bytes()


def test_each_key_sees_only_its_own_entries(tmp_path: Path) -> None:
    a, b = Journal(tmp_path / "j", KEY_A), Journal(tmp_path / "j", KEY_B)
    a.record(tool="t", action="create", post_id="mine")
    assert b.recent() == []
    assert [e.post_id for e in a.recent()] == ["mine"]


def test_bounded_to_the_last_thousand_per_key(tmp_path: Path) -> None:
    a, b = Journal(tmp_path / "j", KEY_A), Journal(tmp_path / "j", KEY_B)
    b.record(tool="t", action="create", post_id="other key")
    for n in range(journal_module.KEEP + 5):
        a.record(tool="t", action="create", post_id=f"p{n}")
    kept = a.recent(5000)
    assert len(kept) == journal_module.KEEP
    assert kept[0].post_id == f"p{journal_module.KEEP + 4}"
    assert kept[-1].post_id == "p5"
    assert len(b.recent()) == 1


def test_creates_since_counts_successful_creates_in_the_window(tmp_path: Path) -> None:
    opened = Journal(tmp_path / "j", KEY_A)
    now = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    opened.record(tool="t", action="create", post_id="old", at=now - timedelta(hours=25))
    opened.record(tool="t", action="publish", post_id="p", at=now - timedelta(hours=2))
    opened.record(tool="t", action="create", post_id="", outcome="refused", at=now - timedelta(hours=1))
    opened.record(tool="t", action="delete", post_id="p", at=now - timedelta(hours=1))
    assert opened.creates_since(now - timedelta(hours=24)) == [now - timedelta(hours=2)]


def test_a_corrupt_file_makes_the_journal_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    opened = Journal(path, KEY_A)
    assert not opened.available
    assert "could not be opened" in opened.problem
    assert opened.record(tool="t", action="create", post_id="p") is None
    assert opened.recent() == []


def test_a_locked_file_makes_the_journal_unavailable_not_the_write(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    opened = Journal(path, KEY_A)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert opened.record(tool="t", action="create", post_id="p") is None
        assert not opened.available
        assert "locked" in opened.problem
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_the_server_posts_with_a_corrupt_journal(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"garbage" * 500)
    async with client(make_server(sandbox.app, journal=str(path), confirm="off")) as t:
        made = await t.ok("posts_create", {"content": "Still works", "platform": "twitter", "account_id": TWITTER})
    assert await sandbox.post(made["post_id"]) is not None
    assert path.read_bytes() == b"garbage" * 500  # the broken file is left as it was
