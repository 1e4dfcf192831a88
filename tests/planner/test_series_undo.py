"""A real series is one journal entry: posts_history shows it as one line, and one posts_undo (asked once through
elicitation) takes the whole series back; a series that partly failed journals the posts it did create; the
daily cap counts a series' posts. Through the MCP client against the sandbox, with a journal file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import PROFILE_MAIN, QUEUE_MAIN

from ..conftest import Sandbox
from ..safety.conftest import Person, client, make_server
from .test_series_tools import BLUESKY, NOW, TWITTER, mondays


def journaled(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    """Core and planner tools, a journal file, and confirmation as a person has it by default (live)."""
    return make_server(sandbox.app, toolsets=("core", "planner"), journal=str(tmp_path / "journal.sqlite3"), **settings)


async def test_twelve_mondays_are_one_entry_and_one_undo(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    person = Person()
    async with client(journaled(sandbox, tmp_path), person) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False))
        [series] = (await t.ok("posts_history", {}))["entries"]
        undone = await t.ok("posts_undo", {})
        history = (await t.ok("posts_history", {}))["entries"]
    assert done["created"] == 12
    assert person.asked == [
        f"Undo entry {series['id']} (a series of 12 posts by posts_schedule_series): delete the 12 post(s) not "
        "published yet. Confirm to go ahead."
    ]  # asked once, for the whole series
    assert series["action"] == "series"
    assert series["what"] == ("12 posts every Monday at 09:00 Europe/Berlin, Mon 2027-03-08 to Mon 2027-05-24")
    assert series["platforms"] == ["bluesky"]
    assert sandbox.post_ids() == before  # zero posts left
    assert len(undone["posts"]) == 12
    assert all(line.endswith("deleted (was scheduled)") for line in undone["posts"])
    [delete, again] = history
    assert (again["id"], again["undone_by"]) == (series["id"], delete["id"])
    assert (delete["action"], delete["undoes"], delete["tool"]) == ("delete", series["id"], "posts_undo")
    assert delete["what"] == f"12 post(s) of series entry {series['id']} deleted"


async def test_a_partly_failed_series_journals_what_it_made_and_undo_leaves_a_published_one(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    await sandbox.fault(path="/v1/posts", method="POST", fail_count=1, status=400)
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=4))
        [series] = (await t.ok("posts_history", {}))["entries"]
        first = done["post_ids"][0]
        published = await sandbox.api("PUT", f"posts/{first}", json={"publishNow": True})  # one went out meanwhile
        assert published.status_code == 200, published.text
        undone = await t.ok("posts_undo", {"entry_id": series["id"]})
    assert (done["created"], done["failed"]) == (3, 1)
    assert series["what"] == "3 posts every Monday at 09:00 Europe/Berlin, Mon 2027-03-15 to Mon 2027-03-29"
    assert "delete the 2 post(s) not published yet; 1 already out stay as they are" in undone["summary"]
    assert undone["posts"][0] == f"{first}: already published, cannot be deleted; left as is"
    assert [p["_id"] for p in sandbox.new_posts(before)] == [first]


async def test_a_series_whose_undo_partly_failed_stays_undoable_and_a_second_undo_retries_the_rest(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=3))
        [series] = (await t.ok("posts_history", {}))["entries"]
        first, second, third = done["post_ids"]
        await sandbox.fault(path=f"/v1/posts/{second}", method="DELETE", fail_count=1, status=400)
        partly = await t.ok("posts_undo", {"entry_id": series["id"]})
        left = sandbox.new_posts(before)
        [one_delete, still] = (await t.ok("posts_history", {}))["entries"]
        retried = await t.ok("posts_undo", {})  # the latest write not undone: the series again
        [two_delete, _, done_now] = (await t.ok("posts_history", {}))["entries"]
        again = await t.error("posts_undo", {"entry_id": series["id"]})
    assert [p["_id"] for p in left] == [second]
    assert partly["summary"].startswith(f"Undo entry {series['id']} (a series of 3 posts by posts_schedule_series)")
    assert ". 2 of 3 deleted; 1 not (" in partly["summary"]
    assert partly["summary"].endswith(f"; posts_undo {series['id']} again to retry.")
    assert partly["posts"][0] == f"{first}: deleted (was scheduled)"
    assert partly["posts"][1].startswith(f"{second}: not deleted (")
    assert (still["id"], still.get("undone_by")) == (series["id"], None)  # not marked undone: the second is waiting
    assert (one_delete["undoes"], one_delete["what"]) == (
        series["id"],
        f"2 post(s) of series entry {series['id']} deleted",
    )
    assert retried["entry_id"] == series["id"]
    assert retried["summary"] == (
        f"Undo entry {series['id']} (a series of 3 posts by posts_schedule_series): delete the 1 post(s) not "
        "published yet; 2 no longer exist."
    )
    assert retried["posts"] == [f"{first}: no longer exists", f"{second}: deleted (was scheduled)",
                                f"{third}: no longer exists"]  # fmt: skip
    assert sandbox.post_ids() == before
    assert (done_now["undone_by"], two_delete["undoes"]) == (two_delete["id"], series["id"])
    assert f"Entry {series['id']} was already undone (by entry {two_delete['id']})" in again


async def test_undoing_the_undo_of_a_series_schedules_its_posts_again_which_can_be_undone_too(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    person = Person()
    async with client(journaled(sandbox, tmp_path), person) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        texts = [p["content"] for p in sandbox.new_posts(before)]
        await t.ok("posts_undo", {})
        [delete, _] = (await t.ok("posts_history", {}))["entries"]
        again = await t.ok("posts_undo", {"entry_id": delete["id"]})
        made = sandbox.new_posts(before)
        [create, *_] = (await t.ok("posts_history", {}))["entries"]
        twice = await t.error("posts_undo", {"entry_id": delete["id"]})
        gone = await t.ok("posts_undo", {"entry_id": create["id"]})
    first, second = done["post_ids"]
    said = (
        f"Undo entry {delete['id']} (delete of 2 posts by posts_undo): make the 2 post(s) again, each scheduled for "
        "its time as before"
    )
    assert person.asked[1] == f"{said}. Confirm to go ahead."
    assert again["summary"] == f"{said}."
    assert [p["content"] for p in made] == texts
    assert [p["scheduledFor"] for p in made] == ["2027-03-08T08:00:00.000Z", "2027-03-15T08:00:00.000Z"]
    assert all(p["status"] == "scheduled" for p in made)
    assert [p["platforms"][0]["accountId"] for p in made] == [BLUESKY, BLUESKY]
    assert again["posts"] == [
        f"{first}: made again as {made[0]['_id']}, scheduled for Mon 2027-03-08 09:00 CET",
        f"{second}: made again as {made[1]['_id']}, scheduled for Mon 2027-03-15 09:00 CET",
    ]
    assert (create["action"], create["undoes"], create["tool"]) == ("create", delete["id"], "posts_undo")
    assert create["what"] == f"2 post(s) of delete entry {delete['id']} made again"
    assert "already undone" in twice
    assert "(create of 2 posts by posts_undo): delete the 2 post(s) not published yet" in gone["summary"]
    assert sandbox.post_ids() == before


async def test_undoing_the_undo_of_queued_posts_says_they_no_longer_hold_their_slots(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """Posts that held queue slots when a group undo deleted them come back at their times by time (no call puts a
    post back in a given slot): the question and the answer say so, and how to queue them again."""
    await freeze(NOW)
    before = sandbox.post_ids()
    person = Person()
    async with client(journaled(sandbox, tmp_path), person) as t:
        await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        for post in sandbox.new_posts(before):  # the queue's own posts, as the dashboard queues them
            sandbox.store.put("posts", {**post, "queuedFromProfile": PROFILE_MAIN, "queueId": QUEUE_MAIN})
        await t.ok("posts_undo", {})
        [delete, _] = (await t.ok("posts_history", {}))["entries"]
        again = await t.ok("posts_undo", {"entry_id": delete["id"]})
    made = sandbox.new_posts(before)
    said = (
        f"Undo entry {delete['id']} (delete of 2 posts by posts_undo): make the 2 post(s) again, each scheduled for "
        "its time as before; 2 of them by time, no longer holding a queue slot, so posts queued later can get the "
        "same times"
    )
    assert person.asked[-1] == (
        f"{said}; to take the queue's next free slots instead, decline and post them again with posts_create "
        f"use_queue=true queue_id={QUEUE_MAIN}. Confirm to go ahead."
    )
    assert again["summary"] == (
        f"{said}; to take the queue's next free slots instead, delete them with posts_delete and post them again "
        f"with posts_create use_queue=true queue_id={QUEUE_MAIN}."
    )
    assert [p["queueId"] for p in made] == [None, None]
    assert all(line.endswith("09:00 CET, by time, no longer in its queue slot") for line in again["posts"])


async def test_the_daily_cap_counts_a_series_posts(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    async with client(journaled(sandbox, tmp_path, confirm="off", max_posts_per_day=3)) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=4))
        refused = await t.error("posts_create", {"content": "One more", "platform": "bluesky", "account_id": BLUESKY})
    assert (done["created"], done["failed"]) == (3, 1)
    assert "LATE_MAX_POSTS_PER_DAY=3" in done["dates"][3]["error"]
    assert "LATE_MAX_POSTS_PER_DAY=3" in refused


async def test_under_confirm_all_a_real_series_is_asked_once_and_a_dry_run_never(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    person = Person(answer="decline")
    async with client(journaled(sandbox, tmp_path, confirm="all"), person) as t:
        await t.ok("posts_schedule_series", mondays())
        declined = await t.error("posts_schedule_series", mondays(dry_run=False))
    assert "declined" in declined
    assert person.asked == [
        "Schedule 12 posts, every Monday at 09:00 Europe/Berlin from 2027-03-01, on bluesky, 12 text(s) used in turn:\n"
        "Confirm to go ahead."
    ]
    assert sandbox.post_ids() == before


async def test_a_second_undo_of_a_series_undo_makes_again_only_the_posts_the_first_could_not(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        await t.ok("posts_undo", {})
        [delete, _] = (await t.ok("posts_history", {}))["entries"]
        await sandbox.fault(path="/v1/posts", method="POST", fail_count=1, status=400)
        partly = await t.ok("posts_undo", {"entry_id": delete["id"]})
        [_, still, *_] = (await t.ok("posts_history", {}))["entries"]
        retried = await t.ok("posts_undo", {"entry_id": delete["id"]})
        [_, _, undone, *_] = (await t.ok("posts_history", {}))["entries"]
    first, second = done["post_ids"]
    drafts = sandbox.new_posts(before)
    assert len(drafts) == 2  # each made again once
    assert ". 1 of 2 made again; 1 not (" in partly["summary"]
    assert partly["summary"].endswith(f"; posts_undo {delete['id']} again to retry.")
    assert partly["posts"][0].startswith(f"{first}: not made again (")
    assert (still["id"], still.get("undone_by")) == (delete["id"], None)
    assert retried["posts"] == [f"{first}: made again as {drafts[1]['_id']}, scheduled for Mon 2027-03-08 09:00 CET",
                                f"{second}: already made again by an earlier undo"]  # fmt: skip
    assert (undone["id"], undone["undone_by"]) == (delete["id"], delete["id"] + 2)


#: every answer of a create lost (a 502 from a gateway in front of the API, on both attempts of max_retries=1)
LOST = {"path": "/v1/posts", "method": "POST", "status": 502}
LOST_LINE = (
    "every answer lost for {n} create(s) and no post found, but it may still appear (check posts_list before "
    "sending it again; undo cannot remove it): "
)


async def test_a_series_create_whose_answers_were_lost_is_named_in_its_entry_and_undo_leaves_it(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """The first date's create gets no answer and the lookup finds no post: like a lost posts_create, the entry says
    so (when, where, what text) for the person to check; undo deletes only the posts it knows, and names the date."""
    await freeze(NOW)
    before = sandbox.post_ids()
    await sandbox.fault(**LOST, fail_count=2)
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=3))
        [series] = (await t.ok("posts_history", {}))["entries"]
        # the lost create turns up after all (a slow API): a post of that text at that time, made behind the lookup
        late = await sandbox.api(
            "POST",
            "posts",
            json={
                "content": mondays()["contents"][0],
                "scheduledFor": "2027-03-08T08:00:00Z",
                "platforms": [{"platform": "bluesky", "accountId": BLUESKY}],
            },
        )
        assert late.status_code in (200, 201), late.text
    person = Person()
    async with client(journaled(sandbox, tmp_path), person) as t:
        undone = await t.ok("posts_undo", {"entry_id": series["id"]})
    assert person.asked[0].endswith(
        "delete the 2 post(s) not published yet; 1 create(s) whose answers were lost are unknown, so not deleted "
        "(check posts_list). Confirm to go ahead."
    )
    assert (done["created"], done["failed"]) == (2, 1)
    assert done["dates"][0]["error"].startswith("Not created: 2 attempts under one Idempotency-Key")
    assert series["outcome"] == "ok"
    assert series["what"] == (
        "2 posts every Monday at 09:00 Europe/Berlin, Mon 2027-03-15 to Mon 2027-03-22; "
        + LOST_LINE.format(n=1)
        + "Mon 2027-03-08 09:00 on bluesky 'Monday tip #1: one small habit for a ca…'"
    )
    assert len(undone["posts"]) == 2  # only the posts it knows
    assert undone["by_hand"] == [
        "Mon 2027-03-08 09:00 on bluesky 'Monday tip #1: one small habit for a ca…': its create's answers were "
        "lost; if posts_list shows it, delete it with posts_delete"
    ]
    assert [p["_id"] for p in sandbox.new_posts(before)] == [late.json()["post"]["_id"]]  # left for the person


async def test_a_series_whose_every_create_was_lost_is_journaled_as_not_confirmed(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    await sandbox.fault(**LOST)
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        failed = await t.error("posts_schedule_series", mondays(dry_run=False, count=2))
        [series] = (await t.ok("posts_history", {}))["entries"]
        nothing = await t.error("posts_undo", {})
    assert "Nothing was created: all 2 dates failed" in failed
    assert (series["action"], series["platforms"]) == ("series", ["bluesky"])
    assert series["outcome"] == "not confirmed: every answer of 2 create(s) was lost and no post of theirs was found"
    assert series["what"].endswith(
        LOST_LINE.format(n=2) + "Mon 2027-03-08 09:00 on bluesky 'Monday tip #1: one small habit for a ca…'; "
        "Mon 2027-03-15 09:00 on bluesky 'Monday tip #2: one small habit for a ca…'"
    )
    assert "Nothing to undo" in nothing  # nothing it could identify


async def test_a_series_create_whose_answers_were_lost_but_whose_post_was_found_is_one_of_its_posts(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Not frozen: the lookup reads the API's clock from its Date header against this machine's (a frozen planner
    clock would put the request months after the post it made)."""
    await sandbox.fault(**LOST, fail_count=2, after=True)  # carried out, then both answers lost; found by lookup
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        start = (datetime.now(timezone.utc) + timedelta(days=14)).date().isoformat()
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=2, start=start))
        [series] = (await t.ok("posts_history", {}))["entries"]
    assert (done["created"], done["failed"]) == (2, 0)
    assert done["dates"][0]["post_id"] == done["post_ids"][0]
    assert series["what"].startswith("2 posts every Monday at 09:00 Europe/Berlin, Mon ")
    assert "lost" not in series["what"]


