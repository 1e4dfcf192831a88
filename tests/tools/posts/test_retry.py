"""posts_retry, posts_list_failed and posts_retry_all_failed: failed posts found, retried, and reported."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ...conftest import Sandbox, tools
from ..conftest import make_server
from ._seeded import FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT, PUBLISHED_PHOTO, SCHEDULED_WEBINAR

# --- posts_retry, posts_list_failed, posts_retry_all_failed -------------------------------------------------


async def test_retry_a_failed_post_publishes_it(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_retry", {"post_id": FAILED_RATELIMIT})
    stored = await sandbox.post(FAILED_RATELIMIT)
    assert stored is not None
    assert stored["status"] == "published"
    assert out["status"] == "published"
    assert out["platforms"][0]["url"] == stored["platforms"][0]["platformPostUrl"]
    assert out["platforms"][0]["url"] in out["summary"]


@pytest.mark.parametrize("post_id", [PUBLISHED_PHOTO, SCHEDULED_WEBINAR])
@pytest.mark.parametrize("confirm", ["off", "live"])
async def test_retry_a_post_that_is_neither_failed_nor_partial_is_refused_before_sending(
    sandbox: Sandbox, app: Starlette, post_id: str, confirm: str
) -> None:
    """With no question asked (confirm off, or a host that cannot ask) the tool itself refuses: the API would
    answer 400, and nothing is sent."""
    before = await sandbox.post(post_id)
    assert before is not None
    retries = await sandbox.watch("/api/v1/posts/*/retry", method="POST")
    async with tools(make_server(app, confirm=confirm)) as t:
        text = await t.error("posts_retry", {"post_id": post_id})
    assert f"is {before['status']}: only a failed or partly failed post can be retried" in text
    assert "Nothing was sent" in text
    assert await sandbox.hits(retries) == 0
    assert await sandbox.post(post_id) == before


async def test_retry_to_an_account_still_to_reconnect_is_refused_before_sending(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """It would only fail again (posts_retry_all_failed skips such posts): refused, naming the account and the fix."""
    retries = await sandbox.watch("/api/v1/posts/*/retry", method="POST")
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_FACEBOOK})
    assert "facebook @AcmeStudioHQ" in text
    assert "reconnect it in the Late dashboard" in text
    assert "posts_retry again" in text
    assert "Nothing was sent" in text
    assert await sandbox.hits(retries) == 0
    stored = await sandbox.post(FAILED_FACEBOOK)
    assert stored is not None
    assert stored["status"] == "failed"


async def test_retry_after_reconnecting_the_account(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    async with tools(server) as t:
        out = await t.ok("posts_retry", {"post_id": PARTIAL_EVENT})
    assert out["status"] == "published"
    assert all(p["status"] == "published" and p["url"] for p in out["platforms"])


async def test_list_failed_shows_failed_and_partial_posts(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list_failed")
        one = await t.ok("posts_list_failed", {"limit": 1})
    assert out["total"] == out["returned"] == 3
    assert {p["id"] for p in out["posts"]} == {FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT}
    assert {p["status"] for p in out["posts"]} == {"failed", "partial"}
    assert out.get("more") is None
    assert one["returned"] == 1
    assert one["total"] == 3
    assert "2 more" in one["more"]
    assert "limit" in one["more"]


async def test_list_failed_reports_an_api_error(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.fault(path="/api/v1/posts", method="GET", status=500, retry_after=0)
    async with tools(server) as t:
        text = await t.error("posts_list_failed")
    assert "500" in text
    assert "Injected fault" in text


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_retry_all_failed_retries_every_failed_post_with_progress(
    server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async with tools(server, mode=mode) as t:
        out = await t.ok("posts_retry_all_failed", progress_callback=on_progress)
        after = await t.ok("posts_list_failed")
    assert out["found"] == 3
    assert out["succeeded"] == 3
    assert out["failed"] == 0
    assert {r["post_id"] for r in out["results"]} == {FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT}
    assert all(r["ok"] is True and r["status"] == "published" for r in out["results"])
    for post_id in (FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT):
        stored = await sandbox.post(post_id)
        assert stored is not None
        assert stored["status"] == "published"
    assert after["total"] == 0
    assert [(done, total) for done, total, _ in progress] == [(1, 3), (2, 3), (3, 3)]
    assert progress[-1][2] == "retried 3 of 3"


async def test_retry_all_failed_skips_posts_whose_account_needs_reconnecting(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The Facebook page's token has expired: its failed post, and the open day whose only failure is on Facebook,
    would fail again. They are listed with the fix instead; the rate-limited one is retried."""
    before = {pid: await sandbox.post(pid) for pid in (FAILED_FACEBOOK, PARTIAL_EVENT)}
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    assert (out["found"], out["succeeded"], out["failed"]) == (3, 1, 0)
    [retried] = out["results"]
    assert retried["post_id"] == FAILED_RATELIMIT
    assert retried["ok"] is True
    assert retried["published_at"]
    assert {s["post_id"]: s["accounts"] for s in out["skipped"]} == {
        FAILED_FACEBOOK: ["facebook @AcmeStudioHQ"],
        PARTIAL_EVENT: ["facebook @AcmeStudioHQ"],
    }
    assert "reconnect facebook @AcmeStudioHQ in the Late dashboard" in out["next_step"]
    assert "posts_retry_all_failed again" in out["next_step"]
    for pid, stored in before.items():
        assert await sandbox.post(pid) == stored, "a skipped post is not retried"


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({}, "in the Late dashboard or with a link from the connect toolset (the toolsets tool turns it on), then"),
        ({"toolsets": ("all",)}, "in the Late dashboard or with a link from connect_start, then"),
        ({"exclude_tools": ("connect_start",)}, "in the Late dashboard, then"),
        ({"dynamic_toolsets": False}, "in the Late dashboard, then"),
    ],
)
async def test_retry_all_failed_names_only_a_reconnect_this_server_offers(
    app: Starlette, settings: dict[str, Any], said: str
) -> None:
    async with tools(make_server(app, confirm="off", **settings)) as t:
        out = await t.ok("posts_retry_all_failed")
    assert f"reconnect facebook @AcmeStudioHQ {said} call posts_retry_all_failed again" in out["next_step"]


async def test_retry_all_failed_reports_each_posts_outcome(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """An account that fails without needing reconnecting (the API says so only when publishing) is retried and
    its failure reported."""
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    await sandbox.fault(path=f"/api/v1/posts/{PARTIAL_EVENT}/retry", method="POST", status=500)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    results = {r["post_id"]: r for r in out["results"]}
    assert (out["found"], out["succeeded"], out["failed"]) == (3, 2, 1)
    assert results[FAILED_RATELIMIT]["ok"] is True
    assert results[FAILED_FACEBOOK]["ok"] is True
    assert results[PARTIAL_EVENT]["ok"] is False
    assert "skipped" not in out


async def test_retry_all_failed_reports_an_api_error_per_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.fault(path=f"/api/v1/posts/{FAILED_RATELIMIT}/retry", method="POST", status=500)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    results = {r["post_id"]: r for r in out["results"]}
    assert results[FAILED_RATELIMIT]["ok"] is False
    assert results[FAILED_RATELIMIT]["error"].startswith("500:")
    assert out["found"] == 3


async def test_retry_all_failed_with_nothing_failed(server: MCPServer[Any], sandbox: Sandbox) -> None:
    for post_id in (FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT):
        await sandbox.api("PUT", f"posts/{post_id}", json={"isDraft": True})
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    assert out == {"found": 0, "succeeded": 0, "failed": 0, "results": []}  # nothing skipped, nothing to do
