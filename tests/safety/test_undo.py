"""posts_history and posts_undo against the sandbox: each kind of entry, and undo asked like any destructive write."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, oid
from late_mcp.timeutil import iso_utc

from ..conftest import Sandbox, text_of
from .conftest import STAGGERED, TWITTER, Person, client, make_server

POST = {"content": "Undo me", "platform": "twitter", "account_id": TWITTER}


def server(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    return make_server(sandbox.app, journal=str(tmp_path / "journal.sqlite3"), **{"confirm": "off", **settings})


async def test_undo_a_scheduled_create_deletes_it(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        undone = await t.ok("posts_undo", {})
        history = await t.ok("posts_history", {})
    assert await sandbox.post(made["post_id"]) is None
    assert "delete the post" in undone["summary"]
    [delete, create] = history["entries"]
    assert (create["action"], create["undone_by"]) == ("create", delete["id"])
    assert (delete["action"], delete["undoes"], delete["tool"]) == ("delete", create["id"], "posts_undo")


async def test_history_says_when_older_entries_exist(sandbox: Sandbox, tmp_path: Path) -> None:
    """Told nothing, a model takes the newest entries for all there are, and an older write for one it cannot undo."""
    async with client(server(sandbox, tmp_path)) as t:
        for n in range(3):
            await t.ok("posts_create", {**POST, "content": f"Entry {n}"})
        cut = await t.ok("posts_history", {"limit": 2})
        whole = await t.ok("posts_history", {"limit": 3})
    assert len(cut["entries"]) == 2
    assert cut["more"] == f"Older entries exist: call again with older_than={cut['entries'][1]['id']}."
    assert len(whole["entries"]) == 3
    assert "more" not in whole


async def test_history_followed_as_its_more_says_shows_every_entry_once(sandbox: Sandbox, tmp_path: Path) -> None:
    """Past the 100 one call can show: each `more` names the call that shows the next older entries, and a write
    made between two calls does not shift them (an id, not a page number)."""
    async with client(server(sandbox, tmp_path)) as t:
        for n in range(7):
            await t.ok("posts_create", {**POST, "content": f"Entry {n}"})
        seen: list[int] = []
        answer = await t.ok("posts_history", {"limit": "3"})  # a string, as models send numbers
        await t.ok("posts_create", {**POST, "content": "Made while paging"})
        while True:
            seen += [e["id"] for e in answer["entries"]]
            if "more" not in answer:
                break
            older_than = int(answer["more"].removeprefix("Older entries exist: call again with older_than=")[:-1])
            answer = await t.ok("posts_history", {"limit": 3, "older_than": older_than})
        past = await t.ok("posts_history", {"older_than": str(min(seen))})
    assert len(seen) == 7 == len(set(seen))
    assert seen == sorted(seen, reverse=True)
    assert past["entries"] == []
    assert past["more"] == f"No entries older than {min(seen)} (the journal keeps each key's newest 1000 writes)."


async def test_an_id_beyond_what_sqlite_holds_is_beyond_every_entry(sandbox: Sandbox, tmp_path: Path) -> None:
    """older_than and entry_id take any integer: one past SQLite's 2**63 - 1 answered "Error executing tool"."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        history = await t.ok("posts_history", {"older_than": 2**63})
        missing = await t.error("posts_undo", {"entry_id": 10**20})
    assert [e["post_id"] for e in history["entries"]] == [made["post_id"]]
    assert f"No journal entry {10**20}." in missing


