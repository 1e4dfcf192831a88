"""analytics_get through an MCP client against the sandbox: every kind, the add-on errors, local argument checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.config import Settings
from late_mcp.errors import NotFoundError
from late_mcp.sandbox.seed import ACCOUNT_IDS, oid
from late_mcp.state import AppState
from late_mcp.tools._hints import not_found
from late_mcp.tools.analytics import linkedin_urn, numbers, youtube_video_id

from ..conftest import API_KEY, Sandbox, annotations_of, parse_dt, text_of, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


def test_helpers() -> None:
    assert youtube_video_id("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3") == "dQw4w9WgXcQ"
    assert youtube_video_id("https://youtu.be/dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert youtube_video_id("https://youtube.com/shorts/dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert numbers({"engagementRate": 2.5, "likes": 3, "flag": True, "name": "x", "nested": {}}) == {
        "engagement_rate": 2.5,
        "likes": 3,
    }


async def test_posts_best_first_with_totals(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        report = await t.ok("analytics_get", {"sort_by": "engagement", "limit": 2})
        assert annotations_of(t, "analytics_get")["read_only_hint"] is True
    assert report["kind"] == "posts"
    assert report["total_rows"] == 4
    assert len(report["rows"]) == 2
    assert "page=2" in report["more"]
    rates = [row["metrics"]["engagement_rate"] for row in report["rows"]]
    assert rates == sorted(rates, reverse=True)
    assert report["totals"]["total_impressions"] > 0
    first = report["rows"][0]
    assert first["url"]
    assert first["platform"]
    assert first["name"]
    assert parse_dt(first["published_at"]).utcoffset() is not None


async def test_one_post_per_platform(server: MCPServer[Any]) -> None:
    launch = oid("post:published-launch")
    async with tools(server) as t:
        report = await t.ok("analytics_get", {"kind": "post", "post_id": launch})
    assert {row["platform"] for row in report["rows"]} == {"twitter", "bluesky", "threads"}
    assert report["totals"]["impressions"] == sum(row["metrics"]["impressions"] for row in report["rows"])
    # the post is the report's own; each row is the account it went out on, named as such
    assert report["post_id"] == launch
    assert report["preview"].startswith("We just shipped")
    assert "note" not in report  # the API's message for a post pending or failed; none for a published one
    by_platform = {row["platform"]: row for row in report["rows"]}
    assert by_platform["twitter"]["account_id"] == ACCOUNT_IDS["twitter"]
    assert by_platform["twitter"]["name"] == "acmestudio"
    assert all("id" not in row for row in report["rows"])


async def test_followers_youtube_and_linkedin(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        followers = await t.ok(
            "analytics_get", {"kind": "followers", "account_id": ACCOUNT_IDS["twitter"], "from_date": "2026-01-01"}
        )
        [row] = followers["rows"]
        assert row["id"] == ACCOUNT_IDS["twitter"]
        assert row["name"] == "acmestudio"
        assert {"followers", "growth", "growth_percent"} <= set(row["metrics"])
        assert followers["period"].startswith("2026-01-01 to ")

        daily = await t.ok(
            "analytics_get",
            {
                "kind": "youtube_daily",
                "video_id": "https://youtu.be/dQw4w9WgXcQ",
                "account_id": ACCOUNT_IDS["youtube"],
                "from_date": "2026-01-01",
                "to_date": "2026-01-10",
            },
        )
        assert [r["date"] for r in daily["rows"]][:2] == ["2026-01-01", "2026-01-02"]
        assert len(daily["rows"]) == 10
        assert daily["totals"]["views"] == sum(r["metrics"]["views"] for r in daily["rows"])

        total = await t.ok("analytics_get", {"kind": "linkedin_account", "account_id": ACCOUNT_IDS["linkedin"]})
        assert {"impressions", "reactions", "engagement_rate"} <= set(total["totals"])
        series = await t.ok(
            "analytics_get", {"kind": "linkedin_account", "account_id": ACCOUNT_IDS["linkedin"], "daily": True}
        )
        assert series["rows"]
        assert "reach" not in series["rows"][0]["metrics"]
        assert "MEMBERS_REACHED" in series["note"]

        post = await t.ok(
            "analytics_get",
            {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"], "urn": "urn:li:share:7100000000000000000"},
        )
        assert post["totals"]["impressions"] > post["totals"]["likes"]


async def test_without_the_add_on_the_error_says_so(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.control("plan", {"analytics": False})
    async with tools(server) as t:
        posts = await t.error("analytics_get")
        followers = await t.error("analytics_get", {"kind": "followers"})
    for text in (posts, followers):
        assert "Analytics add-on" in text
        assert "Late dashboard" in text
    assert "402" in posts
    assert "403" in followers


async def test_arguments_checked_before_any_request(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch("/api/v1/*")
    async with tools(server) as t:
        assert "needs post_id" in await t.error("analytics_get", {"kind": "post"})
        assert "YYYY-MM-DD" in await t.error("analytics_get", {"from_date": "last monday"})
        assert "not a YouTube video" in await t.error(
            "analytics_get", {"kind": "youtube_daily", "video_id": "nope", "account_id": ACCOUNT_IDS["youtube"]}
        )
        assert "needs urn" in await t.error(
            "analytics_get", {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"]}
        )
    assert await sandbox.hits(watch) == 0


async def test_linkedin_errors_come_back_plainly(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error(
            "analytics_get", {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["twitter"], "urn": "urn:li:share:1"}
        )
    assert "Not a LinkedIn account" in text


async def test_rows_are_paged_with_totals_over_all_of_them(server: MCPServer[Any]) -> None:
    """A long daily series comes a page at a time (limit/page), as posts do; the totals stay the period's."""
    args = {
        "kind": "youtube_daily",
        "video_id": "dQw4w9WgXcQ",
        "account_id": ACCOUNT_IDS["youtube"],
        "from_date": "2026-01-01",
        "to_date": "2026-01-10",
    }
    async with tools(server) as t:
        whole = await t.ok("analytics_get", args)
        second = await t.ok("analytics_get", {**args, "limit": "4", "page": "2"})
        last = await t.ok("analytics_get", {**args, "limit": 4, "page": 3})
    assert [r["date"] for r in second["rows"]] == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"]
    assert second["total_rows"] == 10
    assert second["more"] == "2 more rows: call again with page=3."
    assert [r["date"] for r in last["rows"]] == ["2026-01-09", "2026-01-10"]
    assert "more" not in last
    assert second["totals"] == whole["totals"]


