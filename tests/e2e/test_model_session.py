"""A model's session over stdio against `late-mcp --sandbox`: the ten everyday requests, each result within its
byte goal (printed: run with -s), a toolset turned on in the running server, and the inputs models get wrong
(camelCase names, numbers as text, a zone abbreviation)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

from .test_stdio import only_jsonrpc, params

pytestmark = pytest.mark.e2e

#: the issue's goals: every result of the ten requests, and a post
RESULT_BYTES = 4096
POST_BYTES = 2048


def text(result: CallToolResult) -> str:
    return " ".join(b.text for b in result.content if isinstance(b, TextContent))


class Session:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.sizes: list[tuple[str, int]] = []

    async def call(self, label: str, tool: str, args: dict[str, Any], *, error: bool = False) -> CallToolResult:
        result = await self.client.call_tool(tool, args)
        assert result.is_error is error, (label, text(result))
        size = len(text(result).encode())
        self.sizes.append((label, size))
        assert size <= RESULT_BYTES, f"{label}: {size} B"
        return result

    async def ok(self, label: str, tool: str, args: dict[str, Any]) -> dict[str, Any]:
        result = await self.call(label, tool, args)
        assert result.structured_content is not None
        # the text copy is the same information, compact
        assert json.loads(text(result)) == result.structured_content
        return result.structured_content


async def test_ten_everyday_requests(late_mcp_exe: str, tmp_path: Path) -> None:
    copy = tmp_path / "stdout.bin"
    argv = ("--sandbox", "--data-dir", str(tmp_path / "data"))
    async with Client(params(late_mcp_exe, copy, *argv, env={"LATE_TIMEZONE": "Europe/Berlin"})) as client:
        s = Session(client)
        # 1. which accounts do I have
        accounts = (await s.ok("1 accounts", "accounts_list", {}))["accounts"]
        ids = {(a["platform"], a["username"]): a["id"] for a in accounts}
        work_x = ids[("twitter", "acmestudio")]

        # 2. post now on X, where two accounts are connected: never a guess, then the one the user names
        asked = await s.call(
            "2a post now, ambiguous", "posts_publish_now", {"content": "Hello", "platform": "x"}, error=True
        )
        assert work_x in text(asked)
        now = await s.ok(
            "2b post now", "posts_publish_now", {"content": "Hello from Acme", "platform": "x", "account_id": work_x}
        )
        assert now["status"] == "published"
        assert now["published_at"]
        assert now["platforms"][0]["url"].startswith("https://")

        # 3. tomorrow 9:00 in New York on two platforms
        new_york = ZoneInfo("America/New_York")
        tomorrow = (datetime.now(new_york) + timedelta(days=1)).strftime("%Y-%m-%dT09:00")
        planned = await s.ok(
            "3 schedule NY 9:00",
            "posts_cross_post",
            {
                "content": "Tomorrow at nine",
                "platforms": "threads,x",
                "account_ids": work_x,
                "scheduled_for": tomorrow,
                "timezone": "America/New_York",
            },
        )
        at = datetime.fromisoformat(planned["scheduled_for_utc"].replace("Z", "+00:00"))
        assert at == datetime.fromisoformat(tomorrow).replace(tzinfo=new_york)

        # 4. what is scheduled: soonest first, with the account per platform
        listed = await s.ok("4 list scheduled", "posts_list", {"status": "scheduled", "limit": "10"})
        times = [p["scheduled_for_utc"] for p in listed["posts"]]
        assert times == sorted(times)
        assert planned["post_id"] in {p["id"] for p in listed["posts"]}

        # 5. show me that one
        got = await s.ok("5 get one", "posts_get", {"post_id": planned["post_id"]})
        assert s.sizes[-1][1] <= POST_BYTES
        assert {p["username"] for p in got["platforms"]} == {"acme.studio", "acmestudio"}

        # 6. why did it fail, and retry
        failed = await s.ok("6a failed", "posts_list_failed", {})
        assert failed["posts"]
        retried = await s.ok("6b retry all", "posts_retry_all_failed", {})
        assert retried["found"] == retried["succeeded"] + retried["failed"] + len(retried.get("skipped") or [])
        if retried.get("skipped"):
            assert "reconnect" in retried["next_step"]

        # 7. a thread on Bluesky, items as plain text
        thread = await s.ok(
            "7 thread",
            "posts_create",
            {
                "content": "1/ Three things we learned",
                "platform": "bluesky",
                "account_id": ids[("bluesky", "acmestudio.bsky.social")],
                "options": {"threadItems": ["1/ Three things we learned", "2/ Ship small", "3/ Ask users"]},
                "publish_now": True,
            },
        )
        shown = await s.ok("7b get thread", "posts_get", {"post_id": thread["post_id"]})
        assert len(shown["platforms"][0]["thread"]) == 3
        assert s.sizes[-1][1] <= POST_BYTES

        # 8. an image in a format no platform takes
        heic = await s.call(
            "8 HEIC image",
            "posts_create",
            {"content": "Photo", "platform": "threads", "media_urls": "https://cdn.example/IMG_1.HEIC"},
            error=True,
        )
        assert "convert it to JPEG" in text(heic)

        # 9. move a post, delete a draft
        later = (datetime.now(new_york) + timedelta(days=3)).strftime("%Y-%m-%dT10:30")
        moved = await s.ok(
            "9a move",
            "posts_update",
            {"post_id": planned["post_id"], "scheduled_for": later, "timezone": "America/New_York"},
        )
        assert moved["scheduled_for_utc"]
        draft = await s.ok("9b draft", "posts_create", {"content": "Maybe", "platform": "threads", "is_draft": True})
        await s.ok("9c delete draft", "posts_delete", {"post_id": draft["post_id"]})

        # 10. how are my posts doing: the analytics toolset, turned on in this session
        before = {t.name for t in (await client.list_tools()).tools}
        assert "analytics_get" not in before
        await s.ok("10a toolsets on", "toolsets", {"enable": "analytics"})
        after = {t.name for t in (await client.list_tools()).tools}
        assert "analytics_get" in after
        await s.ok("10b performance", "analytics_get", {"kind": "posts", "sort_by": "engagement", "limit": "5"})

        # the inputs models get wrong
        camel = await s.call(
            "camelCase", "posts_create", {"content": "x", "platform": "threads", "scheduledFor": tomorrow}, error=True
        )
        assert "did you mean scheduled_for?" in text(camel)
        zone = await s.call(
            "zone abbreviation",
            "posts_create",
            {"content": "x", "platform": "threads", "scheduled_for": tomorrow, "timezone": "EST"},
            error=True,
        )
        assert "America/New_York" in text(zone)
    only_jsonrpc(copy)
    print("\nresult bytes (text copy):")
    for label, size in s.sizes:
        print(f"  {label:<22} {size:>6}")
