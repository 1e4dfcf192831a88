"""The less-used toolsets called as models call them: ids copied with their quotes, ids of the wrong kind, bad
values refused before any request, and the next step each error names (a tool this server has)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL, QUEUE_MAIN

from ..conftest import Sandbox, tools
from ._toolsets import serving
from .conftest import Router

ACCOUNT = ACCOUNT_IDS["twitter"]
YOUTUBE = ACCOUNT_IDS["youtube"]


async def refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any]
) -> str:
    """The refusal of a call, after checking that it reached no API route."""
    watch = await sandbox.watch("/api/*")
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    assert await sandbox.hits(watch) == 0
    return text


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def test_ids_copied_with_their_quotes_are_the_ids(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        listed = await t.ok("queue_list", {"profile_id": f' "{PROFILE_MAIN}" '})
        preview = await t.ok("queue_preview", {"queue_id": f"'{QUEUE_MAIN}'", "profile_id": f"`{PROFILE_MAIN}`"})
        quoted_nothing = await t.error("queue_delete", {"queue_id": '""'})
    assert listed["profile_id"] == PROFILE_MAIN
    assert preview["queue_id"] == QUEUE_MAIN
    assert "queue_id" in quoted_nothing
    assert "queue_list" in quoted_nothing


@pytest.mark.parametrize(
    ("tool", "arguments", "list_tool"),
    [
        ("queue_delete", {"queue_id": ACCOUNT}, "queue_list"),
        ("queue_list", {"profile_id": ACCOUNT}, "profiles_list"),
        ("connect_start", {"platform": "instagram", "profile_id": ACCOUNT}, "profiles_list"),
        ("webhooks_test", {"webhook_id": ACCOUNT}, "webhooks_list"),
        ("account_groups_delete", {"group_id": ACCOUNT}, "account_groups_list"),
        ("team_invite_revoke", {"invite_id": ACCOUNT}, "team_invites_list"),
        ("analytics_get", {"kind": "post", "post_id": ACCOUNT}, "posts_list"),
    ],
)
async def test_an_id_of_the_wrong_kind_is_answered_with_the_tool_that_lists_the_right_ones(
    server: MCPServer[Any], tool: str, arguments: dict[str, Any], list_tool: str
) -> None:
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    assert "404" in text
    assert f"Call {list_tool} to get ids." in text
    assert "accounts_list" not in text.replace(list_tool, "")


async def test_a_list_tool_of_a_toolset_that_is_off_is_named_with_how_to_turn_it_on(
    router: Router, app: Starlette
) -> None:
    with serving(router, app, toolsets=("core",), tools=("webhooks_test",)) as server:
        async with tools(server) as t:
            text = await t.error("webhooks_test", {"webhook_id": ACCOUNT})
    assert "To get ids, call webhooks_list, from the webhooks toolset (the toolsets tool turns it on)." in text


async def test_a_404_without_a_list_tool_names_none(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("media_youtube_transcript", {"url": "https://example.com/video"})
    assert "Check the id or address given" in text
    assert "_list" not in text


async def test_an_update_that_leaves_active_out_keeps_a_paused_queue_paused(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        paused = await t.ok("queue_update", {"queue_id": QUEUE_MAIN, "active": "false"})
        renamed = await t.ok("queue_update", {"queue_id": QUEUE_MAIN, "name": "Mornings", "slots": "mon 08:00"})
    assert paused["queue"]["active"] is False
    assert "Paused: queued posts wait until it is resumed" in paused["summary"]
    assert "Next slot" not in paused["summary"]
    assert renamed["queue"]["name"] == "Mornings"
    assert renamed["queue"]["active"] is False
    [stored] = [q for q in sandbox.store.all("queues") if q["_id"] == QUEUE_MAIN]
    assert stored["active"] is False


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("queue_create", {"name": "Late", "slots": "monday 25:00"}, "slots has an unknown time '25:00'"),
        ("queue_create", {"name": "Late", "slots": "someday 9:00"}, "slots has an unknown day 'someday'"),
        ("queue_update", {"slots": "mon 9:00, tues"}, "The last day(s) in slots have no time"),
        ("queue_update", {"timezone": "Europe/Berln"}, "Unknown time zone 'Europe/Berln'"),
    ],
)
async def test_bad_slots_and_zones_are_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, tool, arguments)
    assert words in text


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        ({"from_date": "2026-11-20", "to_date": "2026-11-01"}, "from_date 2026-11-20 is after to_date 2026-11-01"),
        ({"from_date": "2025-01-01", "to_date": "2026-11-01"}, "over 366 days"),
    ],
)
async def test_analytics_dates_out_of_order_or_too_far_apart_are_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, dates: dict[str, str], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, "analytics_get", {"kind": "posts", **dates})
    assert words in text


async def test_a_span_over_366_days_is_answered_with_the_last_to_date_the_api_reads_which_is_taken(
    server: MCPServer[Any],
) -> None:
    async with tools(server) as t:
        text = await t.error("analytics_get", {"kind": "posts", "from_date": "2025-01-01", "to_date": "2026-11-01"})
        assert "give to_date=2026-01-02 at the latest" in text
        await t.ok("analytics_get", {"kind": "posts", "from_date": "2025-01-01", "to_date": "2026-01-02"})


async def test_analytics_of_one_account_lists_only_that_accounts_posts(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        every = await t.ok("analytics_get", {"kind": "posts", "limit": "100"})
        one = await t.ok("analytics_get", {"kind": "posts", "account_id": ACCOUNT_IDS["bluesky"], "limit": "100"})
    assert every["total_rows"] > one["total_rows"] > 0  # before, account_id was dropped: every account's posts


async def test_a_page_past_the_end_says_which_page_is_the_last(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        posts = await t.ok("analytics_get", {"kind": "posts", "limit": "2", "page": "9"})
        followers = await t.ok("analytics_get", {"kind": "followers", "limit": "5", "page": "9"})
    assert posts["rows"] == []
    assert f"{posts['total_rows']} row(s) make 2 page(s) of 2; call with page=2" in posts["more"]
    assert followers["rows"] == []
    assert "page=9 is past the end" in followers["more"]


async def test_followers_of_an_id_that_is_no_account_say_so(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """An id that is no connected account's (or no profile's) is refused: the API answers it with no rows at all."""
    reads = await sandbox.watch("/api/v1/analytics*")
    async with tools(server) as t:
        account = await t.error("analytics_get", {"kind": "followers", "account_id": QUEUE_MAIN})
        profile = await t.error("analytics_get", {"kind": "posts", "profile_id": QUEUE_MAIN})
        best = await t.error("posts_best_times", {"profile_id": f"'{QUEUE_MAIN}'"})
        calendar = await t.error("posts_calendar", {"profile_id": QUEUE_MAIN})
    assert f"account_id {QUEUE_MAIN!r} is not one of your connected accounts. Call accounts_list to get ids." in account
    for text in (profile, best, calendar):
        assert f"profile_id {QUEUE_MAIN!r} is not one of your profiles. Call profiles_list to get ids." in text
    assert await sandbox.hits(reads) == 0


@pytest.mark.parametrize("events", ["post.published, post.failed", "post.published,post.failed,"])
async def test_webhook_events_may_be_comma_separated_text(server: MCPServer[Any], events: str) -> None:
    async with tools(server) as t:
        saved = await t.ok("webhooks_save", {"url": "https://example.com/hook", "events": events})
        one = await t.ok("webhooks_save", {"url": "https://example.com/one", "events": "post.failed"})
    assert saved["webhook"]["events"] == ["post.published", "post.failed"]
    assert one["webhook"]["events"] == ["post.failed"]


async def test_a_new_webhook_of_every_event_says_so_in_a_few_words(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        saved = await t.ok("webhooks_save", {"url": "https://example.com/hook"})
    assert len(saved["webhook"]["events"]) == 15
    assert "sends every post and account event to https://example.com/hook" in saved["summary"]
    assert "post.external.updated" not in saved["summary"]


@pytest.mark.parametrize(
    ("tool", "arguments", "meant"),
    [
        ("webhooks_logs", {"status": "faild"}, "failed"),
        ("logs_list", {"kind": "connections"}, "connection"),
        ("analytics_get", {"sort_by": "engagment"}, "engagement"),
        ("webhooks_save", {"url": "https://example.com/hook", "events": "post.published, post.faild"}, "post.failed"),
        ("team_invite", {"kind": "members"}, "member"),
    ],
)
async def test_a_near_miss_of_a_choice_is_answered_with_the_choice_it_meant(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], meant: str
) -> None:
    text = await refused_before_any_request(server, sandbox, tool, arguments)
    assert f"(did you mean {meant}?)" in text


async def test_a_choice_in_another_case_is_that_choice(server: MCPServer[Any]) -> None:
    """ "Scheduled", " PUBLISHED ", "Publishing": the choice itself in another case is read as it (one meaning, so
    a refusal would only cost a turn); a near miss is still refused with the choice it meant (above)."""
    async with tools(server) as t:
        scheduled = await t.ok("posts_list", {"status": "Scheduled"})
        published = await t.ok("posts_list", {"status": " PUBLISHED "})
        logs = await t.ok("logs_list", {"kind": "Publishing", "limit": 1})
        failed = await t.ok("webhooks_logs", {"status": "Failed"})
    assert scheduled["posts"]
    assert {p["status"] for p in scheduled["posts"]} == {"scheduled"}
    assert published["posts"]
    assert {p["status"] for p in published["posts"]} == {"published"}
    assert logs["kind"] == "publishing"
    assert failed["deliveries"] == []  # read, not refused (the sandbox has no failed delivery)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"platform": "instagram"}, "platform and profile_id are for kind=platform"),
        ({"kind": "member", "profile_id": PROFILE_MAIN}, "a member invite is limited to profiles with profile_ids"),
        ({"kind": "platform", "platform": "x", "profile_ids": PROFILE_MAIN}, "profile_ids is for kind=member"),
        ({"kind": "platform", "platform": "instgram"}, "Did you mean instagram?"),
    ],
)
async def test_an_invite_argument_of_the_other_kind_is_refused_not_dropped(
    server: MCPServer[Any], sandbox: Sandbox, arguments: dict[str, Any], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, "team_invite", arguments)
    assert words in text


async def test_a_member_invite_refused_for_a_profile_id_says_so(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("team_invite", {"kind": "member", "profile_ids": f"{PROFILE_MAIN}, {ACCOUNT}"})
    assert "403" in text
    assert "a profile in profile_ids is not found or not this team's" in text
    assert "Call profiles_list to get ids." in text
    assert "Team features need" not in text


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("analytics_get", {"post_id": QUEUE_MAIN}, "kind=posts does not read post_id (read by post_id: kind=post)"),
        ("analytics_get", {"kind": "followers", "platform": "x"}, "kind=followers does not read platform"),
        ("analytics_get", {"kind": "post", "post_id": QUEUE_MAIN, "sort_by": "engagement"}, "does not read sort_by"),
        ("logs_list", {"post_id": QUEUE_MAIN}, "post_id is read only by kind=post"),
        ("logs_list", {"kind": "post", "post_id": QUEUE_MAIN, "days": "30"}, "kind=post does not read days"),
    ],
)
async def test_an_argument_the_kind_does_not_read_is_refused_not_dropped(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, tool, arguments)
    assert words in text


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "youtube_daily", "platform": "YouTube", "video_id": "dQw4w9WgXcQ", "account_id": YOUTUBE},
        {"kind": "linkedin_account", "platform": "linkedin", "account_id": ACCOUNT_IDS["linkedin"]},
    ],
)
async def test_a_platform_the_kind_itself_names_is_no_other_argument(
    server: MCPServer[Any], arguments: dict[str, Any]
) -> None:
    """platform=youtube with kind=youtube_daily says what the kind says: nothing is dropped, so nothing to refuse."""
    async with tools(server) as t:
        found = await t.ok("analytics_get", arguments)
    assert found["kind"] == arguments["kind"]


async def test_followers_refuse_a_platform_saying_what_to_send_instead_which_is_taken(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The follower numbers have no platform filter: the refusal names the argument that does it (one account's
    id), and that call is answered."""
    async with tools(server) as t:
        text = await t.error("analytics_get", {"kind": "followers", "platform": "instagram"})
        assert "For one platform's followers give its account's account_id (each row's id)." in text
        found = await t.ok("analytics_get", {"kind": "followers", "account_id": ACCOUNT_IDS["instagram"]})
    assert [row["platform"] for row in found["rows"]] == ["instagram"]


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("connect_start", {"platform": "linkedin", "redirect_url": "not a url"}, "redirect_url 'not a url' must be"),
        ("connect_start", {"platform": "Bluesky"}, "use connect_bluesky"),
        ("connect_start", {"platform": "telegram", "headless": "true"}, "headless do not apply"),
        ("connect_telegram", {"code": "ABC123", "chat_id": "@acme"}, "not both"),
    ],
)
async def test_connect_arguments_are_checked_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, tool, arguments)
    assert words in text


