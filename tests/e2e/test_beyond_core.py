"""The toolsets beyond the default, end to end: the console script over stdio, an assistant making the mistakes models
make (camelCase names, numbers and flags as text, null and "" for what it means to leave out, "X"/"Insta", ids in
quotes or as URLs, zone abbreviations, extra arguments), a person answering its questions, the sandbox on a socket.

One server starts with LATE_TOOLSETS naming four toolsets and not core, so a step that names a core tool must say how
to turn it on; another starts with the default and turns the others on with the toolsets tool. At each step what the
sandbox holds is read from its API and compared with the answer; the assistant checks every text it reads (short,
no API field names, every tool it names offered or said how to turn on); a question names what will happen, and a
no writes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL, QUEUE_MAIN

from .test_a_week import ZONE, Assistant, Late, Person, assistant, local

pytestmark = pytest.mark.e2e

#: an id of the right shape that names nothing in the sandbox
NOTHING = "6b0687193ae8a3ee8f5168a8"
#: the post options accounts_choices says to send (posts_create's options are the API's platformSpecificData, whose
#: keys its schema names: Pinterest {boardId}), so these words are what the model writes, not payload read back
OPTION_KEYS = frozenset({"pageId", "organizationUrn", "boardId", "locationId", "privacyLevel"})


async def test_a_week_beyond_the_default_toolset(late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    person = Person()
    async with Late.opened(sandbox) as late:
        planning = {"LATE_TOOLSETS": "queue,planner,analytics,logs"}
        async with assistant(late_mcp_exe, sandbox, tmp_path / "stdout-1.bin", person, **planning) as model:
            assert "posts_list" not in model.offered
            await queues(model, late)
            await calendar_and_numbers(model, late)
        async with assistant(late_mcp_exe, sandbox, tmp_path / "stdout-2.bin", person) as model:
            model.sent_as_is = OPTION_KEYS
            await model.ok("toolsets", {"enable": "Webhooks, team,accounts"})
            await webhooks(model, late)
            await team_and_accounts(model, late)
            await profiles(model, late)
            await model.ok("toolsets", {"enable": "connect,media_tools"})
            await connecting_and_media(model, late)
    assert person.answers == []  # every question came where the person expected one


async def get(late: Late, path: str, **params: Any) -> Any:
    answer = await late.api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def queues(model: Assistant, late: Late) -> None:
    """A second queue for the evenings, in Berlin time: days as words, abbreviations and numbers."""
    assert "did you mean profile_id" in await model.error("queue_list", {"profileId": PROFILE_MAIN})
    # an address where an id belongs: the listing it names is core's, which this server has not turned on
    refused = await model.error("queue_list", {"profile_id": f"https://app.getlate.dev/profiles/{PROFILE_MAIN}"})
    assert "profiles_list is in the core toolset (the toolsets tool turns it on)" in refused
    evening = {"name": "Evenings", "slots": "monday at 18:00, Wed 18:00, 1 19:30", "timezone": "CET"}
    assert "Europe/Berlin" in await model.error("queue_create", evening)
    made = await model.ok("queue_create", {**evening, "timezone": "Europe/Berlin", "profile_id": None})
    stored = {q["_id"]: q for q in (await get(late, "v1/queue/slots", profileId=PROFILE_MAIN, all="true"))["queues"]}
    queue = stored[made["queue"]["id"]]
    assert (queue["name"], queue["timezone"], queue["isDefault"]) == ("Evenings", "Europe/Berlin", False)
    assert sorted((s["dayOfWeek"], s["time"]) for s in queue["slots"]) == [(1, "18:00"), (1, "19:30"), (3, "18:00")]
    assert made["queue"]["slots"] == ["Mon 18:00", "Mon 19:30", "Wed 18:00"]
    # a pause, the id in quotes, a flag as text and one left empty: nobody is asked (LATE_CONFIRM=live)
    asked = len(model.person.asked)
    paused = await model.ok("queue_update", {"queue_id": f'"{made["queue"]["id"]}"', "active": "false",
                                             "reshuffle_existing": ""})  # fmt: skip
    assert len(model.person.asked) == asked
    queue = {q["_id"]: q for q in (await get(late, "v1/queue/slots", profileId=PROFILE_MAIN, all="true"))["queues"]}
    assert queue[made["queue"]["id"]]["active"] is False
    assert paused["queue"]["active"] is False
    assert "Paused" in paused["summary"]
    # deleting it: the person is shown which queue, says no, and it stays
    model.person.says("decline")
    assert "declined" in await model.error("queue_delete", {"queue_id": made["queue"]["id"]})
    assert model.person.last().startswith(f"Delete queue 'Evenings' ({made['queue']['id']}, Mon 18:00, Mon 19:30")
    assert made["queue"]["id"] in {q["_id"] for q in (await get(late, "v1/queue/slots", profileId=PROFILE_MAIN,
                                                                 all="true"))["queues"]}  # fmt: skip
    # a queue that does not exist is refused before anyone is asked
    assert "not one of this profile's queues" in await model.error("queue_delete", {"queue_id": NOTHING})
    assert len(model.person.asked) == asked + 1
    preview = await model.ok("queue_preview", {"count": "3", "queue_id": ""})
    assert (preview["queue_id"], len(preview["upcoming"])) == (QUEUE_MAIN, 3)


async def calendar_and_numbers(model: Assistant, late: Late) -> None:
    """The calendar, the best times, the numbers and the logs, each compared with what the API holds."""
    assert "America/Los_Angeles" in await model.error("posts_calendar", {"days": "3", "timezone": "PST"})
    dated = await model.error("posts_calendar", {"start": "2026-11-25T00:00:00Z"})
    assert "now is in the core toolset (the toolsets tool turns it on)" in dated
    week = await model.ok("posts_calendar", {"days": "7", "start": "", "platform": "X", "profile_id": None})
    shown = {line.rsplit(" ", 1)[1] for day in week["days"] for line in day.get("posts", [])}
    first, end = date.fromisoformat(week["period"].split()[1]), date.fromisoformat(week["next_start"])
    on_x = {
        p["_id"]
        for p in (await get(late, "v1/posts", limit=100))["posts"]
        if p["status"] not in ("draft", "cancelled")
        and any(t["platform"] == "twitter" for t in p["platforms"])
        and first <= local(p["scheduledFor"]).astimezone(ZONE).date() < end
    }
    assert shown == on_x
    # an account of another platform than the one asked for is refused, not answered "no data yet"
    mixed = await model.error("posts_best_times", {"platform": "Bluesky", "account_id": ACCOUNT_IDS["twitter"]})
    assert "is twitter @acmestudio, not bluesky" in mixed
    best = await model.ok("posts_best_times", {"platform": "X", "account_id": None})
    assert best["based_on_posts"] > 0
    assert best["slots"]

    refused = await model.error("analytics_get", {"kind": "post", "post_id": "https://x.com/acmestudio/status/1"})
    assert "posts_list is in the core toolset" in refused
    assert "did you mean sort_by" in await model.error("analytics_get", {"sortBy": "engagement"})
    numbers = await model.ok("analytics_get", {"kind": "posts", "platform": "X", "sort_by": "engagement",
                                               "limit": "100", "page": None})  # fmt: skip
    rates = [row["metrics"]["engagement_rate"] for row in numbers["rows"]]
    assert rates
    assert {row["platform"] for row in numbers["rows"]} == {"twitter"}
    daily = await model.ok("analytics_get", {"kind": "youtube_daily", "video_id": "https://youtu.be/dQw4w9WgXcQ",
                                             "account_id": ACCOUNT_IDS["youtube"], "limit": 100})  # fmt: skip
    assert "keep the answer short" in daily["more"]  # a hundred days do not fit one answer: fewer a page
    # a LinkedIn post's address where its URN belongs
    post = {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"]}
    by_urn = await model.ok("analytics_get", {**post, "urn": "urn:li:share:7123456789012345678"})
    address = "https://www.linkedin.com/feed/update/urn:li:share:7123456789012345678/"
    assert await model.ok("analytics_get", {**post, "urn": address}) == by_urn

    failed = await model.ok("logs_list", {"status": "failed", "platform": "Facebook", "days": "30", "kind": ""})
    stored = (await get(late, "v1/logs", type="publishing", status="failed", platform="facebook", days=30))["logs"]
    assert {log["id"] for log in failed["logs"]} == {log["_id"] for log in stored}
    assert all("Reconnect" in log["error"] for log in failed["logs"])


async def webhooks(model: Assistant, late: Late) -> None:
    """A webhook for failures: made, paused, tested, and deleted only after the person said yes."""
    hook = {"url": "https://ops.example.com/late", "events": "post.failed, post.partial", "name": "Ops",
            "headers": "", "active": None}  # fmt: skip
    assert "call it again without priority" in await model.error("webhooks_save", {**hook, "priority": "high"})
    assert (await get(late, "v1/webhooks/settings"))["webhooks"] == []
    made = (await model.ok("webhooks_save", hook))["webhook"]
    [stored] = (await get(late, "v1/webhooks/settings"))["webhooks"]
    assert (stored["_id"], stored["url"], stored["events"]) == (
        made["id"],
        hook["url"],
        ["post.failed", "post.partial"],
    )
    assert stored["isActive"] is True
    assert not stored.get("customHeaders")
    await model.ok("webhooks_save", {"webhook_id": f"'{made['id']}'", "active": "false"})
    assert (await get(late, "v1/webhooks/settings"))["webhooks"][0]["isActive"] is False
    tested = await model.ok("webhooks_test", {"webhook_id": made["id"]})
    assert tested["delivered"] is True
    deliveries = await model.ok("webhooks_logs", {"webhook_id": made["id"], "limit": "5", "status": None})
    assert [d["event"] for d in deliveries["deliveries"]] == ["webhook.test"]

    model.person.says("decline", "accept")
    assert "declined" in await model.error("webhooks_delete", {"webhook_id": made["id"]})
    assert model.person.last().startswith(f"Delete webhook 'Ops' ({made['id']}, to https://ops.example.com/late)")
    assert len((await get(late, "v1/webhooks/settings"))["webhooks"]) == 1
    await model.ok("webhooks_delete", {"webhook_id": made["id"]})
    assert (await get(late, "v1/webhooks/settings"))["webhooks"] == []
    asked = len(model.person.asked)
    assert "not one of your webhooks" in await model.error("webhooks_delete", {"webhook_id": made["id"]})
    assert len(model.person.asked) == asked


async def team_and_accounts(model: Assistant, late: Late) -> None:
    """An invite for a client's X account, revoked; a group of accounts; a LinkedIn mention; a renamed account."""
    assert "Did you mean instagram" in await model.error("team_invite", {"kind": "platform", "platform": "Instagrm"})
    # a teammate's link would reach every profile and cannot be taken back: asked, and a no makes none
    model.person.says("decline")
    assert "declined" in await model.error("team_invite", {"kind": "", "profile_ids": None})
    assert "joins this Late account as a teammate, with access to every profile" in model.person.last()
    invite = (await model.ok("team_invite", {"kind": "platform", "platform": "X", "profile_id": ""}))["invite"]
    [stored] = (await get(late, "v1/platform-invites"))["invites"]
    assert (stored["_id"], stored["platform"], stored["isUsed"]) == (invite["id"], "twitter", False)
    model.person.says("accept")
    await model.ok("team_invite_revoke", {"invite_id": f'"{invite["id"]}"'})
    assert model.person.last().startswith(
        f"Revoke the invite to connect twitter ({invite['id']}, profile 'Acme Studio')"
    )
    assert (await get(late, "v1/platform-invites"))["invites"] == []

    brand = [ACCOUNT_IDS["twitter"], ACCOUNT_IDS["linkedin"]]
    typo = await model.error("account_groups_save", {"name": "Brand", "account_ids": [*brand, "nope"]})
    assert "account_ids nope is not one of your connected accounts" in typo
    assert (await get(late, "v1/account-groups"))["groups"] == []
    group = (await model.ok("account_groups_save", {"name": "Brand", "account_ids": ", ".join(brand)}))["group"]
    assert (await get(late, "v1/account-groups"))["groups"] == [{"_id": group["id"], "name": "Brand",
                                                                  "accountIds": brand}]  # fmt: skip
    model.person.says("accept")
    await model.ok("account_groups_delete", {"group_id": group["id"]})
    assert model.person.last().startswith(f"Delete account group 'Brand' ({group['id']}, 2 account(s))")
    assert (await get(late, "v1/account-groups"))["groups"] == []

    other = await model.error("accounts_linkedin_mention", {"account_id": ACCOUNT_IDS["twitter"], "url": "acme-labs"})
    assert f"LinkedIn accounts: {ACCOUNT_IDS['linkedin']} (@acme-studio)" in other
    company = {"account_id": ACCOUNT_IDS["linkedin"], "url": "https://www.linkedin.com/company/acme-labs/"}
    mention = await model.ok("accounts_linkedin_mention", company)
    assert mention["mention"].startswith("@[Acme Labs](urn:li:organization:")
    # the Facebook page by its name, as accounts_choices lists it
    pages = await model.ok("accounts_choices", {"account_id": f"'{ACCOUNT_IDS['facebook']}'"})
    events = next(c for c in pages["choices"] if c["name"] == "Acme Studio Events")
    await model.ok("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": "Acme Studio Events"})
    [fb] = [a for a in (await get(late, "v1/accounts"))["accounts"] if a["_id"] == ACCOUNT_IDS["facebook"]]
    assert events["id"] in str(fb)
    renamed = {"account_id": ACCOUNT_IDS["twitter"], "display_name": "Acme HQ", "username": ""}
    assert "did you mean display_name" in await model.error("accounts_update", {**renamed, "displayName": "x"})
    await model.ok("accounts_update", renamed)
    [x] = [a for a in (await get(late, "v1/accounts"))["accounts"] if a["_id"] == ACCOUNT_IDS["twitter"]]
    assert (x["displayName"], x["username"]) == ("Acme HQ", "acmestudio")