async def test_an_update_of_a_series_post_deleted_by_undoing_the_series_says_how_to_get_it_back(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """The series' undo deleted the updated post (one entry for all its deletes): "undo" of the update is refused,
    naming that entry, instead of failing on an API 404 for the post."""
    await freeze(NOW)
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        await t.ok("posts_update", {"post_id": done["post_ids"][0], "content": "Monday tip #1, better"})
        [updated, series] = (await t.ok("posts_history", {}))["entries"]
        await t.ok("posts_undo", {"entry_id": series["id"]})
        [deleted, *_] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {})
    assert f"was deleted after entry {updated['id']} (entry {deleted['id']}, by posts_undo)" in text
    assert f"posts_undo entry_id={deleted['id']} makes its posts again as drafts" in text
    assert "404" not in text


async def test_a_series_with_no_known_post_left_still_names_its_lost_creates_when_undo_is_refused(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """The posts it knows were deleted by hand; the create whose answers were lost may still exist, and the refusal
    is the one place the person asking to undo the series hears about it."""
    await freeze(NOW)
    await sandbox.fault(**LOST, fail_count=2)
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        await t.ok("posts_delete", {"post_id": done["post_ids"][0]})
        [_, series] = (await t.ok("posts_history", {}))["entries"]
        refused = await t.error("posts_undo", {"entry_id": series["id"]})
    assert "none of its posts is left to delete" in refused
    assert "Mon 2027-03-08 09:00 on bluesky 'Monday tip #1: one small habit for a ca…'" in refused
    assert "posts_list" in refused


async def test_undoing_a_series_undo_whose_create_answers_were_lost_says_to_check_before_undoing_again(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """The draft was made but both answers were lost: 'not made again ... posts_undo again to retry' would make it a
    second time. The result says it is not confirmed and to check posts_list first."""
    await freeze(NOW)
    before = sandbox.post_ids()
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        await t.ok("posts_schedule_series", mondays(dry_run=False, count=2))
        await t.ok("posts_undo", {})
        [delete, _] = (await t.ok("posts_history", {}))["entries"]
        await sandbox.fault(**LOST, fail_count=2, after=True)  # carried out, both answers lost
        partly = await t.ok("posts_undo", {"entry_id": delete["id"]})
    assert len(sandbox.new_posts(before)) == 2  # both drafts exist
    assert "not confirmed" in partly["posts"][0]
    assert "; 1 not confirmed (every answer lost, it may have been made: " in partly["summary"]
    assert "again to retry" not in partly["summary"]
    assert "posts_list" in partly["summary"]


async def test_a_post_made_again_says_each_platforms_own_time_where_it_is_not_the_posts(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """Two Mondays on Bluesky and X, the X targets moved in the dashboard (one later that day, one to the next
    day): undoing the series' undo makes each post again with those times, and its line says them."""
    await freeze(NOW)
    before = sandbox.post_ids()
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok(
            "posts_schedule_series",
            mondays(dry_run=False, count=2, platforms="bluesky,twitter", account_ids=[BLUESKY, TWITTER]),
        )
        first, second = done["post_ids"]
        for post_id, own in ((first, "2027-03-08T11:00:00Z"), (second, "2027-03-16T09:00:00Z")):
            targets = [{"platform": "bluesky", "accountId": BLUESKY},
                       {"platform": "twitter", "accountId": TWITTER, "scheduledFor": own}]  # fmt: skip
            moved = await sandbox.api("PUT", f"posts/{post_id}", json={"platforms": targets})
            assert moved.status_code == 200, moved.text
        await t.ok("posts_undo", {})
        [delete, _] = (await t.ok("posts_history", {}))["entries"]
        again = await t.ok("posts_undo", {"entry_id": delete["id"]})
    made = sandbox.new_posts(before)
    assert [[p.get("scheduledFor") for p in post["platforms"]] for post in made] == [
        [None, "2027-03-08T11:00:00.000Z"],
        [None, "2027-03-16T09:00:00.000Z"],
    ]
    assert again["posts"] == [
        f"{first}: made again as {made[0]['_id']}, scheduled for Mon 2027-03-08 09:00 CET (twitter at 12:00)",
        f"{second}: made again as {made[1]['_id']}, scheduled for Mon 2027-03-15 09:00 CET "
        "(twitter at Tue 2027-03-16 10:00 CET)",
    ]
