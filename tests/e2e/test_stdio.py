"""The real console script over stdio, driven by the SDK's stdio client, against a real HTTP API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
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
    # No write journal in the user's data directory from a test (LATE_JOURNAL=off unless a test gives one).
    env = {"LATE_JOURNAL": "off", **(env or {})}
    return StdioServerParameters(command=sys.executable, args=[TEE, str(copy), exe, *args], env=env)


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


@pytest.fixture
def sandbox_process(late_mcp_exe: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`late-mcp sandbox` as its own process on a free loopback port: (base URL, demo key) from its stderr."""
    proc = subprocess.Popen(
        [late_mcp_exe, "sandbox", "--port", "0", "--data-dir", str(tmp_path / "sandbox")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        seen: list[str] = []
        base = key = ""
        deadline = time.monotonic() + 30
        while not (base and key) and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            if found := re.search(r"running at (http://127\.0\.0\.1:\d+/api)", line):
                base = found.group(1)
            if found := re.search(r"demo API key:\s+(sk_[0-9a-f]{64})", line):
                key = found.group(1)
        assert base, f"the sandbox did not say where it runs: {''.join(seen)}"
        assert key, f"the sandbox did not print its demo key: {''.join(seen)}"
        yield base, key
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
        assert out == "", "late-mcp sandbox wrote to stdout"


async def test_a_whole_session_against_late_mcp_sandbox(
    late_mcp_exe: str, sandbox_process: tuple[str, str], tmp_path: Path
) -> None:
    """The README's second way to run: `late-mcp sandbox` in one process, `late-mcp` pointed at it."""
    base, key = sandbox_process
    root = base.removesuffix("/api")
    copy = tmp_path / "stdout.bin"
    # core plus the queue toolset, which holds posts_bulk_upload
    env = {"LATE_API_KEY": key, "LATE_BASE_URL": base, "LATE_TIMEZONE": "Europe/Berlin", "LATE_TOOLSETS": "core,queue"}
    async with Client(params(late_mcp_exe, copy, env=env)) as client:

        async def ok(tool: str, args: dict[str, Any]) -> dict[str, Any]:
            result = await client.call_tool(tool, args)
            assert not result.is_error, (tool, result.content)
            return result.structured_content or {}

        accounts = (await ok("accounts_list", {}))["accounts"]
        by_platform = {a["platform"]: a["id"] for a in accounts}

        draft = await ok("posts_create", {"content": "session draft", "platform": "threads", "is_draft": True})
        assert draft["status"] == "draft"
        soon = await ok(
            "posts_create",
            {
                "content": "session soon",
                "platform": "instagram",
                "media_urls": "https://cdn.example.com/p.jpg",
                "schedule_minutes": 5,
            },
        )
        assert soon["status"] == "scheduled"
        now = await ok("posts_publish_now", {"content": "session now", "platform": "threads"})
        assert now["status"] == "published"
        assert now["platforms"][0]["url"].startswith("https://")
        cross = await ok(
            "posts_cross_post",
            {
                "content": "session cross",
                "platforms": "twitter,youtube,threads",
                "account_ids": by_platform["twitter"],
                "is_draft": True,
                "media_urls": "https://cdn.example.com/v.mp4",
                "title": "Clip",
            },
        )
        assert sorted(p["platform"] for p in cross["platforms"]) == ["threads", "twitter", "youtube"]

        when = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=3)).strftime("%Y-%m-%dT10:30")
        updated = await ok("posts_update", {"post_id": draft["post_id"], "scheduled_for": when})
        assert updated["status"] == "scheduled"
        assert updated["scheduled_for"].startswith(when)

        # The publish clock: ten minutes later the 5-minute post is out, with its URL.
        async with httpx.AsyncClient(base_url=root) as raw:
            assert (await raw.post("/_sandbox/clock", json={"advance": 600})).status_code == 200
        published = await ok("posts_get", {"post_id": soon["post_id"]})
        assert published["status"] == "published"
        assert published["platforms"][0]["url"]

        failed = (await ok("posts_list_failed", {}))["posts"]
        # The seeded X post failed on a rate limit, which has passed: a retry publishes it.
        twitter_failure = next(p for p in failed if p["platforms"] == ["twitter @acmestudio"])
        retried = await ok("posts_retry", {"post_id": twitter_failure["id"]})
        assert retried["status"] == "published"
        # The seeded Facebook page's token expired: a retry would only fail again, so it is refused unsent.
        facebook_failure = next(p for p in failed if p["platforms"] == ["facebook @AcmeStudioHQ"])
        again = await client.call_tool("posts_retry", {"post_id": facebook_failure["id"]})
        assert again.is_error
        assert "must be reconnected first" in again.content[0].text  # type: ignore[union-attr]
        assert "Nothing was sent" in again.content[0].text  # type: ignore[union-attr]

        deleted = await ok("posts_delete", {"post_id": cross["post_id"]})
        assert deleted["deleted"] is True

        # A bulk CSV in the API's columns: checked first (nothing created), then created row by row.
        profile = (await ok("profiles_list", {}))["profiles"][0]["id"]
        csv = (
            "platforms,profiles,schedule_time,tz,post_content\n"
            f"threads,{profile},{when},Europe/Berlin,session bulk one\n"
            f"bluesky,{profile},,,session bulk two (no schedule)\n"
        )
        dry = await ok("posts_bulk_upload", {"csv": csv})
        assert (dry["rows"], dry["valid"], dry["invalid"], dry["created_ids"]) == (2, 1, 1, [])
        assert [p["row"] for p in dry["problems"]] == [2]
        assert dry["problems"][0]["errors"][0].endswith("(schedule_time_missing).")
        real = await ok("posts_bulk_upload", {"csv": csv, "dry_run": False})
        [bulk_id] = real["created_ids"]
        assert (await ok("posts_get", {"post_id": bulk_id}))["status"] == "scheduled"

        link = await ok("media_generate_upload_link", {})
        async with httpx.AsyncClient() as raw:
            png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
            sent = await raw.post(
                f"{link['upload_url']}/files",
                params={"filename": "a.png"},
                content=png,
                headers={"Content-Type": "image/png"},
            )
            assert sent.status_code == 201, sent.text
            assert (await raw.post(f"{link['upload_url']}/complete")).status_code == 200
        status = await ok("media_check_upload_status", {"token": link["token"]})
        assert status["status"] == "completed"
        assert status["files"][0]["type"] == "image"
    only_jsonrpc(copy)
