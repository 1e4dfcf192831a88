"""posts_undo of an update or edit over a post changed since outside this server's journal: in the Late dashboard
(here: the sandbox's API called directly, behind the server's back), or by a later write of this server whose
answer was lost. Refused before anything is asked or sent, naming the field in words and both values; a change
that only looks different (another zone, another order) or that touched other fields does not stop the undo."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox, Tools
from .conftest import LINKEDIN, STAGGERED, TWITTER, Person, client, make_server

POST = {"content": "Undo me", "platform": "twitter", "account_id": TWITTER}
AT = "2031-05-06T10:00:00Z"


def server(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    return make_server(
        sandbox.app,
        journal=str(tmp_path / "journal.sqlite3"),
        **{"toolsets": ("core", "live", "planner"), "confirm": "live", **settings},
    )


async def dashboard(sandbox: Sandbox, post_id: str, **body: Any) -> None:
    """The person changes the post in the Late dashboard: the API, called without this server."""
    answer = await sandbox.api("PUT", f"posts/{post_id}", json=body)
    assert answer.status_code == 200, answer.text


async def refused_untouched(sandbox: Sandbox, tmp_path: Path, change: dict[str, Any]) -> str:
    """Create, update with `change`, then the dashboard (`change["dashboard"]`); the undo's refusal, after checking
    that nothing was asked, sent or journaled."""
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": AT, "media_urls": "https://cdn.example.com/a.png"})
        await t.ok("posts_update", {"post_id": made["post_id"], **change["update"]})
        await dashboard(sandbox, made["post_id"], **change["dashboard"])
        was = await sandbox.post(made["post_id"])
        writes = await sandbox.watch("/api/v1/posts*", method="PUT")
        text = await t.error("posts_undo", {})
        [last, *_] = (await t.ok("posts_history", {}))["entries"]
    assert person.asked == []
    assert await sandbox.hits(writes) == 0
    assert await sandbox.post(made["post_id"]) == was
    assert (last["action"], last["outcome"], last.get("undone_by")) == ("update", "ok", None)
    assert f"post {made['post_id']}" in text
    return text


async def test_text_changed_in_the_dashboard_is_not_overwritten(sandbox: Sandbox, tmp_path: Path) -> None:
    change = {"update": {"content": "Second"}, "dashboard": {"content": "Written in the dashboard"}}
    text = await refused_untouched(sandbox, tmp_path, change)
    assert "the text is now 'Written in the dashboard' (entry 2 left 'Second')" in text
    assert "posts_get" in text
    assert "posts_update" in text
    assert "content" not in text  # the API's field name


async def test_time_moved_in_the_dashboard_is_not_overwritten(sandbox: Sandbox, tmp_path: Path) -> None:
    change = {
        "update": {"scheduled_for": "2031-05-07T10:00:00Z"},
        "dashboard": {"scheduledFor": "2031-05-08T12:30:00", "timezone": "Europe/Berlin"},
    }
    text = await refused_untouched(sandbox, tmp_path, change)
    # shown in the person's zone (the test server's is Europe/Berlin)
    assert "the time is now Thu 2031-05-08 12:30 CEST (entry 2 left Wed 2031-05-07 12:00 CEST)" in text
    assert "scheduledFor" not in text


async def test_a_post_made_a_draft_in_the_dashboard_is_not_overwritten(sandbox: Sandbox, tmp_path: Path) -> None:
    change = {"update": {"scheduled_for": "2031-05-07T10:00:00Z"}, "dashboard": {"isDraft": True}}
    text = await refused_untouched(sandbox, tmp_path, change)
    assert "the time is now a draft (entry 2 left Wed 2031-05-07 12:00 CEST)" in text


async def test_title_changed_in_the_dashboard_is_not_overwritten(sandbox: Sandbox, tmp_path: Path) -> None:
    change = {"update": {"title": "Mine"}, "dashboard": {"title": "Theirs"}}
    text = await refused_untouched(sandbox, tmp_path, change)
    assert "the title is now 'Theirs' (entry 2 left 'Mine')" in text


async def test_the_same_instant_in_another_zone_is_no_change(sandbox: Sandbox, tmp_path: Path) -> None:
    """The dashboard saved the time the update left, written in Berlin's wall-clock time: the same instant."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": AT})
        await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": "2031-05-07T10:00:00Z"})
        await dashboard(sandbox, made["post_id"], scheduledFor="2031-05-07T12:00:00", timezone="Europe/Berlin")
        undone = await t.ok("posts_undo", {})
    assert "put back the time" in undone["summary"]
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["scheduledFor"].startswith("2031-05-06T10:00:00")


