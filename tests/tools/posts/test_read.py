"""posts_list and posts_get: pages, filters, previews, per-platform status, and errors with the next step."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.models.posts import Post
from late_mcp.sandbox.seed import ACCOUNT_IDS
from late_mcp.tools.posts.text import written

from ...conftest import Sandbox, parse_dt, text_of, tools
from ._seeded import (
    FAILED_RATELIMIT,
    PARTIAL_EVENT,
    SCHEDULED_PIN,
    SCHEDULED_WEBINAR,
    SCHEDULED_YOUTUBE,
    SEEDED_POSTS,
    UNKNOWN_ID,
    compact,
    is_berlin_time,
    is_utc_time,
)

# --- posts_list ---------------------------------------------------------------------------------------------


async def test_posts_list_first_page_matches_the_api(server: MCPServer[Any], sandbox: Sandbox) -> None:
    api = (await sandbox.api("GET", "posts", params={"limit": 10})).json()["posts"]
    async with tools(server) as t:
        out = await t.ok("posts_list")
    assert out["total"] == SEEDED_POSTS
    assert out["returned"] == 10
    assert [p["id"] for p in out["posts"]] == [p["_id"] for p in api]
    assert "page=2" in out["more"]
    for summary, raw in zip(out["posts"], api, strict=False):
        assert summary["status"] == raw["status"]
        # the account per platform, and the platform's own status where it differs from the post's
        assert [row.split(" ")[:2] for row in summary["platforms"]] == [
            [e["platform"], "@" + e["accountId"]["username"]] for e in raw["platforms"]
        ]
        assert len(summary["preview"]) <= 80
        assert raw["content"].startswith(summary["preview"].rstrip("…"))
        if raw["scheduledFor"]:
            assert parse_dt(summary["scheduled_for"]) == parse_dt(raw["scheduledFor"])
            assert is_berlin_time(summary["scheduled_for"])


async def test_posts_list_long_content_preview_is_cut(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"status": "scheduled"})
    webinar = next(p for p in out["posts"] if p["id"] == SCHEDULED_WEBINAR)
    assert len(webinar["preview"]) == 80
    assert webinar["preview"].endswith("…")


@pytest.mark.parametrize(
    ("status", "count"), [("draft", 3), ("scheduled", 4), ("published", 3), ("failed", 2), ("partial", 1)]
)
async def test_posts_list_status_filter(server: MCPServer[Any], status: str, count: int) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"status": status, "limit": 100})
    assert out["total"] == out["returned"] == count
    assert {p["status"] for p in out["posts"]} == {status}
    assert out.get("more") is None


async def test_posts_list_page_two(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """A page under the default limit goes on wider from the very next post: page 2 of 5 ends at the 10th, and
    page 2 of 10 starts at the 11th."""
    api = (await sandbox.api("GET", "posts", params={"limit": 100})).json()["posts"]
    async with tools(server) as t:
        out = await t.ok("posts_list", {"limit": 5, "page": 2})
        last = await t.ok("posts_list", next_step({"limit": 5, "page": 2}, out["more"]))
    assert [p["id"] for p in out["posts"]] == [p["_id"] for p in api[5:10]]
    assert out["total"] == SEEDED_POSTS
    assert out["returned"] == 5
    assert out["more"] == "3 more: call again with page=2 and limit=10."
    assert [p["id"] for p in last["posts"]] == [p["_id"] for p in api[10:]]
    assert last.get("more") is None


async def test_posts_list_more_hint_counts_what_is_left(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"limit": 5, "page": 2})
    assert out["more"].startswith("3 more")


async def fifty_posts(sandbox: Sandbox) -> list[str]:
    """The seeded posts and more, 50 in all, each on two accounts with a text longer than a preview; their ids in
    the order the API lists them."""
    text = "Join our live demo on Thursday: we walk through the new planner, answer questions and share the roadmap."
    targets = [{"platform": "twitter", "accountId": ACCOUNT_IDS["twitter"]},
               {"platform": "linkedin", "accountId": ACCOUNT_IDS["linkedin"]}]  # fmt: skip
    for n in range(50 - SEEDED_POSTS):
        body = {
            "content": f"{n:02d} {text}",
            "scheduledFor": f"2099-06-{n % 28 + 1:02d}T09:00:00Z",
            "platforms": targets,
        }
        assert (await sandbox.api("POST", "posts", json=body)).status_code == 201
    return [p["_id"] for p in (await sandbox.get("posts", limit=100))["posts"]]


def next_step(args: dict[str, Any], more: str) -> dict[str, Any]:
    """The call `more` says to make, read as written: the same filters with the page and limit it names, and no
    page or limit of an earlier call (a model that went on with limit=14 may well go back to its own limit=50)."""
    named = {key: int(value) for key, value in re.findall(r"\b(page|limit)=(\d+)", more)}
    assert set(named) == {"page", "limit"}, more
    return {key: value for key, value in args.items() if key not in named} | named


async def test_posts_list_of_fifty_fits_one_answer_and_says_how_to_get_the_rest(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """limit=50 answered 14 KB; now about 4 KB, and each answer's `more` leads to the very next post until the
    last, none left out or shown twice."""
    api = await fifty_posts(sandbox)
    args: dict[str, Any] = {"limit": 50}
    seen: list[str] = []
    answers = []
    async with tools(server) as t:
        while True:
            result = await t.call("posts_list", args)
            out = result.structured_content
            assert out is not None
            answers.append((len(text_of(result).encode()), out))
            seen += [p["id"] for p in out["posts"]]
            if "more" not in out:
                break
            args = next_step(args, out["more"])
    assert seen == api
    assert all(size <= 4096 for size, _ in answers), [size for size, _ in answers]
    first = answers[0][1]
    assert (first["total"], first["returned"]) == (50, len(first["posts"]))
    kept = first["returned"]
    assert first["more"] == (
        f"{50 - kept} more: call again with page=2 and limit={kept} (these 50 posts do not fit one answer)."
    )


async def test_posts_list_cut_past_the_first_page_goes_on_from_the_next_post(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Page 2 of 20 cut short shows all that fit, and the page and limit it names start exactly after the last one
    shown (the limit divides the posts before it)."""
    api = await fifty_posts(sandbox)
    async with tools(server) as t:
        cut = await t.ok("posts_list", {"limit": 20, "page": 2})
        step = next_step({"limit": 20, "page": 2}, cut["more"])
        rest = await t.ok("posts_list", step)
    shown = [p["id"] for p in cut["posts"]]
    assert 0 < len(shown) < 20
    assert shown == api[20 : 20 + len(shown)]
    assert (step["page"] - 1) * step["limit"] == 20 + len(shown)
    assert [p["id"] for p in rest["posts"]] == api[20 + len(shown) : 20 + len(shown) + len(rest["posts"])]


