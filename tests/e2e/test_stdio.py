"""The real console script over stdio, driven by the SDK's stdio client, against a real HTTP API."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp import Client, StdioServerParameters

from late_mcp.sandbox.runner import RunningSandbox

pytestmark = pytest.mark.e2e

TEE = str(Path(__file__).with_name("_tee.py"))
#: the 19 tools of the seed's "Social Media MCP" section
DOCUMENTED = {
    "accounts_list", "accounts_get", "profiles_list", "profiles_get", "profiles_create", "profiles_update",
    "profiles_delete", "posts_list", "posts_get", "posts_create", "posts_publish_now", "posts_cross_post",
    "posts_update", "posts_delete", "posts_retry", "posts_list_failed", "posts_retry_all_failed",
    "media_generate_upload_link", "media_check_upload_status",
}  # fmt: skip


def params(exe: str, copy: Path, *args: str, env: dict[str, str] | None = None) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=[TEE, str(copy), exe, *args], env=env or {})


def only_jsonrpc(copy: Path) -> list[dict[str, Any]]:
    """Every line the server wrote to stdout, parsed; fails on anything that is not a JSON-RPC message."""
    raw = copy.read_bytes()
    assert raw, "the server wrote nothing to stdout"
    messages = []
    for line in raw.decode("utf-8").splitlines():
        message = json.loads(line)
        assert message.get("jsonrpc") == "2.0", line
        messages.append(message)
    return messages


async def test_session_against_the_api_over_http(late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path) -> None:
    copy = tmp_path / "stdout.bin"
    env = {"LATE_API_KEY": sandbox.api_key, "LATE_BASE_URL": sandbox.base_url, "LATE_TIMEZONE": "America/New_York"}
    async with Client(params(late_mcp_exe, copy, env=env)) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        assert tools >= DOCUMENTED

        accounts = await client.call_tool("accounts_list", {})
        assert not accounts.is_error
        listed = accounts.structured_content or {}
        assert listed["count"] >= 8
        threads = next(a for a in listed["accounts"] if a["platform"] == "threads")

        draft = await client.call_tool(
            "posts_create", {"content": "e2e draft", "platform": "threads", "is_draft": True}
        )
        assert not draft.is_error, draft.content
        draft_id = (draft.structured_content or {})["post_id"]
        assert (draft.structured_content or {})["status"] == "draft"

        new_york = ZoneInfo("America/New_York")
        local = (datetime.now(new_york) + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
        expected = datetime.fromisoformat(local).replace(tzinfo=new_york)
        scheduled = await client.call_tool(
            "posts_create", {"content": "e2e scheduled", "platform": "threads", "scheduled_for": local}
        )
        assert not scheduled.is_error, scheduled.content
        result = scheduled.structured_content or {}
        assert result["status"] == "scheduled"
        assert datetime.fromisoformat(result["scheduled_for"]) == expected
        assert result["scheduled_for"].endswith(expected.strftime("%z")[:3] + ":" + expected.strftime("%z")[3:])
        assert datetime.fromisoformat(result["scheduled_for_utc"].replace("Z", "+00:00")) == expected
        assert result["platforms"][0]["account_id"] == threads["id"]

        updated = await client.call_tool("posts_update", {"post_id": draft_id, "content": "e2e draft, edited"})
        assert not updated.is_error, updated.content
        got = await client.call_tool("posts_get", {"post_id": draft_id})
        assert (got.structured_content or {})["content"] == "e2e draft, edited"

        deleted = await client.call_tool("posts_delete", {"post_id": draft_id})
        assert not deleted.is_error
        gone = await client.call_tool("posts_get", {"post_id": draft_id})
        assert gone.is_error
        assert "404" in gone.content[0].text

        ambiguous = await client.call_tool("posts_create", {"content": "hello", "platform": "twitter"})
        assert ambiguous.is_error
        assert "account_id" in ambiguous.content[0].text

    messages = only_jsonrpc(copy)
    assert "late-mcp" in json.dumps(messages[0]), messages[0]


async def test_without_a_key_the_server_starts_and_says_how_to_set_it(late_mcp_exe: str, tmp_path: Path) -> None:
    copy = tmp_path / "stdout.bin"
    async with Client(params(late_mcp_exe, copy, env={"LATE_BASE_URL": "http://127.0.0.1:9/api"})) as client:
        result = await client.call_tool("accounts_list", {})
        assert result.is_error
        text = result.content[0].text  # type: ignore[union-attr]
        assert "LATE_API_KEY" in text
        assert "--sandbox" in text
    only_jsonrpc(copy)


async def test_sandbox_flag_needs_no_key(late_mcp_exe: str, tmp_path: Path) -> None:
    copy = tmp_path / "stdout.bin"
    async with Client(params(late_mcp_exe, copy, "--sandbox", "--data-dir", str(tmp_path / "data"))) as client:
        result = await client.call_tool("accounts_get", {"platform": "twitter"})
        assert not result.is_error, result.content
        match = result.structured_content or {}
        assert match["ambiguous"] is True
        assert len(match["accounts"]) == 2
    only_jsonrpc(copy)