async def test_a_dashboard_change_of_another_field_does_not_stop_the_undo(sandbox: Sandbox, tmp_path: Path) -> None:
    """The update changed the text; the dashboard, the media and the accounts: the text goes back, theirs stay."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        both = [{"platform": "twitter", "accountId": TWITTER}, {"platform": "linkedin", "accountId": LINKEDIN}]
        media = [{"type": "image", "url": "https://cdn.example.com/b.png"}]
        await dashboard(sandbox, made["post_id"], platforms=both, mediaItems=media, title="Theirs")
        await t.ok("posts_undo", {})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert (post["content"], post["title"]) == ("Undo me", "Theirs")
    assert [m["url"] for m in post["mediaItems"]] == ["https://cdn.example.com/b.png"]
    assert len(post["platforms"]) == 2


async def test_a_dashboard_change_back_to_the_old_value_does_not_stop_the_undo(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The text is already what undo puts back: nothing would be lost."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await dashboard(sandbox, made["post_id"], content="Undo me")
        await t.ok("posts_undo", {})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"


async def test_recycling_changed_in_the_dashboard_is_not_overwritten(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", {**POST, "scheduled_for": AT})
        await t.ok("posts_recycle", {"post_id": made["post_id"], "every": "every 2 months"})
        recycling = {"enabled": True, "gap": 3, "gapFreq": "week"}
        await dashboard(sandbox, made["post_id"], recycling=recycling)
        text = await t.error("posts_undo", {})
    assert "recycling is now every 3 weeks (entry 2 left every 2 months)" in text
    assert "posts_recycle" in text
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert (post["recycling"]["gap"], post["recycling"]["gapFreq"]) == (3, "week")


async def test_a_live_edit_is_not_undone_over_an_edit_made_in_the_dashboard(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_publish_now", POST)
        await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter", "content": "Fixed"})
        answer = await sandbox.api("POST", f"posts/{made['post_id']}/edit",
                                   json={"platform": "twitter", "content": "Fixed in the dashboard"})  # fmt: skip
        assert answer.status_code == 200, answer.text
        text = await t.error("posts_undo", {})
    assert "the text on twitter is now 'Fixed in the dashboard' (entry 2 left 'Fixed')" in text
    assert "posts_edit_published" in text
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["platforms"][0]["customContent"] == "Fixed in the dashboard"


async def test_an_update_whose_answer_was_lost_is_seen_by_what_the_post_holds(sandbox: Sandbox, tmp_path: Path) -> None:
    """Entry 3 (Second -> Third) was carried out but its answers were lost: journaled as failed, so the journal
    alone would let entry 2 put 'Undo me' over 'Third'. The post holds 'Third': refused, naming the lost write."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await sandbox.fault(path=f"/api/v1/posts/{made['post_id']}", method="PUT", status=502, after=True, fail_count=2)
        await t.error("posts_update", {"post_id": made["post_id"], "content": "Third"})
        [lost, second, _] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {"entry_id": second["id"]})
    assert lost["outcome"] != "ok"
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Third"
    assert f"the text is now 'Third' (entry {second['id']} left 'Second')" in text
    assert f"entry {lost['id']}" in text


async def test_a_later_update_that_failed_without_being_made_does_not_stop_the_undo(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Entry 3 failed before the API carried it out (a 503 in front of it): the post still holds what entry 2 left,
    so entry 2 is undone."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        await sandbox.fault(path=f"/api/v1/posts/{made['post_id']}", method="PUT", status=503, fail_count=2)
        await t.error("posts_update", {"post_id": made["post_id"], "content": "Third"})
        [failed, second, _] = (await t.ok("posts_history", {}))["entries"]
        await t.ok("posts_undo", {"entry_id": second["id"]})
    assert failed["outcome"] != "ok"
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"


async def test_an_entry_journaled_before_it_kept_what_it_left_is_undone_and_says_it_was_not_checked(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """An older journal kept only the status in an update's `after`: the check cannot be made; the undo goes on as
    before and says so (the confirmation question too)."""
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "content": "Second"})
        with sqlite3.connect(tmp_path / "journal.sqlite3") as db:
            db.execute("UPDATE entries SET after = ? WHERE action = 'update'", (json.dumps({"status": "scheduled"}),))
        await dashboard(sandbox, made["post_id"], content="Written in the dashboard")
        undone = await t.ok("posts_undo", {})
    said = "the journal did not keep what entry 2 left (the text), so a change made since outside this server"
    assert said in undone["summary"]
    assert said in person.asked[0]
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["content"] == "Undo me"