async def test_a_youtube_404_names_the_account_listing_and_where_a_video_id_comes_from(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The sandbox has no 404 there (an unknown account is its 403); a fault gives the one a real API could."""
    await sandbox.fault(path="/v1/analytics/youtube/daily-views", status=404, fail_count=1)
    args = {"kind": "youtube_daily", "video_id": "dQw4w9WgXcQ", "account_id": ACCOUNT_IDS["youtube"]}
    async with tools(server) as t:
        text = await t.error("analytics_get", args)
    assert "404" in text
    assert "Call accounts_list to get ids." in text
    assert "video's own id" in text
    assert "url in posts_list" in text


def _asking(offered: set[str]) -> Any:
    """The request `_hints` reads: an app state whose server offers `offered`."""
    app = AppState(Settings(api_key=API_KEY), reach=lambda ctx, name: name if name in offered else None)
    return SimpleNamespace(request_context=SimpleNamespace(lifespan_context=app))


@pytest.mark.parametrize(
    ("path", "says", "never"),
    [
        ("/v1/analytics/youtube/daily-views", "Call accounts_list to get ids. The video_id", "Call posts_list"),
        ("/v1/analytics", "Call posts_list to get ids.", "video_id"),
    ],
)
def test_an_analytics_404_names_the_listing_of_the_ids_that_path_takes(path: str, says: str, never: str) -> None:
    error = NotFoundError(404, "Not found", method="GET", path=path)
    step = not_found(_asking({"accounts_list", "posts_list"}), error)
    assert says in step
    assert never not in step
    alone = not_found(_asking(set()), NotFoundError(404, "Not found", method="GET", path=path))
    assert "_list" not in alone  # no tool named where this server offers none


async def test_a_long_page_keeps_to_an_answers_size_and_says_how_to_page_instead(server: MCPServer[Any]) -> None:
    """A hundred days of YouTube numbers are about 6 KB: the answer keeps what fits in 4 KB and says which limit
    pages through the rest; that limit's second page starts where the first stopped."""
    args = {"kind": "youtube_daily", "video_id": "dQw4w9WgXcQ", "account_id": ACCOUNT_IDS["youtube"],
            "from_date": "2026-01-01", "to_date": "2026-04-10"}  # fmt: skip
    async with tools(server) as t:
        cut = await t.call("analytics_get", {**args, "limit": 100})
        report = cut.structured_content or {}
        kept = len(report["rows"])
        second = await t.ok("analytics_get", {**args, "limit": kept, "page": 2})
    assert len(text_of(cut).encode()) <= 4096
    assert 1 <= kept < 100
    assert report["more"].endswith(f"left out to keep the answer short: ask limit={kept}.")
    following = date.fromisoformat(report["rows"][-1]["date"]) + timedelta(days=1)
    assert second["rows"][0]["date"] == following.isoformat()


async def test_a_platform_asked_for_gives_that_platforms_numbers_on_each_row(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The hiring post went to LinkedIn and X: among X's posts its row is X's, with X's numbers and link, not the
    post's first platform with every platform's numbers."""
    api = await sandbox.get("analytics", platform="twitter", limit=10)
    async with tools(server) as t:
        report = await t.ok("analytics_get", {"kind": "posts", "platform": "X"})
    assert {row["platform"] for row in report["rows"]} == {"twitter"}
    for row, post in zip(report["rows"], api["posts"], strict=True):
        [x] = post["platformAnalytics"]
        assert row["url"] == x["platformPostUrl"]
        assert row["metrics"]["impressions"] == x["analytics"]["impressions"]
    assert any(len(p["platforms"]) > 1 for p in [await sandbox.post(r["id"]) or {} for r in report["rows"]])


@pytest.mark.parametrize(
    "given",
    [
        "https://www.linkedin.com/feed/update/urn:li:share:7123456789012345678/",
        "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7123456789012345678",
        "'urn:li:share:7123456789012345678'",
    ],
)
async def test_a_linkedin_posts_address_gives_its_urn(server: MCPServer[Any], given: str) -> None:
    """Models paste the post's address where its URN belongs: the URN in it is read, as the API wants it."""
    args = {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"]}
    async with tools(server) as t:
        wanted = await t.ok("analytics_get", {**args, "urn": "urn:li:share:7123456789012345678"})
        assert await t.ok("analytics_get", {**args, "urn": given}) == wanted


async def test_a_linkedin_activity_address_and_junk(server: MCPServer[Any], sandbox: Sandbox) -> None:
    assert linkedin_urn("https://www.linkedin.com/posts/acme_launch-activity-7123456789012345678-AbCd") == (
        "urn:li:activity:7123456789012345678"
    )
    watch = await sandbox.watch("/api/v1/accounts/*")
    async with tools(server) as t:
        text = await t.error(
            "analytics_get", {"kind": "linkedin_post", "account_id": ACCOUNT_IDS["linkedin"], "urn": "my last post"}
        )
    assert "is not a LinkedIn post URN or post address" in text
    assert await sandbox.hits(watch) == 0


async def test_a_post_not_out_yet_says_why_it_has_no_numbers(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """A scheduled post's numbers are all zero; with no word from the API, a model reported "no engagement"."""
    body = {
        "content": "Coming soon",
        "scheduledFor": "2099-06-01T09:00:00Z",
        "platforms": [{"platform": "twitter", "accountId": ACCOUNT_IDS["twitter"]}],
    }
    made = (await sandbox.api("POST", "posts", json=body)).json()["post"]["_id"]
    async with tools(server) as t:
        report = await t.ok("analytics_get", {"kind": "post", "post_id": made})
    assert report["note"] == "The post is scheduled, not published yet: it has no numbers until it goes out."