async def profiles(model: Assistant, late: Late) -> None:
    """A profile with accounts cannot go (said before asking); an empty one is asked about, kept on a no."""
    asked = len(model.person.asked)
    kept = await model.error("profiles_delete", {"profile_id": PROFILE_PERSONAL})
    assert "still has 3 connected account(s) (twitter @janedoe_dev" in kept
    assert "with accounts_disconnect" in kept  # the accounts toolset is on now
    assert len(model.person.asked) == asked
    side = await model.ok("profiles_create", {"name": "Side project", "color": "", "description": None})
    assert "did you mean is_default" in await model.error("profiles_update", {"profile_id": side["id"],
                                                                              "isDefault": "true"})  # fmt: skip
    model.person.says("decline", "accept")
    await model.error("profiles_delete", {"profile_id": f"'{side['id']}'"})
    assert model.person.last().startswith(f"Delete profile 'Side project' ({side['id']})")
    assert side["id"] in {p["_id"] for p in (await get(late, "v1/profiles"))["profiles"]}
    await model.ok("profiles_delete", {"profile_id": side["id"]})
    assert side["id"] not in {p["_id"] for p in (await get(late, "v1/profiles"))["profiles"]}
    # disconnecting an account names it; a no keeps it connected
    model.person.says("decline")
    await model.error("accounts_disconnect", {"account_id": ACCOUNT_IDS["tiktok"]})
    assert "Disconnect account tiktok @acmestudio" in model.person.last()
    assert ACCOUNT_IDS["tiktok"] in {a["_id"] for a in (await get(late, "v1/accounts"))["accounts"]}