async def test_the_way_to_set_a_value_by_hand_is_named_as_this_server_has_it(sandbox: Sandbox, tmp_path: Path) -> None:
    """The journal outlives the server: restarted without the live toolset, the refusal does not send the person
    to a tool it no longer lists, but says how to turn its toolset on."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        made = await t.ok("posts_publish_now", POST)
        await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter", "content": "Fixed"})
    answer = await sandbox.api("POST", f"posts/{made['post_id']}/edit",
                               json={"platform": "twitter", "content": "Fixed in the dashboard"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    async with client(server(sandbox, tmp_path, confirm="off", toolsets=("core",))) as t:
        assert "posts_edit_published" not in t.listed
        text = await t.error("posts_undo", {})
    assert "with posts_edit_published, from the live toolset (the toolsets tool turns it on)" in text


PERSONAL = ACCOUNT_IDS["linkedin_personal"]


async def edited_on_two_linkedin_accounts(t: Tools) -> str:
    """A post published to Jane's and Acme's LinkedIn accounts, edited live on each (Jane's first); its id."""
    both = {"content": "Shared text", "platforms": "linkedin", "account_ids": f"{PERSONAL},{LINKEDIN}"}
    made = await t.ok("posts_cross_post", {**both, "publish_now": True})
    for account, text in ((PERSONAL, "Jane's fix"), (LINKEDIN, "Acme's fix")):
        edit = {"post_id": made["post_id"], "platform": "linkedin", "account_id": account, "content": text}
        await t.ok("posts_edit_published", edit)
    return str(made["post_id"])


async def texts_by_account(sandbox: Sandbox, post_id: str) -> dict[str, Any]:
    """Each target's own text as the API holds it, by account id."""
    post = await sandbox.post(post_id)
    assert post is not None
    return {p["accountId"]["_id"]: p.get("customContent") for p in post["platforms"]}


async def test_a_live_edit_on_one_of_two_accounts_of_a_platform_is_read_and_undone_on_that_account(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """A post on two LinkedIn accounts, each edited: the edit of the second keeps, compares and puts back that
    account's text, not the first account's."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        post_id = await edited_on_two_linkedin_accounts(t)
        await t.ok("posts_undo", {})
    texts = await texts_by_account(sandbox, post_id)
    assert texts == {PERSONAL: "Jane's fix", LINKEDIN: "Shared text"}


async def test_an_edit_on_another_account_of_the_platform_does_not_stop_the_undo(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Jane's edit is undone after Acme's: Acme's account kept its own text, so nothing of it is overwritten."""
    async with client(server(sandbox, tmp_path, confirm="off")) as t:
        post_id = await edited_on_two_linkedin_accounts(t)
        edits = [e["id"] for e in (await t.ok("posts_history", {}))["entries"] if e["action"] == "edit"]
        await t.ok("posts_undo", {"entry_id": min(edits)})
    texts = await texts_by_account(sandbox, post_id)
    assert texts == {PERSONAL: "Shared text", LINKEDIN: "Acme's fix"}


async def test_a_targets_own_time_moved_in_the_dashboard_after_a_move_is_not_overwritten(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_cross_post", STAGGERED)
        await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": "2099-05-06T09:00"})
        moved = await sandbox.post(made["post_id"])
        assert moved is not None
        targets = [{"platform": p["platform"], "accountId": p["accountId"]["_id"]} for p in moved["platforms"]]
        targets[1]["scheduledFor"] = "2099-05-07T18:00:00Z"  # X moved on its own, in the dashboard
        await dashboard(sandbox, made["post_id"], platforms=targets)
        was = await sandbox.post(made["post_id"])
        text = await t.error("posts_undo", {})
    assert await sandbox.post(made["post_id"]) == was
    assert "the platforms and accounts is now" in text, text
    assert "twitter " + TWITTER + " at Thu 2099-05-07 20:00 CEST" in text, text
