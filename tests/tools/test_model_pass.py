"""What a model playing the assistant ran into on the queue, planner, accounts and profiles tools, through an MCP
client against the sandbox: a suggestion it follows must do what it meant, a step it follows must work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, QUEUE_MAIN

from ..conftest import BERLIN, Sandbox, parse_dt, text_of, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


@pytest.mark.parametrize(
    ("tool", "arguments", "wrong", "right"),
    [
        # spelling alone suggested title, timezone, schedule_minutes, publish_now, webhook_id: wrong fields
        ("posts_create", {"platform": "bluesky", "content": "x", "time": "9am"}, "time", "scheduled_for"),
        ("posts_create", {"platform": "bluesky", "content": "x", "publish_at": "9am"}, "publish_at", "scheduled_for"),
        ("posts_create", {"platform": "bluesky", "content": "x", "schedule_time": "9am"}, "schedule_time",
         "scheduled_for"),
        ("posts_create", {"platform": "bluesky", "text": "x"}, "text", "content"),
        ("queue_create", {"name": "Lunch", "times": ["12:00"]}, "times", "slots"),
        ("queue_create", {"name": "Lunch", "days": ["mon"]}, "days", "slots"),
        ("posts_schedule_series", {"platforms": "bluesky", "content": "x", "time": "09:00"}, "time", "at"),
        ("posts_schedule_series", {"platforms": "bluesky", "content": "x", "weekdays": "mon"}, "weekdays", "on"),
        ("posts_schedule_series", {"platforms": "bluesky", "content": "x", "end_date": "2030-01-01"}, "end_date",
         "until"),
        ("webhooks_save", {"webhook_url": "https://example.com/hook"}, "webhook_url", "url"),
        ("analytics_get", {"start_date": "2026-11-01"}, "start_date", "from_date"),  # was: to_date
        ("posts_schedule_series", {"platforms": "bluesky", "content": "x", "account": "a"}, "account", "account_ids"),
        ("logs_list", {"state": "failed"}, "state", "status"),
    ],
)  # fmt: skip
async def test_a_wrong_name_is_given_the_parameter_it_meant(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], wrong: str, right: str
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    assert f"{wrong} is not a parameter of {tool}: did you mean {right}?" in text
    assert await sandbox.hits(watch) == 0


async def test_a_linkedin_organization_as_accounts_choices_lists_it_is_posted_to(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """accounts_choices lists an organization by its id and says to pass the id as organizationUrn: done exactly
    so, the post goes to that organization (the API takes only its URN)."""
    account = ACCOUNT_IDS["linkedin"]
    async with tools(server) as t:
        listed = await t.ok("accounts_choices", {"account_id": account})
        assert "pass its id as the organizationUrn option" in listed["next_step"]
        org = listed["choices"][1]["id"]
        made = await t.ok(
            "posts_create",
            {"platform": "linkedin", "account_id": account, "content": "Hello from the labs",
             "options": {"organizationUrn": org}, "scheduled_for": "2030-06-03T10:00"},
        )  # fmt: skip
    post = await sandbox.post(made["post_id"])
    assert post is not None
    [target] = post["platforms"]
    assert target["platformSpecificData"]["organizationUrn"] == f"urn:li:organization:{org}"


@pytest.mark.parametrize(("said", "platform"), [("insta", "instagram"), ("Insta", "instagram"), ("bsky", "bluesky")])
async def test_a_platform_by_its_nickname_is_that_platform(
    server: MCPServer[Any], sandbox: Sandbox, said: str, platform: str
) -> None:
    async with tools(server) as t:
        made = await t.ok("posts_create", {"platform": said, "account_id": ACCOUNT_IDS[platform], "content": "Hi",
                                           "is_draft": True})  # fmt: skip
    assert [p["platform"] for p in made["platforms"]] == [platform]


class Person:
    """Says yes to every question, and remembers them."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def __call__(self, context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.asked.append(params.message)
        return types.ElicitResult(action="accept", content={"confirm": True})