async def test_history_of_fifty_fits_one_answer_and_goes_on_from_the_last_shown(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """limit=50 answered about 7 KB; each answer now holds what fits about 4 KB, and its `more` the rest."""
    async with client(server(sandbox, tmp_path)) as t:
        for n in range(50):
            await t.ok("posts_create", {**POST, "content": f"Entry {n}", "is_draft": True})
        seen: list[int] = []
        sizes: list[int] = []
        args: dict[str, Any] = {"limit": 50}
        while True:
            result = await t.call("posts_history", args)
            answer = result.structured_content
            assert answer is not None
            sizes.append(len(text_of(result).encode()))
            seen += [e["id"] for e in answer["entries"]]
            if "more" not in answer:
                break
            args |= {"older_than": int(answer["more"].rsplit("=", 1)[1].rstrip("."))}
    assert len(seen) == 50 == len(set(seen))
    assert seen == sorted(seen, reverse=True)
    assert len(sizes) > 1
    assert all(size <= 4096 for size in sizes), sizes


async def test_undo_an_update_puts_the_old_text_back(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Changed my mind"})
        undone = await t.ok("posts_undo", {})
        undo, update, _ = (await t.ok("posts_history", {}))["entries"]
    assert undone["summary"].endswith("put back the text ('Undo me').")  # the person sees what comes back
    assert update["what"] == undo["what"] == "changed text"
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"
    assert post["status"] == "scheduled"


async def test_undo_a_delete_of_a_draft_makes_it_again_as_a_draft(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True, "media_urls": "https://cdn.example.com/a.png"})
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    [again] = sandbox.new_posts(before - {made["post_id"]})
    assert again["status"] == "draft"
    assert undone["summary"].endswith(f"make the post again as a draft: {again['_id']}, a new post.")  # its id told
    assert again["content"] == "Undo me"
    assert [p["accountId"] for p in again["platforms"]] == [TWITTER]
    assert [m["url"] for m in again["mediaItems"]] == ["https://cdn.example.com/a.png"]


async def test_undo_a_delete_keeps_a_videos_tags(sandbox: Sandbox, tmp_path: Path) -> None:
    """A YouTube video's tags sit at the post's root, beside its text: made again without them, they were lost."""
    video = {"content": "Studio tour", "platform": "youtube", "account_id": ACCOUNT_IDS["youtube"], "is_draft": True,
             "media_urls": "https://cdn.example.com/tour.mp4", "options": {"tags": ["studio", "tour"]}}  # fmt: skip
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", video)
        assert (await sandbox.post(made["post_id"]) or {}).get("tags") == ["studio", "tour"]
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        await t.ok("posts_undo", {})
    [again] = sandbox.new_posts(before - {made["post_id"]})
    assert again["tags"] == ["studio", "tour"]


async def test_undo_a_delete_of_a_scheduled_post_schedules_it_again_as_it_was(sandbox: Sandbox, tmp_path: Path) -> None:
    """Deleted by mistake, undone: the post goes out when it would have, each platform at its own time; before,
    it came back a draft and never went out unless the person noticed the word."""
    person = Person()
    async with client(server(sandbox, tmp_path, confirm="live"), person) as t:
        made = await t.ok("posts_cross_post", {**STAGGERED, "media_urls": "https://cdn.example.com/a.png"})
        was = await sandbox.post(made["post_id"])
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    [again] = sandbox.new_posts(before - {made["post_id"]})
    assert was is not None
    assert again["status"] == "scheduled"
    assert again["scheduledFor"] == was["scheduledFor"] == "2099-05-04T07:00:00.000Z"
    own = {p["platform"]: p.get("scheduledFor") for p in again["platforms"]}
    assert own == {p["platform"]: p.get("scheduledFor") for p in was["platforms"]}
    assert own["twitter"] == "2099-05-04T10:00:00.000Z"
    said = "make the post again scheduled for Mon 2099-05-04 09:00 CEST (twitter at 12:00) as before"
    assert said in person.asked[-1]  # the person confirms the time each platform goes out
    assert undone["summary"].endswith(f"{said}: {again['_id']}, a new post.")


async def test_undo_a_delete_of_a_post_held_for_approval_holds_it_again(sandbox: Sandbox, tmp_path: Path) -> None:
    """Held for approval when deleted, held again when made again, whatever LATE_REQUIRE_APPROVAL says at undo time:
    made again merely scheduled, it would go out without the approval it was waiting for."""
    async with client(server(sandbox, tmp_path, require_approval=True)) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": "2099-05-04T09:00"})
    assert (await sandbox.post(made["post_id"]) or {}).get("status") == "pending_approval"
    async with client(server(sandbox, tmp_path)) as t:  # the setting since turned off
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    [again] = sandbox.new_posts(before - {made["post_id"]})
    assert again["status"] == "pending_approval"
    assert "scheduled for Mon 2099-05-04 09:00 CEST as before, held for approval again" in undone["summary"]


async def test_undo_a_delete_whose_time_has_passed_makes_a_draft_and_says_why(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its time gone by, the post cannot go back to it (the API refuses a past time): a draft, saying so."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": "2099-05-04T09:00"})
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        later = datetime(2099, 5, 4, 7, 30, tzinfo=timezone.utc)  # 09:30 in Berlin
        monkeypatch.setattr("late_mcp.safety.undo.now_utc", lambda: later)
        await sandbox.control("clock", {"now": iso_utc(later)})
        undone = await t.ok("posts_undo", {})
    [again] = sandbox.new_posts(before - {made["post_id"]})
    assert again["status"] == "draft"
    assert (
        "make the post again as a draft (its time, Mon 2099-05-04 09:00 CEST, is no longer ahead)"
        in (undone["summary"])
    )