async def test_paging_on_from_an_awkward_page_keeps_showing_what_fits(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """Page 2 of 13: the next post is the 14th wherever the cut falls, and the next limit is not held to one that
    divides 13 (1), so the walk does not go on one post per call."""
    api = await fifty_posts(sandbox)
    args: dict[str, Any] = {"limit": 13, "page": 2}
    seen: list[str] = []
    calls = 0
    async with tools(server) as t:
        while True:
            out = await t.ok("posts_list", args)
            calls += 1
            seen += [p["id"] for p in out["posts"]]
            if "more" not in out:
                break
            args = next_step(args, out["more"])
    assert seen == api[13:]
    assert calls <= 6, calls  # 37 posts at about 11 an answer: 4, a narrow step or two allowed


async def test_a_page_past_the_end_says_where_the_posts_are(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """Told "page=2 and limit=14", a model that kept its own limit=50 got no posts and no word: it reported none
    left while 36 were unseen. Followed as written, the answer's `more` leads back to every post."""
    api = await fifty_posts(sandbox)
    args: dict[str, Any] = {"page": 2, "limit": 50}
    seen: list[str] = []
    async with tools(server) as t:
        past = await t.ok("posts_list", args)
        assert (past["total"], past["returned"]) == (50, 0)
        args = next_step(args, past["more"])
        while True:
            out = await t.ok("posts_list", args)
            seen += [p["id"] for p in out["posts"]]
            if "more" not in out:
                break
            args = next_step(args, out["more"])
    assert seen == api


@pytest.mark.parametrize(("args", "field"), [({"status": "lost"}, "status"), ({"limit": 101}, "limit"),
                                            ({"page": 0}, "page")])  # fmt: skip
async def test_posts_list_bad_arguments_name_the_field(
    server: MCPServer[Any], args: dict[str, Any], field: str
) -> None:
    async with tools(server) as t:
        text = await t.error("posts_list", args)
    assert field in text


# --- posts_get ----------------------------------------------------------------------------------------------


async def test_posts_get_partly_failed_post_shows_each_platform(server: MCPServer[Any], sandbox: Sandbox) -> None:
    stored = await sandbox.post(PARTIAL_EVENT)
    assert stored is not None
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": PARTIAL_EVENT})
    assert out["id"] == PARTIAL_EVENT
    assert out["status"] == "partial"
    assert out["content"] == stored["content"]
    twitter, facebook = out["platforms"]
    assert compact(twitter) == {
        "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "username": "acmestudio", "status": "published",
        "url": stored["platforms"][0]["platformPostUrl"], "published_at": twitter["published_at"],
    }  # fmt: skip
    assert parse_dt(twitter["published_at"]) == parse_dt(stored["platforms"][0]["publishedAt"])
    assert is_berlin_time(twitter["published_at"])
    assert twitter["url"].startswith("https://sandbox.invalid/x.com/acmestudio/status/")
    assert facebook["status"] == "failed"
    assert facebook.get("url") is None
    assert facebook["error"] == stored["platforms"][1]["errorMessage"]
    assert "Reconnect" in facebook["error"]
    assert is_berlin_time(out["published_at"])
    assert is_berlin_time(out["created_at"])


async def test_posts_get_failed_post(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": FAILED_RATELIMIT})
    assert out["status"] == "failed"
    assert "rate limit" in out["platforms"][0]["error"]


async def test_posts_get_media_and_schedule(server: MCPServer[Any], sandbox: Sandbox) -> None:
    stored = await sandbox.post(SCHEDULED_PIN)
    assert stored is not None
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": SCHEDULED_PIN})
    assert out["media"] == [{"type": "image", "url": "https://cdn.example.com/acme/moodboard.jpg"}]
    assert parse_dt(out["scheduled_for"]) == parse_dt(out["scheduled_for_utc"]) == parse_dt(stored["scheduledFor"])
    assert is_berlin_time(out["scheduled_for"])
    assert is_utc_time(out["scheduled_for_utc"])


async def test_posts_get_youtube_title(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": SCHEDULED_YOUTUBE})
    assert out["title"] == "Plan a month of content in one afternoon"
    assert out["media"][0]["type"] == "video"


async def test_posts_get_unknown_id_is_a_404_with_the_next_step(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": UNKNOWN_ID})
    assert "404" in text
    assert "Not found" in text
    assert UNKNOWN_ID in text
    assert "posts_list" in text


async def test_posts_get_malformed_id_is_refused_locally(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": "../accounts"})
    assert "post_id" in text
    assert "posts_list" in text
    assert await sandbox.hits(watch) == 0


async def test_posts_get_recovers_from_one_500(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path=f"/api/v1/posts/{PARTIAL_EVENT}", method="GET", fail_count=1, status=500)
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": PARTIAL_EVENT})
    assert out["id"] == PARTIAL_EVENT
    assert await sandbox.hits(rule) == 2  # the failure, then the retry


async def test_posts_get_persistent_500_surfaces_status_and_message(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts/*", method="GET", status=503, retry_after=0)
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": PARTIAL_EVENT})
    assert "503" in text
    assert "Injected fault" in text
    assert "try again" in text
    assert await sandbox.hits(rule) == 3  # max_retries=2: three attempts in all


def test_a_partly_published_summary_ends_each_failure_once() -> None:
    """The API's error text ends with a period of its own: the summary must not add a second one."""
    post = Post.model_validate(
        {
            "_id": "p1",
            "status": "partial",
            "platforms": [
                {"platform": "twitter", "status": "published", "platformPostUrl": "https://x.com/a/status/1"},
                {"platform": "facebook", "status": "failed", "errorMessage": "Token expired. "},
            ],
        }
    )
    summary = written(post, ZoneInfo("UTC"), retry="with posts_retry").summary
    assert (
        summary == "Partly published. Failed on facebook: Token expired. Fix the cause, then retry it with posts_retry."
    )
    assert ".." not in summary


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "Scheduled for twitter @a at Wed 2026-11-25 09:30 UTC."),  # once: UTC twice says nothing more
        ("Europe/London", "Scheduled for twitter @a at Wed 2026-11-25 09:30 GMT (09:30 UTC)."),
        ("America/New_York", "Scheduled for twitter @a at Wed 2026-11-25 04:30 EST (09:30 UTC)."),
    ],
)
def test_a_scheduled_time_is_shown_in_the_users_zone_and_in_utc_once(zone: str, shown: str) -> None:
    post = Post.model_validate(
        {
            "_id": "p1",
            "status": "scheduled",
            "scheduledFor": "2026-11-25T09:30:00Z",
            "platforms": [{"platform": "twitter", "status": "pending", "accountId": {"_id": "a1", "username": "a"}}],
        }
    )
    assert written(post, ZoneInfo(zone)).summary == shown