async def test_a_web_address_to_land_on_is_sent(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        link = await t.ok("connect_start", {"platform": "linkedin", "redirect_url": " https://example.com/done "})
        app = await t.ok("connect_start", {"platform": "linkedin", "redirect_url": "myapp://connected"})
    assert link["url"]
    assert app["url"]


async def test_logs_of_one_post_take_days_at_its_default(server: MCPServer[Any]) -> None:
    """Models often send every parameter; the default of one kind=post does not read changes nothing."""
    async with tools(server) as t:
        draft = {"content": "Logs", "platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"], "is_draft": True}
        made = await t.ok("posts_create", draft)
        logs = await t.ok("logs_list", {"kind": "post", "post_id": made["post_id"], "days": 7})
    assert "logs" in logs


async def test_health_filters_are_checked_before_any_request_and_an_empty_match_says_so(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    watch = await sandbox.watch("/api/*")
    async with tools(server) as t:
        typo = await t.error("accounts_health", {"platform": "twiter"})
        assert await sandbox.hits(watch) == 0
        nothing = await t.ok("accounts_health", {"profile_id": ACCOUNT})
    assert "Did you mean twitter?" in typo
    assert nothing["total"] == 0
    assert nothing["next_step"] == f"No connected account matches profile_id={ACCOUNT}: check the filter."


def test_unlimited_profiles_are_said_so_not_of_minus_one() -> None:
    from zoneinfo import ZoneInfo

    from late_mcp.models.usage import UsageStats
    from late_mcp.tools.usage import usage_out

    stats = UsageStats.model_validate(
        {
            "planName": "Enterprise",
            "billingPeriod": "yearly",
            "hasAccess": True,
            "limits": {"uploads": -1, "profiles": -1},
            "usage": {"uploads": 40, "profiles": 3},
        }
    )
    out = usage_out(stats, ZoneInfo("Europe/Berlin"))
    assert out.summary == "Enterprise plan (yearly): 40 posts this period, 3 profiles (no limit)."
    assert (out.uploads_limit, out.profiles_limit) == (None, None)
    assert (out.can_upload, out.can_create_profile) == (True, True)


async def test_a_rename_says_what_it_changed(server: MCPServer[Any]) -> None:
    linkedin = ACCOUNT_IDS["linkedin"]
    async with tools(server) as t:
        username = await t.ok("accounts_update", {"account_id": linkedin, "username": "acme-new"})
        both = await t.ok("accounts_update", {"account_id": linkedin, "username": "acme2", "display_name": "Acme 2"})
    assert username["summary"] == f"Account {linkedin} now shows the username acme-new."
    assert both["summary"] == f"Account {linkedin} now shows the name Acme 2 and the username acme2."


async def test_a_choice_copied_with_its_quotes_is_the_choice(server: MCPServer[Any]) -> None:
    facebook = ACCOUNT_IDS["facebook"]
    async with tools(server) as t:
        pages = await t.ok("accounts_choices", {"account_id": facebook})
        page = pages["choices"][1]
        chosen = await t.ok("accounts_select", {"account_id": facebook, "choice_id": f" '{page['id']}' "})
    assert page["name"] in chosen["summary"]


async def test_a_download_platform_may_be_named_as_people_name_it(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        found = await t.ok("media_download", {"platform": "X", "url": "https://x.com/a/status/1", "list_formats": "1"})
        youtube = await t.ok("media_download", {"platform": " YouTube ", "url": "dQw4w9WgXcQ"})
    assert found["platform"] == "twitter"
    assert youtube["platform"] == "youtube"


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("media_download", {"platform": "instagram", "url": "https://instagram.com/p/a", "list_formats": "true"},
         "instagram has one download, no formats"),
        ("media_download", {"platform": "linkedin", "url": "https://linkedin.com/p/a", "format_id": "137"},
         "list_formats and format_id are for youtube, tiktok, twitter"),
        ("media_download", {"platform": "youtube", "url": "dQw4w9WgXcQ", "list_formats": True, "format_id": "18"},
         "not both"),
        ("media_youtube_transcript", {"url": "dQw4w9WgXcQ", "lang": "english"}, "lang 'english' is not a language"),
    ],
)  # fmt: skip
async def test_media_tool_arguments_that_would_be_dropped_are_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, tool: str, arguments: dict[str, Any], words: str
) -> None:
    text = await refused_before_any_request(server, sandbox, tool, arguments)
    assert words in text


