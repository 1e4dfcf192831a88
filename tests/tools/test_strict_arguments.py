"""What the model sends is what happens: unknown arguments are refused before any HTTP call, naming the real one;
invalid ones are explained in our words (parameter, value given, what is allowed, what next); numbers sent as
text still work; the text copy of a result is compact JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.config import Settings
from late_mcp.sandbox.seed import ACCOUNT_IDS
from late_mcp.server import build_server
from late_mcp.tools._validation import closest

from ..conftest import Sandbox, text_of, tools
from .conftest import make_server

PYDANTIC_WORDS = ("pydantic", "validation error for", "Input should", "type=", "Field required", "errors.pydantic.dev")


def plain(text: str) -> None:
    for word in PYDANTIC_WORDS:
        assert word not in text, f"pydantic's text reached the model: {text}"


async def test_every_input_schema_is_closed() -> None:
    async with Client(build_server(Settings(api_key="k", toolsets=("all",)))) as client:
        listed = (await client.list_tools()).tools
    assert len(listed) >= 61
    for tool in listed:
        assert tool.input_schema.get("additionalProperties") is False, tool.name


@pytest.mark.parametrize(
    ("tool", "arguments", "wrong", "right"),
    [
        ("posts_create", {"platform": "bluesky", "scheduledFor": "2030-11-25T09:00"}, "scheduledFor", "scheduled_for"),
        ("posts_create", {"platform": "bluesky", "media_url": "https://x.example/a.jpg"}, "media_url", "media_urls"),
        ("posts_create", {"platform": "twitter", "account_ids": ACCOUNT_IDS["twitter"]}, "account_ids", "account_id"),
        ("posts_cross_post", {"platforms": "bluesky", "accountId": ACCOUNT_IDS["bluesky"]}, "accountId", "account_ids"),
        ("posts_publish_now", {"platform": "bluesky", "Title": "x"}, "Title", "title"),
    ],
)
async def test_unknown_arguments_are_refused_naming_the_real_one(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], wrong: str, right: str
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(tool, {"content": "Strict", **arguments})
    assert f"{wrong} is not a parameter of {tool}: did you mean {right}?" in text
    assert "Nothing was done" in text
    plain(text)
    assert await sandbox.hits(watch) == 0, "an unknown argument must be refused before any HTTP call"


async def test_several_unknown_arguments_are_named_together(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("posts_list", {"Limit": 5, "state": "draft", "zzz": 1})
    assert "Limit is not a parameter of posts_list: did you mean limit?" in text
    assert "state is not a parameter of posts_list: did you mean status?" in text
    assert "zzz is not a parameter of posts_list." in text
    assert "posts_list takes status, limit, page" in text


def test_a_ranges_ends_by_another_name_are_suggested_by_what_the_tool_calls_them() -> None:
    """`from`/`to` are a range's ends to a model: the name each tool gives them is suggested, never accepted."""
    assert closest("from", ["start", "days"]) == "start"
    assert closest("from", ["from_date", "to_date"]) == "from_date"
    assert closest("to", ["from_date", "to_date"]) == "to_date"
    assert closest("to", ["start", "until"]) == "until"
    assert closest("from", ["days", "platform"]) is None


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        ("posts_list", {"limit": 500}, ["limit=500 is not allowed: give a whole number from 1 to 100"]),
        (
            "posts_list",
            {"status": "sent"},
            ['status="sent"', 'one of "", draft, pending_approval, scheduled', "(Empty for all)"],
        ),
        ("posts_list", {"limit": "lots"}, ['limit="lots" is not allowed: give a whole number from 1 to 100']),
        ("posts_create", {"content": "x"}, ["platform is required (twitter, instagram"]),
        ("posts_create", {"content": "x", "platform": "x", "is_draft": "maybe"}, ['is_draft="maybe"', "true or false"]),
        (
            "posts_create",
            {"content": "x", "platform": "x", "schedule_minutes": 0},
            ["schedule_minutes=0 is not allowed: give a whole number from 1 to 800000 (Schedule this many minutes"],
        ),
        (
            "posts_cross_post",
            {"content": "x", "platforms": "x", "targets": [{"platfrm": "x"}]},
            [
                "targets[0].platform is required",
                "targets[0].platfrm is not a field of targets[0]: did you mean platform?",
            ],
        ),
        ("posts_cross_post", {"content": "x", "platforms": "x", "targets": "twitter"}, ['targets="twitter"', "a list"]),
    ],
)
async def test_invalid_arguments_are_explained_in_our_words(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], expected: list[str]
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"
    assert f"call {tool} again" in text
    plain(text)
    assert await sandbox.hits(watch) == 0


