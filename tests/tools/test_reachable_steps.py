"""Every next step a message names exists where the server runs (`AppState.reach`): a read tool of a read-only
server names no tool that changes things, but what the person can do instead; a tool whose toolset is off is named
with how to turn it on, or not at all where this server cannot offer it."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.applications import Starlette

from late_mcp.models.accounts import Account
from late_mcp.models.posts import MediaItem
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL
from late_mcp.timeutil import now_utc
from late_mcp.tools import all_tools
from late_mcp.tools.posts.plan import problems_of
from late_mcp.tools.posts.targets import Entry

from ..conftest import ZONE_NAME, Sandbox, Tools, tools
from .conftest import make_server
from .test_connect import CALLBACK, authorize

READ_ONLY = {"toolsets": ("all",), "read_only": True}
EVERYTHING = {"toolsets": ("all",)}
WRITES = sorted(spec.name for spec in all_tools() if not spec.read_only)
#: (the server's tools, the sandbox) -> what the read tool answered (its result, or its error's text)
Read = Callable[[Tools, Sandbox], Awaitable[Any]]


async def _calendar(t: Tools, sandbox: Sandbox) -> Any:
    """The seeded failed posts were due hours ago: yesterday and today show them."""
    yesterday = (now_utc().astimezone(ZoneInfo(ZONE_NAME)) - timedelta(days=1)).date()
    return await t.ok("posts_calendar", {"start": yesterday.isoformat(), "days": 2})


async def _youtube_without_video(t: Tools, sandbox: Sandbox) -> Any:
    return await t.ok("posts_validate", {"content": "New episode", "platforms": "youtube"})


async def _linkedin_choices(t: Tools, sandbox: Sandbox) -> Any:
    return await t.ok("accounts_choices", {"account_id": ACCOUNT_IDS["linkedin"]})


async def _no_queue(t: Tools, sandbox: Sandbox) -> Any:
    return await t.ok("queue_list", {"profile_id": PROFILE_PERSONAL})


async def _paused_queue(t: Tools, sandbox: Sandbox) -> Any:
    async with tools(make_server(sandbox.app, **EVERYTHING)) as setup:
        await setup.ok("queue_update", {"profile_id": PROFILE_MAIN, "active": False})
    return await t.ok("queue_preview", {"profile_id": PROFILE_MAIN})


async def _empty_token(t: Tools, sandbox: Sandbox) -> Any:
    return await t.error("media_check_upload_status", {"token": " "})


async def _unknown_token(t: Tools, sandbox: Sandbox) -> Any:
    return await t.error("media_check_upload_status", {"token": "no-such-token"})


async def _expired_link(t: Tools, sandbox: Sandbox) -> Any:
    async with tools(make_server(sandbox.app)) as setup:
        link = await setup.ok("media_generate_upload_link")
    await sandbox.advance(3601)
    return await t.ok("media_check_upload_status", {"token": link["token"]})


async def _connect_choices(t: Tools, sandbox: Sandbox) -> Any:
    async with tools(make_server(sandbox.app, **EVERYTHING)) as setup:
        args = {"platform": "facebook", "profile_id": PROFILE_MAIN, "headless": True, "redirect_url": CALLBACK}
        link = await setup.ok("connect_start", args)
    return await t.ok("connect_options", {"callback_url": await authorize(sandbox, link["url"])})


@pytest.mark.parametrize(
    ("read", "offered", "instead"),
    [
        (_calendar, "failed: fix, then retry with posts_retry", "failed: fix, then retry in the Late dashboard"),
        (_youtube_without_video, "out of this post. Upload a local file with media_upload_file.", "out of this post."),
        (_linkedin_choices, "default with accounts_select; personal=true there posts", "option of that target."),
        (_no_queue, "no queue yet: create one with queue_create.", "no queue yet: create one in the Late dashboard."),
        (_paused_queue, "resumed (active=true) with queue_update.", "resumed in the Late dashboard."),
        (_empty_token, "upload link. Get a new link with media_generate_upload_link.", "came with the upload link."),
        (_unknown_token, "upload link. Get a new link with media_generate_upload_link.", "came with the upload link."),
        (
            _expired_link,
            "expired. Get a new link with media_generate_upload_link. Give it",
            "This link expired. The user can add the files to a post in the Late dashboard instead.",
        ),
        (_connect_choices, "finish with connect_select, giving", "the account in the Late dashboard instead."),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
async def test_a_read_only_server_names_no_tool_that_changes_things(
    app: Starlette, sandbox: Sandbox, read: Read, offered: str, instead: str
) -> None:
    """The same read on a server offering every tool, then on a read-only one: the step names the write tool
    there, and what the person can do instead here."""
    async with tools(make_server(app, **EVERYTHING)) as t:
        full = json.dumps(await read(t, sandbox), ensure_ascii=False)
    async with tools(make_server(app, **READ_ONLY)) as t:
        limited = json.dumps(await read(t, sandbox), ensure_ascii=False)
    assert offered in full, full
    assert instead in limited, limited
    named = [name for name in WRITES if re.search(rf"\b{name}\b", limited)]
    assert named == [], limited


async def _queue_id(t: Tools) -> str:
    return await t.error(
        "posts_create", {"content": "Hi", "platform": "twitter", "use_queue": True, "queue_id": "no such id!"}
    )


async def _unknown_queue(t: Tools) -> str:
    """A well-formed id no queue of the profile has: refused before sending (the API's 400 names the queue)."""
    args = {"content": "Hi", "platform": "threads", "use_queue": True, "queue_id": "ffffffffffffffffffffffff"}
    return await t.error("posts_create", args)


async def _team_plan(t: Tools) -> str:
    return await t.error("team_invite", {"profile_ids": "ffffffffffffffffffffffff"})


async def _new_webhook(t: Tools) -> str:
    saved = await t.ok("webhooks_save", {"url": "https://example.org/hook", "events": ["post.failed"]})
    return str(saved["summary"]).replace(f" {saved['webhook']['id']} ", " ")


QUEUE = "queue_id 'no such id!' is not a valid id. "
TEAM = (
    "The API refuses a member invite when a profile in profile_ids is not found or not this team's, or when the key "
    "is a restricted (zrk_) one."
)
HOOK = "Webhook sends post.failed to https://example.org/hook."
NOT_QUEUED = "Not created: nothing was posted. "


@pytest.mark.parametrize(
    ("call", "offered", "off"),
    [
        (
            _queue_id,
            ({"toolsets": ("core", "queue")}, QUEUE + "Call queue_list to get ids."),
            [
                ({}, QUEUE + "To get ids, call queue_list, from the queue toolset (the toolsets tool turns it on)."),
                ({"dynamic_toolsets": False}, QUEUE + "Leave queue_id empty to use the profile's default queue."),
            ],
        ),
        (
            _unknown_queue,
            (
                {"toolsets": ("core", "queue")},
                NOT_QUEUED + "Call queue_list for the profile's queues and their ids; a profile with none gets one "
                "with queue_create.",
            ),
            [
                ({}, NOT_QUEUED + "Call queue_list, from the queue toolset (the toolsets tool turns it on), for the"),
                (
                    {"dynamic_toolsets": False},
                    NOT_QUEUED + "Check the profile's queues in the Late dashboard, or leave queue_id empty",
                ),
            ],
        ),
        (
            _team_plan,
            ({"toolsets": ("core", "team")}, TEAM + " Call profiles_list to get ids."),
            [({"toolsets": ("core", "team"), "exclude_tools": ("profiles_list",)}, TEAM + " (x-request-id")],
        ),
        (
            _new_webhook,
            ({"toolsets": ("webhooks",)}, HOOK + " Send a test event with webhooks_test."),
            [({"toolsets": ("webhooks",), "exclude_tools": ("webhooks_test",)}, HOOK)],
        ),
    ],
    ids=["queue_id", "unknown_queue", "team_plan", "webhook"],
)
async def test_a_step_in_a_toolset_that_is_off_says_how_to_have_it_or_what_instead(
    app: Starlette,
    call: Callable[[Tools], Awaitable[str]],
    offered: tuple[dict[str, Any], str],
    off: list[tuple[dict[str, Any], str]],
) -> None:
    """The same call where the step's tool is offered, then where it is not: named with how to turn it on where
    the toolsets tool can, else what to do instead, the sentence whole."""
    for settings, said in [offered, *off]:
        async with tools(make_server(app, **settings)) as t:
            text = await call(t)
        assert said in text, (settings, text)


@pytest.mark.parametrize("upload", ["Upload a local file with media_upload_file.", ""])
def test_the_rules_name_the_fix_and_the_tool_layer_the_upload_tool(upload: str) -> None:
    """The rules know no tools: a problem an upload fixes is marked, and `upload` (empty where this server cannot
    upload) ends it."""
    entries = [
        Entry("googlebusiness", Account(_id="g1", platform="googlebusiness")),
        Entry("youtube", Account(_id="y1", platform="youtube")),
    ]
    media = [MediaItem.model_validate({"url": "http://example.org/shop.jpg", "type": "image"})]
    asked: list[str] = []

    def step() -> str:
        asked.append(upload)
        return upload

    found = {p.rule: p.message for p in problems_of("Open today", entries, media, "Shop", draft=False, upload=step)}
    assert len(asked) == 1  # worded once, and only because a problem it fixes is shown
    https = found["googlebusiness.https_media"]
    video = found["youtube.video_required"]
    assert https.endswith(f"Host it at an https:// URL. {upload}".strip()), https
    assert video == f"YouTube needs a video: attach one video or leave YouTube out of this post. {upload}".strip()
    problems_of("Open today", entries[:1], [], "Shop", draft=False, upload=step)
    assert len(asked) == 1  # no problem an upload fixes: not worded


async def test_a_retry_is_not_suggested_where_every_retry_is_refused(app: Starlette, sandbox: Sandbox) -> None:
    """LATE_ALLOW_PUBLISH_NOW=false refuses every posts_retry (it publishes at once): the step says what instead."""
    async with tools(make_server(app, allow_publish_now=False, **EVERYTHING)) as t:
        said = json.dumps(await _calendar(t, sandbox), ensure_ascii=False)
    assert "failed: fix, then retry in the Late dashboard" in said, said
    assert "posts_retry" not in said


#: toolsets without core: the ids a refusal sends the model to list, and today's date, are core's tools
WITHOUT_CORE = {"toolsets": ("queue", "analytics", "accounts", "connect")}
NOT_AN_ID = "6b0687193ae8a3ee8f5168a8"


@pytest.mark.parametrize(
    ("tool", "args", "offered", "fixed"),
    [
        ("queue_list", {"profile_id": "https://x/y"}, "Call profiles_list to get ids. profiles_list is in the core "
         "toolset (the toolsets tool turns it on).", "is not a valid id. Copy the id from the Late dashboard."),
        ("analytics_get", {"kind": "followers", "from_date": "last week"}, "The now tool gives today's date. now is in "
         "the core toolset (the toolsets tool turns it on).", "must be a date as YYYY-MM-DD."),
        ("accounts_choices", {"account_id": NOT_AN_ID}, "Call accounts_list to get ids. accounts_list is in the core "
         "toolset (the toolsets tool turns it on).", "accounts. The connected accounts are in the Late dashboard."),
    ],
    ids=["profile_id", "date", "account_id"],
)  # fmt: skip
async def test_a_refusal_naming_a_core_tool_where_core_is_off_says_how_to_have_it_or_what_instead(
    app: Starlette, tool: str, args: dict[str, Any], offered: str, fixed: str
) -> None:
    """LATE_TOOLSETS without core: the tool is named with how to turn it on, or (toolsets fixed at start) not at all."""
    async with tools(make_server(app, **WITHOUT_CORE)) as t:
        assert (await t.error(tool, args)).endswith(offered)
    async with tools(make_server(app, **WITHOUT_CORE, dynamic_toolsets=False)) as t:
        text = await t.error(tool, args)
    assert text.endswith(fixed)
    assert not {"profiles_list", "accounts_list", "now tool"} & set(re.findall(r"[a-z]+_list|now tool", text))


async def test_a_connect_link_says_where_the_new_account_shows_where_core_is_off(app: Starlette) -> None:
    async with tools(make_server(app, **WITHOUT_CORE)) as t:
        link = await t.ok("connect_start", {"platform": "X"})
    assert link["next_step"].endswith(
        "the new account shows in accounts_list, from the core toolset (the toolsets tool turns it on)."
    )
    async with tools(make_server(app, **WITHOUT_CORE, dynamic_toolsets=False)) as t:
        link = await t.ok("connect_start", {"platform": "X"})
    assert link["next_step"].endswith("the new account shows in the Late dashboard.")
