"""posts_bulk_upload under the safety settings: the API creates a CSV's posts itself, so a real upload is refused
while a guard rail is on, asks the person first, and journals every post it made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from late_mcp.sandbox.seed import PROFILE_MAIN

from ..conftest import Sandbox
from .conftest import Person, client, make_server

ROWS = [
    {"platforms": "bluesky", "profiles": PROFILE_MAIN, "schedule_time": "2099-04-01T10:00:00Z", "post_content": "Sky"},
    {"platforms": "linkedin", "profiles": PROFILE_MAIN, "post_content": "Draft row", "is_draft": True},
]
SETS = {"toolsets": ("core", "queue")}


async def test_a_real_upload_is_refused_while_a_guard_rail_is_on(sandbox: Sandbox) -> None:
    for setting in ({"allow_publish_now": False}, {"max_posts_per_day": 5}, {"require_approval": True}):
        uploads = await sandbox.watch("/api/v1/posts/bulk-upload", method="POST")
        before = sandbox.post_ids()
        async with client(make_server(sandbox.app, confirm="off", **SETS, **setting)) as t:
            text = await t.error("posts_bulk_upload", {"rows": ROWS, "dry_run": False})
            dry = await t.ok("posts_bulk_upload", {"rows": ROWS})  # validating changes nothing: still allowed
        assert "Nothing was sent" in text
        assert "LATE_ALLOW_PUBLISH_NOW=false" in text
        assert dry["dry_run"] is True
        assert await sandbox.hits(uploads) == 1  # the dry run only
        assert sandbox.post_ids() == before


async def test_a_real_upload_asks_first_and_is_journaled(sandbox: Sandbox, tmp_path: Path) -> None:
    settings: dict[str, Any] = {**SETS, "journal": str(tmp_path / "j.sqlite3")}
    before = sandbox.post_ids()
    no = Person("decline")
    async with client(make_server(sandbox.app, **settings), no) as t:
        assert (await t.call("posts_bulk_upload", {"rows": ROWS, "dry_run": False})).is_error
    assert len(no.asked) == 1
    assert sandbox.post_ids() == before
    yes = Person("accept")
    async with client(make_server(sandbox.app, **settings), yes) as t:
        await t.ok("posts_bulk_upload", {"rows": ROWS, "dry_run": False})
        made = sandbox.post_ids() - before
        assert len(made) == 2
        history = await t.ok("posts_history", {})
        assert {e["post_id"] for e in history["entries"]} == made
        await t.ok("posts_undo", {})
    assert len(sandbox.post_ids() - before) == 1


async def test_a_refused_upload_is_not_asked_about_first(sandbox: Sandbox) -> None:
    # The settings refuse it whatever the person answers: asking first would be a question with no effect.
    uploads = await sandbox.watch("/api/v1/posts/bulk-upload", method="POST")
    yes = Person("accept")
    async with client(make_server(sandbox.app, **SETS, max_posts_per_day=5), yes) as t:
        text = await t.error("posts_bulk_upload", {"rows": ROWS, "dry_run": False})
    assert "posts_bulk_upload is refused while" in text
    assert yes.asked == []
    assert await sandbox.hits(uploads) == 0


async def test_the_question_counts_the_rows_of_csv_text(sandbox: Sandbox) -> None:
    """CSV text given in the call is counted as its rows, not as "0 row(s)"; a no creates nothing."""
    text = "platforms,profiles,schedule_time,post_content\n" + "".join(
        f"bluesky,{PROFILE_MAIN},2099-04-0{day}T10:00:00Z,Day {day}\n" for day in (1, 2, 3)
    )
    before = sandbox.post_ids()
    no = Person("decline")
    async with client(make_server(sandbox.app, **SETS), no) as t:
        await t.error("posts_bulk_upload", {"csv": text, "dry_run": "false"})
    assert no.asked[0].startswith("Create every post of the CSV (3 row(s) given here)")
    assert sandbox.post_ids() == before