@pytest.mark.parametrize("toolsets", [("all",), ("core",)])
async def test_a_queued_post_for_a_paused_queue_is_refused_before_the_person_is_asked(
    router: Router, app: Starlette, sandbox: Sandbox, toolsets: tuple[str, ...]
) -> None:
    """The API refuses a post for a paused queue once it is sent: the person was asked for nothing. The refusal
    names the queue and how to resume it in this configuration; done so, the post is queued."""
    queue = sandbox.store.get("queues", QUEUE_MAIN)
    assert queue is not None
    sandbox.store.put("queues", {**queue, "active": False}, doc_id=QUEUE_MAIN)  # paused in the dashboard
    person, before = Person(), sandbox.post_ids()
    post = {"platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"], "content": "Queued", "use_queue": True}
    with serving(router, app, toolsets=toolsets, confirm="all") as server:
        async with Client(server, elicitation_callback=person) as client:
            refused = await client.call_tool("posts_create", post)
            assert refused.is_error
            assert person.asked == [], "the person was asked about a post the API would refuse"
            text = text_of(refused)
            assert "Queue 'Weekday mornings' is paused" in text
            assert f"Resume it (queue_id {QUEUE_MAIN}, active=true) with queue_update" in text
            if toolsets == ("core",):  # followed as said: the toolsets tool turns the queue toolset on
                assert "queue_update, from the queue toolset (the toolsets tool turns it on)" in text
                assert not (await client.call_tool("toolsets", {"enable": "queue"})).is_error
            resumed = await client.call_tool("queue_update", {"queue_id": QUEUE_MAIN, "active": True})
            assert not resumed.is_error, text_of(resumed)
            made = await client.call_tool("posts_create", post)
            assert not made.is_error, text_of(made)
    assert len(sandbox.new_posts(before)) == 1


async def test_a_queued_post_for_a_profile_without_a_queue_is_refused_before_the_person_is_asked(
    router: Router, app: Starlette, sandbox: Sandbox
) -> None:
    person = Person()
    post = {"platform": "linkedin", "account_id": ACCOUNT_IDS["linkedin_personal"], "content": "Q", "use_queue": True}
    with serving(router, app, confirm="all") as server:
        async with Client(server, elicitation_callback=person) as client:
            refused = await client.call_tool("posts_create", post)
    assert refused.is_error
    assert person.asked == []
    assert "This profile has no queue" in text_of(refused)
    assert "queue_create" in text_of(refused)


async def test_a_color_without_its_hash_is_that_color(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        made = await t.ok("profiles_create", {"name": "Client Bakery", "color": "4CAF50"})
    stored = await sandbox.profile(made["id"])
    assert stored is not None
    assert stored["color"] == "#4CAF50"


async def test_the_question_for_one_minute_says_one_minute(router: Router, app: Starlette) -> None:
    person = Person()
    post = {"platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"], "content": "Soon", "schedule_minutes": "1"}
    with serving(router, app, confirm="all") as server:
        async with Client(server, elicitation_callback=person) as client:
            made = await client.call_tool("posts_create", post)
    assert not made.is_error, text_of(made)
    assert person.asked
    assert person.asked[0].startswith("Schedule in 1 minute:"), person.asked


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({}, "Upload it first with media_upload_file (the path in paths), then pass the URL it gives in media_urls."),
        ({"exclude_tools": ("media_upload_file",)}, "Give a public http(s) URL instead: this server cannot upload"),
    ],
)
async def test_a_local_file_as_media_url_names_the_upload_this_server_offers(
    router: Router, app: Starlette, settings: dict[str, Any], said: str
) -> None:
    post = {"platform": "pinterest", "content": "Pin", "media_urls": "/tmp/studio.png", "is_draft": True}
    with serving(router, app, toolsets=("core",), **settings) as server:
        async with tools(server) as t:
            text = await t.error("posts_create", post)
            if "media_upload_file" in said:  # the tool it names is one this server offers
                assert "media_upload_file" in t.listed
    assert "is a file on this computer, not an http(s) URL" in text
    assert said in text