async def connecting_and_media(model: Assistant, late: Late) -> None:
    """New accounts by link, app password and chat id; a download, a transcript and a hashtag check."""
    link = await model.ok("connect_start", {"platform": "X", "redirect_url": "", "headless": None})
    assert link["url"]
    assert "accounts_list" in link["next_step"]
    before = {a["_id"] for a in (await get(late, "v1/accounts"))["accounts"]}
    sky = await model.ok(
        "connect_bluesky", {"identifier": "@studio.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}
    )
    tele = await model.ok("connect_telegram", {"chat_id": "@acmechannel", "code": ""})
    after = {a["_id"]: a for a in (await get(late, "v1/accounts"))["accounts"]}
    assert set(after) - before == {sky["account_id"], tele["account_id"]}
    assert (after[sky["account_id"]]["platform"], after[tele["account_id"]]["platform"]) == ("bluesky", "telegram")
    plain = await model.error("connect_options", {"callback_url": "https://example.com/done?x=1"})
    assert "no headless connection data" in plain
    # a Facebook page picked here: the landing URL pasted back in quotes, as models copy it
    start = {"platform": "facebook", "headless": "true", "redirect_url": "https://app.example.com/done"}
    opened = urlparse((await model.ok("connect_start", start))["url"])
    landed = (await late.control.get(f"{opened.path}?{opened.query}")).headers["location"]
    pages = (await model.ok("connect_options", {"callback_url": f"'{landed}'"}))["options"]
    assert "not one of the choices" in await model.error("connect_select", {"callback_url": landed,
                                                                           "selection_id": "123"})  # fmt: skip
    page = await model.ok("connect_select", {"callback_url": f'"{landed}"', "selection_id": pages[0]["id"]})
    [made] = [a for a in (await get(late, "v1/accounts"))["accounts"] if a["_id"] == page["account_id"]]
    assert made["platform"] == "facebook"
    assert pages[0]["id"] in str(made)
    spent = await model.error("connect_select", {"callback_url": landed, "selection_id": pages[0]["id"]})
    assert "start again with connect_start" in spent.lower()

    insta = {"platform": "Instag", "url": "https://instagram.com/p/abc/"}
    assert "did you mean instagram" in await model.error("media_download", insta)
    video = await model.ok("media_download", {"platform": "X", "url": "https://x.com/acmestudio/status/1",
                                              "list_formats": ""})  # fmt: skip
    assert video["download_url"].startswith("https://")
    words = await model.ok("media_youtube_transcript", {"url": "https://youtu.be/dQw4w9WgXcQ", "lang": ""})
    assert words["video_id"] == "dQw4w9WgXcQ"
    assert words["text"]
    tags = await model.ok("media_check_hashtags", {"hashtags": "#design, studio"})
    assert set(tags["safe"]) | set(tags["avoid"]) | set(tags["unknown"]) == {"design", "studio"}
