"""Resources and prompts through an MCP client, in both protocol eras, against the sandbox."""

from __future__ import annotations

import json
from typing import Any, Literal

import httpx
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import InputRequiredResult, TextResourceContents

from late_mcp.config import Settings
from late_mcp.rules import PLATFORMS, describe
from late_mcp.sandbox.seed import oid
from late_mcp.server import build_server

from ..conftest import API_KEY, BASE_URL, Sandbox

Mode = Literal["auto", "legacy"]
MODES: list[Mode] = ["auto", "legacy"]


async def read(client: Client, uri: str) -> TextResourceContents:
    result = await client.read_resource(uri)
    [content] = result.contents
    assert isinstance(content, TextResourceContents)
    return content


@pytest.mark.parametrize("mode", MODES)
async def test_fixed_resources_use_the_servers_client(
    server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    watch = await sandbox.watch("/api/v1/*")
    async with Client(server, mode=mode) as client:
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        assert {"late://accounts", "late://profiles", "late://usage", "late://rules"} <= listed
        templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
        assert {"late://posts/{post_id}", "late://rules/{platform}"} <= templates

        accounts = await read(client, "late://accounts")
        assert accounts.mime_type == "application/json"
        body = json.loads(accounts.text)
        assert body["count"] == len(sandbox.store.all("accounts"))
        profiles = json.loads((await read(client, "late://profiles")).text)
        assert {p["name"] for p in profiles["profiles"]} == {"Acme Studio", "Jane Doe (personal)"}
        usage = json.loads((await read(client, "late://usage")).text)
        assert usage["plan"] == "Basic"
    # accounts (list + health, as accounts_list does), profiles, usage
    assert await sandbox.hits(watch) == 4


async def test_post_and_rules_templates(server: MCPServer[Any]) -> None:
    launch = oid("post:published-launch")
    async with Client(server) as client:
        post = json.loads((await read(client, f"late://posts/{launch}")).text)
        assert post["id"] == launch
        assert post["status"] == "published"
        assert {p["platform"] for p in post["platforms"]} == {"twitter", "bluesky", "threads"}
        assert post["scheduled_for"].endswith(("+01:00", "+02:00"))  # the user's zone

        rules = await read(client, "late://rules/x")  # aliases work
        assert rules.mime_type == "text/plain"
        assert rules.text == describe("twitter")
        everything = (await read(client, "late://rules")).text
        assert all(describe(p) in everything for p in PLATFORMS)

        with pytest.raises(MCPError, match="Unknown platform"):
            await client.read_resource("late://rules/myspace")
        with pytest.raises(MCPError, match="404"):
            await client.read_resource("late://posts/ffffffffffffffffffffffff")
        with pytest.raises(MCPError, match=r"Unknown resource|not a valid id"):  # refused either way
            await client.read_resource("late://posts/..%2Fx")


async def test_fixed_resource_without_the_hook_falls_back_to_its_own_client(sandbox: Sandbox) -> None:
    """Reading through MCPServer.read_resource (no request, so no middleware) still works."""
    settings = Settings(api_key=API_KEY, base_url=BASE_URL, timezone="Europe/Berlin")
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox.app))
    read = await server.read_resource("late://usage")
    assert not isinstance(read, InputRequiredResult)
    [content] = list(read)
    assert json.loads(str(content.content))["plan"] == "Basic"


async def test_prompts(server: MCPServer[Any]) -> None:
    async with Client(server) as client:
        prompts = {p.name: p for p in (await client.list_prompts()).prompts}
        assert set(prompts) == {"plan_week", "blog_to_posts", "fix_failed_posts", "weekly_report"}
        assert {a.name for a in prompts["plan_week"].arguments or []} == {"brief", "platforms", "start"}
        assert [a.name for a in prompts["blog_to_posts"].arguments or [] if a.required] == ["url"]

        week = await client.get_prompt("plan_week", {"brief": "Launch of Acme 3.0 on Tuesday", "platforms": "x"})
        text = week.messages[0].content.text  # type: ignore[union-attr]
        assert "Launch of Acme 3.0 on Tuesday" in text
        for tool in ("now", "accounts_list", "posts_validate", "posts_create", "late://rules/"):
            assert tool in text
        blog = await client.get_prompt("blog_to_posts", {"url": "https://acme.example/blog/v3", "when": "now"})
        assert "https://acme.example/blog/v3" in blog.messages[0].content.text  # type: ignore[union-attr]
        fix = await client.get_prompt("fix_failed_posts", {})
        assert "posts_list_failed" in fix.messages[0].content.text  # type: ignore[union-attr]
        report = await client.get_prompt("weekly_report", {"profile_id": "p1"})
        text = report.messages[0].content.text  # type: ignore[union-attr]
        assert "analytics_get" not in text  # not offered by default: the prompt says how to turn it on
        assert "the analytics toolset" in text
        assert "toolsets tool" in text
