"""posts_recycle through the MCP client against the sandbox: variations set on a scheduled post, the sandbox
publishing it and making a copy with the next variation (posts_get and the calendar show it), recycling put on a
published post and stopped, posts_undo putting the previous settings back, and the pre-flight refusals (no write)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from late_mcp.sandbox.seed import ACCOUNT_IDS
from late_mcp.timeutil import iso_utc

from ..conftest import Sandbox
from ..safety.conftest import Person, client, make_server
from .conftest import berlin, scheduled
from .test_series_undo import journaled

TWITTER, YOUTUBE = ACCOUNT_IDS["twitter"], ACCOUNT_IDS["youtube"]
NOW = berlin(2027, 3, 1, 11)
AT = berlin(2027, 3, 2, 9)  # Tuesday 2 March, 09:00 Berlin
TEXTS = ["Evergreen: our guide, take two.", "Evergreen: our guide, take three."]


async def at(sandbox: Sandbox, when: datetime) -> None:
    await sandbox.control("clock", {"now": iso_utc(when)})


async def test_variations_rotate_through_the_copies_the_sandbox_makes(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "Evergreen: our guide.")
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        done = await t.ok("posts_recycle", {"post_id": original, "every": "every week, 3 times", "variations": TEXTS})
        await at(sandbox, AT + timedelta(minutes=1))  # the original goes out; its first copy is made
        shown = await t.ok("posts_get", {"post_id": original})
        [copy] = [p for p in sandbox.store.all("posts") if p.get("recycledFromPostId") == original]
        copied = await t.ok("posts_get", {"post_id": copy["_id"]})
        week = await t.ok("posts_calendar", {"start": "2027-03-08", "days": 7})
        await at(sandbox, AT + timedelta(weeks=1, minutes=1))  # the copy goes out; the next one is made
        again = await t.ok("posts_get", {"post_id": original})
    assert done["summary"] == "Recycled every week, 3 times after publishing. 2 text variations, used in turn."
    assert done["recycling"] == {"every": "week", "on": True, "ends": "after 3 copies", "copies_made": 0,
                                 "variations": 2}  # fmt: skip
    assert shown["status"] == "published"
    assert shown["recycling"] == {
        "every": "week", "on": True, "ends": "after 3 copies", "copies_made": 1,
        "next_copy_at": "2027-03-09T09:00:00+01:00", "variations": 2,
    }  # fmt: skip
    assert len(json.dumps(shown, separators=(",", ":")).encode()) <= 2048  # a post result stays within 2 KB
    assert (copied["content"], copied["status"], copied["recycled_from"]) == (TEXTS[0], "scheduled", original)
    assert "recycling" not in copied
    [tuesday] = [d for d in week["days"] if d["day"] == "Tue 2027-03-09"]
    assert any(copy["_id"] in line and line.startswith("09:00 scheduled") for line in tuesday["posts"])
    assert again["recycling"]["copies_made"] == 2
    copies = [p for p in sandbox.store.all("posts") if p.get("recycledFromPostId") == original]
    assert sorted(p["content"] for p in copies) == sorted(TEXTS)


async def test_recycling_a_published_post_then_stopping_it_and_undo(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "A post people keep asking for.")
    await at(sandbox, AT + timedelta(minutes=1))
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        on = await t.ok("posts_recycle", {"post_id": original, "every": "every 2 months until 2027-12-31"})
        off = await t.ok("posts_recycle", {"post_id": original, "every": "off"})
        [copy] = [p for p in sandbox.store.all("posts") if p.get("recycledFromPostId") == original]
        undone = await t.ok("posts_undo", {})  # the stop taken back: the rhythm is on again
        history = (await t.ok("posts_history", {}))["entries"]
    assert on["status"] == "published"
    assert on["recycling"]["every"] == "2 months"
    assert on["recycling"]["ends"] == "after 2027-12-31 23:59"
    # the first copy is made at once, two months on in UTC (the sandbox's choice): 10:00 in Berlin's summer time
    assert on["recycling"]["next_copy_at"] == "2027-05-02T10:00:00+02:00"
    # the copy made before the stop is a post of its own: it still goes out, and the person is told so
    assert off["summary"] == (
        "Recycling stopped: no further copies will be made. Already scheduled, and still going out unless deleted "
        f"(with posts_delete): {copy['_id']} at Sun 2027-05-02 10:00 CEST."
    )
    assert off["recycling"]["on"] is False
    assert "put back recycling" in undone["summary"]
    post = await sandbox.post(original)
    assert post is not None
    assert (post["recycling"]["enabled"], post["recycling"]["gap"]) == (True, 2)
    assert [e["action"] for e in history] == ["update", "update", "update"]
    # each line says what the change did to recycling, the rhythm in the person's zone
    rhythm = "every 2 months, ends after 2027-12-31 23:59"
    assert [e["what"] for e in history] == [
        f"recycling turned on: {rhythm}", f"recycling turned off (was {rhythm})", f"recycling turned on: {rhythm}",
    ]  # fmt: skip


async def test_history_says_how_recycling_was_changed(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "A guide worth repeating.")
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        await t.ok("posts_recycle", {"post_id": original, "every": "every week, 3 times"})
        await t.ok("posts_recycle", {"post_id": original, "every": "every 2 weeks", "variations": TEXTS})
        changed, on = (await t.ok("posts_history", {}))["entries"]
    assert (on["action"], on["what"]) == ("update", "recycling turned on: every week, ends after 3 copies")
    assert changed["what"] == (
        "recycling changed: every 2 weeks, 2 text variations (was every week, ends after 3 copies)"
    )


async def test_undo_that_turns_recycling_off_names_the_copy_still_going_out(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "Published, recycled, then not.")
    await at(sandbox, AT + timedelta(minutes=1))
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        await t.ok("posts_recycle", {"post_id": original, "every": "every week"})  # its first copy is made at once
        undone = await t.ok("posts_undo", {})
    [copy] = [p for p in sandbox.store.all("posts") if p.get("recycledFromPostId") == original]
    assert copy["status"] == "scheduled"
    assert undone["by_hand"] == [f"copy {copy['_id']} was already scheduled and still goes out: posts_delete"]


async def test_undo_of_the_first_recycling_turns_it_off(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "Recycle me, then not.")
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        await t.ok("posts_recycle", {"post_id": original, "every": "every week"})
        await t.ok("posts_undo", {})
    post = await sandbox.post(original)
    assert post is not None
    assert post["recycling"]["enabled"] is False


async def test_bad_requests_are_refused_before_any_write(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    post = await scheduled(sandbox, TWITTER, "twitter", AT, "Short and sweet.")
    watch = await sandbox.watch(method="PUT")
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        errors = {
            "one": await t.error("posts_recycle", {"post_id": post, "every": "every week", "variations": ["x"]}),
            "many": await t.error(
                "posts_recycle", {"post_id": post, "every": "every week", "variations": [f"v{i}" for i in range(21)]}
            ),
            "long": await t.error(
                "posts_recycle", {"post_id": post, "every": "every week", "variations": ["ok", "y" * 300]}
            ),
            "past": await t.error("posts_recycle", {"post_id": post, "every": "every week until 2027-02-01"}),
            "no rhythm": await t.error("posts_recycle", {"post_id": post, "variations": TEXTS}),
            "nothing to stop": await t.error("posts_recycle", {"post_id": post, "every": "off"}),
            "phrase": await t.error("posts_recycle", {"post_id": post, "every": "every 10 days"}),
            "camel": await t.error("posts_recycle", {"postId": post, "every": "every week"}),
            "nothing": await t.error("posts_recycle", {"post_id": post}),
        }
    assert "give 2 to 20" in errors["one"]
    assert "variations has 21 text(s)" in errors["many"]
    assert "variation 2: twitter:" in errors["long"]
    assert "end date is not after today" in errors["past"]
    assert errors["past"].split(": ", 1)[1].startswith("every='every week until 2027-02-01'")  # its own argument
    assert "every N weeks or months (10 days is no whole number of weeks)" in errors["phrase"]
    assert "not recycled yet: give every" in errors["no rhythm"]
    assert "nothing to stop" in errors["nothing to stop"]
    assert "'every 2 weeks'" in errors["phrase"]
    assert "did you mean post_id?" in errors["camel"]
    assert "nothing to change" in errors["nothing"]
    assert await sandbox.hits(watch) == 0


async def test_youtube_is_refused_before_any_write(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    response = await sandbox.api(
        "POST",
        "posts",
        json={
            "content": "Video",
            "title": "A video",
            "scheduledFor": iso_utc(AT),
            "mediaItems": [{"type": "video", "url": "https://cdn.example.com/v.mp4"}],
            "platforms": [{"platform": "youtube", "accountId": YOUTUBE}],
        },
    )
    assert response.status_code == 201, response.text
    watch = await sandbox.watch(method="PUT")
    async with client(journaled(sandbox, tmp_path, confirm="off")) as t:
        error = await t.error("posts_recycle", {"post_id": response.json()["post"]["_id"], "every": "every week"})
    assert "not available on youtube" in error
    assert await sandbox.hits(watch) == 0


async def test_under_confirm_all_the_person_is_asked_and_may_decline(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    post = await scheduled(sandbox, TWITTER, "twitter", AT, "Ask me first.")
    person = Person(answer="decline")
    watch = await sandbox.watch(method="PUT")
    async with client(journaled(sandbox, tmp_path, confirm="all"), person) as t:
        declined = await t.error("posts_recycle", {"post_id": post, "every": "every week", "variations": TEXTS})
    assert "declined" in declined
    [asked] = person.asked
    assert asked.startswith(f"Recycle post {post} (scheduled): every week, 2 variation(s):")
    assert await sandbox.hits(watch) == 0


async def test_a_planner_only_server_says_where_a_copy_still_going_out_is_deleted(
    sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    """posts_delete is a core tool: a server offering only the planner, with no toolsets tool, cannot name it."""
    await freeze(NOW)
    original = await scheduled(sandbox, TWITTER, "twitter", AT, "A post people keep asking for.")
    await at(sandbox, AT + timedelta(minutes=1))
    planner = make_server(sandbox.app, toolsets=("planner",), dynamic_toolsets=False, confirm="off")
    async with client(planner) as t:
        await t.ok("posts_recycle", {"post_id": original, "every": "every 2 months until 2027-12-31"})
        off = await t.ok("posts_recycle", {"post_id": original, "every": "off"})
    [copy] = [p for p in sandbox.store.all("posts") if p.get("recycledFromPostId") == original]
    assert off["summary"] == (
        "Recycling stopped: no further copies will be made. Already scheduled, and still going out unless deleted "
        f"(in the Late dashboard): {copy['_id']} at Sun 2027-05-02 10:00 CEST."
    )