async def test_numbers_and_flags_sent_as_text_still_work(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """Models often send "5" for 5 and "true" for true: pydantic's lax reading of those is kept, and a number
    where text is expected (an id) is read as that text."""
    async with tools(server) as t:
        listed = await t.ok("posts_list", {"limit": "3", "page": "1"})
        assert listed["returned"] == 3
        draft = await t.ok("posts_create", {"content": "Lax", "platform": "bluesky", "is_draft": "true",
                                             "account_id": ACCOUNT_IDS["bluesky"]})  # fmt: skip
        assert draft["status"] == "draft"
        later = await t.ok("posts_create", {"content": "Lax 2", "platform": "threads", "schedule_minutes": "90"})
        assert later["status"] == "scheduled"
        text = await t.error("posts_get", {"post_id": 12345678})
    assert "12345678" in text, text
    assert "not found" in text.lower(), text
    plain(text)


async def test_the_text_copy_is_compact_json(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        result = await t.call("posts_list", {"limit": 5})
    text = text_of(result)
    assert "\n" not in text
    assert ": " not in text.split('"preview"')[0]
    assert json.loads(text) == result.structured_content


def test_a_files_path_by_the_names_models_give_it_is_paths() -> None:
    for name in ("filePath", "file_path", "file", "filename", "files"):
        assert closest(name, ["paths", "platform"]) == "paths", name
        assert closest(name, ["csv", "dry_run", "path", "rows"]) == "path", name  # posts_bulk_upload


async def test_a_name_with_no_counterpart_is_dropped_not_renamed(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """posts_get has no account_id nor anything like it: the refusal says so, and where account ids are listed,
    instead of asking for "the right name" it does not have."""
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": "abc", "account_id": "abc"})
        mixed = await t.error("posts_list", {"Limit": 5, "profile_id": "abc"})
    assert "right name" not in text
    assert "call it again without account_id (account ids are listed by accounts_list)." in text
    assert "call it again without profile_id, and with the right name for the rest" in mixed
    assert await sandbox.hits(watch) == 0


async def test_the_listing_named_is_one_this_request_has(app: Starlette) -> None:
    async with tools(make_server(app, exclude_tools=("accounts_list",))) as t:
        text = await t.error("posts_get", {"post_id": "abc", "account_id": "abc"})
    assert text.endswith("call it again without account_id.")


@pytest.mark.parametrize("name", ["filePath", "file", "image", "path", "image_path"])
async def test_a_local_file_on_a_tool_posting_by_url_is_uploaded_first_not_dropped(
    server: MCPServer[Any], sandbox: Sandbox, name: str
) -> None:
    """Told "call it again without filePath", a model posts without the image: it is told to upload it and give
    the URL in media_urls, with the upload tool this request has."""
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Look", "platform": "twitter", name: "/tmp/a b.png"})
        crossed = await t.error("posts_cross_post", {"content": "Look", "platforms": "twitter", name: "/tmp/a.png"})
    for said, tool in ((text, "posts_create"), (crossed, "posts_cross_post")):
        assert (
            f"{tool} takes no local file ({name}): upload it first with media_upload_file (the path in paths), "
            f"then call {tool} again with the URL it returns in media_urls instead of {name}" in said
        )
        assert "did you mean" not in said
        assert "call it again without" not in said
    assert await sandbox.hits(watch) == 0


async def test_without_the_upload_tool_a_local_file_needs_a_public_url_first(app: Starlette) -> None:
    async with tools(make_server(app, exclude_tools=("media_upload_file",))) as t:
        text = await t.error("posts_create", {"content": "Look", "platform": "twitter", "filePath": "/tmp/a.png"})
    assert "media_upload_file" not in text
    assert "give it a public URL first" in text
    assert "then call posts_create again with that URL in media_urls instead of filePath" in text


async def test_a_filter_the_listing_lacks_says_the_listing_then_covers_every_profile(server: MCPServer[Any]) -> None:
    """GET /v1/posts and /v1/accounts take profileId; posts_list and accounts_list do not: dropping it is not
    advised silently, and the tool that does filter by profile is named."""
    async with tools(server) as t:
        posts = await t.error("posts_list", {"profile_id": "abc"})
        accounts = await t.error("accounts_list", {"profileId": "abc"})
    assert (
        "posts_list does not filter by profile (it filters by status only): without profile_id it lists the "
        "posts of every profile; posts_calendar" in posts
    )
    assert (
        "accounts_list does not filter by profile (it takes no filter): without profileId it lists the accounts "
        "of every profile; accounts_health" in accounts
    )


async def test_a_date_range_posts_list_lacks_names_the_calendar_and_its_arguments(server: MCPServer[Any]) -> None:
    """from/to (or since/until, date_from...) on posts_list: one sentence for the range, naming the tool that lists
    posts by date and what it takes, where it is offered or how to turn it on."""
    async with tools(server) as t:
        text = await t.error("posts_list", {"status": "scheduled", "from": "2026-12-01", "to": "2026-12-07"})
    assert "call it again without from and to." in text
    assert text.count("does not filter by date") == 1
    assert "without from and to it lists the posts of every date; posts_calendar" in text
    assert "takes start and days" in text


async def test_one_platform_sent_as_a_list_of_one_is_that_platform(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """["bluesky"] for `platform` (the list form of posts_cross_post's `platforms`) is that platform; a list of two
    is still refused, before any request."""
    async with tools(server) as t:
        draft = await t.ok("posts_create", {"content": "One of a list", "platform": ["bluesky"], "is_draft": True,
                                             "account_id": ACCOUNT_IDS["bluesky"]})  # fmt: skip
        watch = await sandbox.watch()
        two = await t.error("posts_create", {"content": "Two", "platform": ["bluesky", "threads"], "is_draft": True})
    assert draft["platforms"][0]["platform"] == "bluesky"
    assert "platform=" in two
    plain(two)
    assert await sandbox.hits(watch) == 0


async def test_account_ids_keyed_by_platform_are_those_ids(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """{"twitter": id, "linkedin": [id]}: the ids (the accounts say which platform each is for); before, refused
    as "not text", costing a turn for one meaning."""
    tw, li = ACCOUNT_IDS["twitter"], ACCOUNT_IDS["linkedin"]
    async with tools(server) as t:
        both = await t.ok("posts_cross_post", {"content": "Keyed", "platforms": "twitter,linkedin", "is_draft": True,
                                                "account_ids": {"twitter": tw, "linkedin": [li]}})  # fmt: skip
    stored = await sandbox.post(both["post_id"])
    assert stored is not None
    assert sorted((p["platform"], p["accountId"]["_id"]) for p in stored["platforms"]) == [
        ("linkedin", li),
        ("twitter", tw),
    ]


async def test_the_placeholder_key_of_a_generated_config_is_never_sent(sandbox: Sandbox) -> None:
    """A config pasted without filling in the key: said so in those words, before any request (Late answered 401
    "invalid key" before, which does not say the key was never filled in)."""
    watch = await sandbox.watch()
    async with Client(make_server(sandbox.app, api_key="sk_your_key_here")) as client:
        result = await client.call_tool("accounts_list", {})
    text = text_of(result)
    assert result.is_error
    assert "still the placeholder a generated config carries, not a key: nothing was sent" in text
    assert "[redacted" not in text  # the placeholder is not echoed, so nothing of the message is blanked out
    assert "LATE_API_KEY" in text  # where to put a real one
    assert await sandbox.hits(watch) == 0