async def test_an_upload_token_is_taken_with_its_quotes_and_the_page_address_is_refused(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        status = await t.ok("media_check_upload_status", {"token": f' "{link["token"]}" '})
        watch = await sandbox.watch("/api/*")
        wrong = await t.error("media_check_upload_status", {"token": link["upload_url"]})
    assert status["status"] == "pending"
    assert "not its upload_url" in wrong
    assert await sandbox.hits(watch) == 0


@pytest.mark.parametrize(
    ("tool", "arguments", "meant"),
    [
        ("accounts_google_reviews", {"account_id": ACCOUNT, "pageSize": 10}, "limit"),
        ("queue_preview", {"per_page": 3}, "count"),
        ("logs_list", {"offset": 20}, "skip"),
    ],
)
async def test_the_apis_paging_names_are_answered_with_the_tools(
    server: MCPServer[Any], tool: str, arguments: dict[str, Any], meant: str
) -> None:
    async with tools(server) as t:
        text = await t.error(tool, arguments)
    assert f"did you mean {meant}?" in text


async def test_bulk_rows_name_platforms_as_people_do_and_a_near_column_is_named(server: MCPServer[Any]) -> None:
    row = {"platforms": "X, LinkedIn", "profiles": PROFILE_MAIN, "is_draft": "true", "post_content": "Hi"}
    async with tools(server) as t:
        checked = await t.ok("posts_bulk_upload", {"rows": [row]})
        near = await t.error("posts_bulk_upload", {"rows": [{**row, "profile": PROFILE_MAIN}]})
    assert (checked["valid"], checked["invalid"]) == (1, 0)
    assert "rows[1] has 'profile', which is not a bulk CSV column. Did you mean profiles?" in near


async def test_a_preview_of_a_profile_without_a_queue_says_how_to_make_one(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("queue_preview", {"profile_id": PROFILE_PERSONAL})
    assert "This profile has no queue yet: create one with queue_create." in text
    assert "queue_list" not in text


async def test_api_keys_say_which_are_read_only_or_limited_to_profiles(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        listed = await t.ok("team_api_keys_list")
    by_name = {k["name"]: k for k in listed["keys"]}
    full, reports = by_name["Sandbox demo key"], by_name["Reporting dashboard"]
    assert "read_only" not in full
    assert "profiles" not in full
    assert reports["read_only"] is True
    assert reports["profiles"] == ["Acme Studio"]