async def test_the_question_for_a_queued_post_says_its_queue_and_time(
    router: Router, app: Starlette, sandbox: Sandbox
) -> None:
    """'Schedule in the next queue slot' let the person confirm without knowing when: the queue and the local time
    it gives are asked, and the post gets that time."""
    person = Person()
    post = {"platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"], "content": "Queued", "use_queue": True}
    with serving(router, app, confirm="all") as server:
        async with Client(server, elicitation_callback=person) as client:
            made = await client.call_tool("posts_create", post)
    assert not made.is_error, text_of(made)
    assert made.structured_content is not None
    when = parse_dt(made.structured_content["scheduled_for"]).astimezone(BERLIN)
    said = f"{when:%a %Y-%m-%d %H:%M} {when.tzname()}"
    assert person.asked[0].startswith(f"Schedule in the next slot of queue 'Weekday mornings', {said}:"), person.asked


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"toolsets": ("all",)}, "or with a link from connect_start."),
        ({"toolsets": ("core",)}, "connect_start is in the connect toolset (the toolsets tool turns it on)."),
        (
            {"toolsets": ("core",), "dynamic_toolsets": False},
            "Reconnect it in the Late dashboard (https://getlate.dev).",
        ),
    ],
)
async def test_a_post_to_an_account_to_reconnect_names_the_way_this_server_offers(
    router: Router, app: Starlette, settings: dict[str, Any], said: str
) -> None:
    """As accounts_health says it: the dashboard, and a connect link where this server can give one."""
    post = {"platform": "fb", "content": "Hi", "scheduled_for": "2030-06-03T10:00"}
    with serving(router, app, **settings) as server:
        async with tools(server) as t:
            text = await t.error("posts_create", post)
    assert "needs reconnecting before it can post" in text
    assert text.endswith(said), text


async def test_one_posts_logs_without_the_post_say_what_is_missing(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("logs_list", {"kind": "post"})
    assert "kind=post needs post_id" in text
    assert "''" not in text  # not "post_id '' is not a valid id"


async def test_turning_a_toolset_off_is_not_told_to_turn_it_on(router: Router, app: Starlette) -> None:
    """ "disable: did you mean enable?" sent the model to turn on the toolset it meant to turn off."""
    with serving(router, app, toolsets=("core",)) as server:
        async with tools(server) as t:
            text = await t.error("toolsets", {"disable": "queue"})
    assert "disable is not a parameter of toolsets" in text
    assert "did you mean enable" not in text


@pytest.mark.parametrize(
    ("tool", "arguments", "wrong", "not_meant"),
    [
        ("queue_preview", {"account": "a"}, "account", "count"),
        ("posts_calendar", {"state": "failed"}, "state", "start"),
        ("analytics_get", {"id": "a"}, "id", "kind"),
    ],
)
async def test_a_look_alike_that_means_something_else_is_not_suggested(
    server: MCPServer[Any], tool: str, arguments: dict[str, Any], wrong: str, not_meant: str
) -> None:
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    assert f"{wrong} is not a parameter of {tool}" in text
    assert f"did you mean {not_meant}" not in text


async def test_youtube_daily_views_without_the_account_read_the_only_youtube_account(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        views = await t.ok("analytics_get", {"kind": "youtube_daily", "video_id": "https://youtu.be/dQw4w9WgXcQ"})
    assert views["kind"] == "youtube_daily"
    assert views["rows"]


@pytest.mark.parametrize(
    ("tool", "meant"), [("posts_get", "post_id"), ("posts_delete", "post_id"), ("webhooks_test", "webhook_id")]
)
async def test_id_on_a_tool_of_one_id_is_that_id(server: MCPServer[Any], tool: str, meant: str) -> None:
    """`id` was told "call it again without id", which leaves the call without the id it needs."""
    async with tools(server) as t:
        text = await t.error(tool, {"id": "a"})
    assert f"id is not a parameter of {tool}: did you mean {meant}?" in text
    assert "without id" not in text
