"""Against the real Late API: opt-in (`-m live` with LATE_API_KEY), drafts only, always cleaned up."""

from __future__ import annotations

import os
import uuid

import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.server import build_server

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not os.environ.get("LATE_API_KEY"), reason="live test needs LATE_API_KEY"),
]


async def test_draft_round_trip_on_the_real_api() -> None:
    server = build_server(Settings.from_env())
    async with Client(server) as client:
        accounts = await client.call_tool("accounts_list", {})
        assert not accounts.is_error, accounts.content
        listed = accounts.structured_content or {}
        active = [a for a in listed["accounts"] if a["active"]]
        if not active:
            pytest.skip("the live account has no active social account to draft for")
        text = f"late-mcp live test draft {uuid.uuid4().hex[:8]} (safe to delete)"
        created = await client.call_tool(
            "posts_create",
            {"content": text, "platform": active[0]["platform"], "account_id": active[0]["id"], "is_draft": True},
        )
        assert not created.is_error, created.content
        post_id = (created.structured_content or {})["post_id"]
        try:
            got = await client.call_tool("posts_get", {"post_id": post_id})
            assert (got.structured_content or {})["status"] == "draft"
            assert (got.structured_content or {})["content"] == text
        finally:
            deleted = await client.call_tool("posts_delete", {"post_id": post_id})
            assert not deleted.is_error, deleted.content