async def test_undo_a_delete_of_a_recycled_post_says_recycling_is_not_turned_on_again(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    async with client(server(sandbox, tmp_path, toolsets=("core", "planner"))) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": "2099-05-04T09:00", "recycle": "every month"})
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    assert "(it was recycled; the new post is not: posts_recycle turns it on)" in undone["summary"]


async def test_undo_a_publish_unpublishes_it(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        undone = await t.ok("posts_undo", {})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["status"] == "cancelled"
    assert post["platforms"][0]["status"] == "cancelled"
    assert not undone.get("by_hand")


async def test_undoing_an_unpublish_is_refused_for_what_it_is(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        await t.ok("posts_publish_now", POST)
        undone = await t.ok("posts_undo", {})
        [unpublish] = [e for e in (await t.ok("posts_history", {}))["entries"] if e.get("undoes") == undone["entry_id"]]
        refused = await t.error("posts_undo", {"entry_id": unpublish["id"]})
    # not "the post is cancelled", which reads as if undoing could work once the post were in another state
    assert "an unpublished post cannot be put back up" in refused
    assert "posts_create" in refused


async def test_undo_a_publish_where_the_api_cannot_unpublish_says_what_to_do(sandbox: Sandbox, tmp_path: Path) -> None:
    args = {"content": "Gram", "platform": "instagram", "media_urls": "https://cdn.example.com/a.png"}
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", args)
        undone = await t.ok("posts_undo", {})
    [line] = undone["by_hand"]
    assert line.startswith("instagram: the API cannot unpublish there")
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["status"] == "published"


async def test_an_entry_is_undone_once(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        await t.ok("posts_create", POST)
        first = await t.ok("posts_undo", {})
        text = await t.error("posts_undo", {"entry_id": first["entry_id"]})
    assert "already undone" in text


async def test_undo_asks_and_a_no_changes_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
    person = Person("decline")
    async with client(server(sandbox, tmp_path, confirm="live"), person) as t:
        assert "declined" in await t.error("posts_undo", {})
    assert await sandbox.post(made["post_id"]) is not None
    assert "delete the post" in person.asked[0]


async def test_history_says_when_the_journal_is_unavailable(sandbox: Sandbox, tmp_path: Path) -> None:
    bad = tmp_path / "journal.sqlite3"
    bad.write_bytes(b"not sqlite" * 100)
    async with client(server(sandbox, tmp_path)) as t:
        history = await t.ok("posts_history", {})
        text = await t.error("posts_undo", {})
    assert history["journal"].startswith("unavailable")
    assert "Nothing can be undone" in text
    assert "Fix the journal file named there" in text  # a broken file is the user's to fix


async def test_undo_with_the_journal_turned_off_says_so_and_nothing_to_fix(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(make_server(sandbox.app, journal="", confirm="off")) as t:
        history = await t.ok("posts_history", {})
        text = await t.error("posts_undo", {})
    assert (
        history["journal"]
        == "unavailable: the journal is off (LATE_JOURNAL=off): this server keeps no record of its writes"
    )
    assert "Nothing can be undone: the journal is off" in text
    assert "Fix the journal file" not in text  # turned off on purpose: no file to fix
    assert text.endswith(
        "Remove LATE_JOURNAL=off from the server's settings and restart to record writes from then on; posts_get "
        "and posts_list show the posts as they are."
    )


async def test_a_post_that_cannot_be_read_is_not_taken_for_deleted(sandbox: Sandbox, tmp_path: Path) -> None:
    """A failed read (a 503 after the retries) is the tool's error, not "no longer exists": nothing is undone and
    the entry stays undoable."""
    async with client(server(sandbox, tmp_path, max_retries=0)) as t:
        made = await t.ok("posts_create", POST)
        await sandbox.fault(path=f"/api/v1/posts/{made['post_id']}", method="GET", status=503, fail_count=1)
        failed = await t.error("posts_undo", {})
        undone = await t.ok("posts_undo", {})
    assert "no longer exists" not in failed
    assert "503" in failed
    assert "delete the post" in undone["summary"]
    assert await sandbox.post(made["post_id"]) is None


async def test_an_older_update_is_not_undone_over_a_later_change_of_the_same_field(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Undoing entry 2 (text A -> B) after entry 3 (B -> C) would put A back over C without a word: refused before
    anything is sent or asked, naming entry 3; undone newest first, both go back."""
    person = Person()
    async with client(server(sandbox, tmp_path, confirm="live"), person) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Third"})
        [third, second, _] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {"entry_id": second["id"]})
        assert person.asked == []
        post = await sandbox.post(made["post_id"])
        assert post is not None
        assert post["content"] == "Third"
        assert f"later entry {third['id']} changed the text of post {made['post_id']}" in text
        assert f"posts_undo entry_id={third['id']}), then entry {second['id']}" in text
        await t.ok("posts_undo", {"entry_id": third["id"]})
        await t.ok("posts_undo", {"entry_id": second["id"]})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"


async def test_an_older_update_is_undone_when_later_changes_touched_other_fields(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        moved = await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": "2031-05-06T10:00:00Z"})
        [_, second, _] = (await t.ok("posts_history", {}))["entries"]
        await t.ok("posts_undo", {"entry_id": second["id"]})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"
    assert post["scheduledFor"].startswith("2031-05-06T10:00:00")  # the later change stays
    assert moved["post_id"] == made["post_id"]


async def test_an_update_of_a_post_deleted_later_says_how_to_get_it_back(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        [deleted, updated, _] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {"entry_id": updated["id"]})
    assert f"was deleted after entry {updated['id']} (entry {deleted['id']}, by posts_delete)" in text
    assert f"posts_undo entry_id={deleted['id']} makes the post again (a new post with its own id)" in text


async def test_an_older_update_is_not_undone_over_a_later_change_made_again_by_undoing_its_undo(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Entry 3 (B -> C) undone by 4, and 4 undone by 5: the text is C again, so undoing entry 2 (A -> B) would put A
    over C without a word; refused, naming 5. Undoing 5 cancels C again, and then entry 2 can go."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        for text in ("Second", "Third"):
            await t.ok("posts_update", {"post_id": made["post_id"], "content": text})
        [third, second, _] = (await t.ok("posts_history", {}))["entries"]
        await t.ok("posts_undo", {"entry_id": third["id"]})
        await t.ok("posts_undo", {"entry_id": third["id"] + 1})  # the undo undone: the text is "Third" again
        refused = await t.error("posts_undo", {"entry_id": second["id"]})
        post = await sandbox.post(made["post_id"])
        assert post is not None
        assert post["content"] == "Third"
        await t.ok("posts_undo", {"entry_id": third["id"] + 2})
        await t.ok("posts_undo", {"entry_id": second["id"]})
    assert f"later entry {third['id'] + 2} changed the text of post" in refused
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"


async def test_an_update_of_a_post_deleted_and_made_again_since_names_the_new_post(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The delete was undone: the post is back as a new draft under a new id, and the old id is gone for good, so the
    update cannot be undone; the error names the new draft instead of an API 404."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        await t.ok("posts_undo", {})
        [again, deleted, updated, _] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {"entry_id": updated["id"]})
    assert f"was deleted after entry {updated['id']} (entry {deleted['id']}, by posts_delete)" in text
    assert f"Entry {again['id']} made it again as {again['post_id']}, a new post" in text
    assert not re.search(r"\b404\b", text)  # no raw status; an id may hold the digits


async def test_an_update_of_a_post_published_since_is_refused_before_sending(sandbox: Sandbox, tmp_path: Path) -> None:
    """The API edits no published post: the undo says so instead of sending the PUT and passing on the API's 400
    with its generic 'fix what the API's message points at'."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": "2031-05-06T10:00:00Z"})
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await sandbox.control("clock", {"now": "2031-05-06T10:01:00Z"})  # it goes out
        text = await t.error("posts_undo", {})
        [last, *_] = (await t.ok("posts_history", {}))["entries"]
    assert f"Post {made['post_id']} is published now" in text
    assert "try again" not in text
    assert (last["action"], last["outcome"]) == ("update", "ok")  # nothing sent: no failed entry


async def test_undo_a_move_puts_back_the_posts_time_and_each_targets_own(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_cross_post", STAGGERED)
        before = await sandbox.post(made["post_id"])
        await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": "2099-05-06T09:00"})
        moved = await sandbox.post(made["post_id"])
        undone = await t.ok("posts_undo", {})
        undo, update, _ = (await t.ok("posts_history", {}))["entries"]
    after = await sandbox.post(made["post_id"])
    assert before is not None
    assert moved is not None
    assert after is not None
    times = [(p["platform"], p.get("scheduledFor")) for p in before["platforms"]]
    assert times == [("linkedin", None), ("twitter", "2099-05-04T10:00:00.000Z")]
    assert [p.get("scheduledFor") for p in moved["platforms"]] == [None, "2099-05-06T10:00:00.000Z"]
    for key in ("scheduledFor", "status", "content"):
        assert after[key] == before[key], key
    assert [(p["platform"], p.get("scheduledFor"), p.get("customContent")) for p in after["platforms"]] == [
        (p["platform"], p.get("scheduledFor"), p.get("customContent")) for p in before["platforms"]
    ]
    assert "put back the time (Mon 2099-05-04 09:00 CEST), with the platforms' own times" in undone["summary"]
    assert update["what"] == "changed time (was Mon 2099-05-04 09:00) with the platforms' own times"
    assert undo["what"] == "changed time (was Wed 2099-05-06 09:00) with the platforms' own times"


async def test_undo_a_retry_removes_only_what_the_retry_published(sandbox: Sandbox, tmp_path: Path) -> None:
    # the seeded open day: live on X, failed on Facebook (token expired); reconnected, then retried
    post_id = oid("post:partial-event")
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    async with client(server(sandbox, tmp_path)) as t:
        retried = await t.ok("posts_retry", {"post_id": post_id})
        undone = await t.ok("posts_undo", {})
        history = (await t.ok("posts_history", {}))["entries"]
    assert retried["status"] == "published"
    assert undone["summary"].endswith("remove the live post from facebook.")
    post = await sandbox.post(post_id)
    assert post is not None
    assert {p["platform"]: p["status"] for p in post["platforms"]} == {"twitter": "published", "facebook": "cancelled"}
    assert [(e["action"], e.get("what")) for e in history] == [
        ("unpublish", "unpublished from facebook"),
        ("retry", None),
    ]
    assert history[1]["platforms"] == ["facebook"]


async def test_undoing_the_undo_of_a_schedule_schedules_the_draft_again(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True})
        update = {"post_id": made["post_id"], "scheduled_for": "2031-05-02T09:30"}
        when = (await t.ok("posts_update", update))["scheduled_for_utc"]
        back = await t.ok("posts_undo", {})
        assert (await sandbox.post(made["post_id"]) or {})["status"] == "draft"
        again = await t.ok("posts_undo", {"entry_id": (await t.ok("posts_history", {}))["entries"][0]["id"]})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    # put back as it was before the first undo: scheduled at that time, not a draft holding a time
    assert post["status"] == "scheduled", again["summary"]
    assert post["scheduledFor"].replace(".000Z", "Z") == when, back
