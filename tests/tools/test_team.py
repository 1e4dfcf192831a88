"""The team toolset through an MCP client against the sandbox: users, member and platform invites, revoking,
and API keys listed only (never created or deleted, by any tool or client method)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.client import LateClient, operations
from late_mcp.sandbox.seed import PROFILE_PERSONAL

from ..conftest import API_KEY, Sandbox, annotations_of, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def test_users(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        team = await t.ok("team_users_list")
        assert team["count"] == 2
        owner = next(u for u in team["users"] if u["owner"])
        assert owner["id"] == team["current_user_id"] == sandbox.store.meta_get("user_id")
        assert "profiles" not in owner  # UserModel has no profile list: nothing is made up
        assert "cannot_use" not in owner  # an owner has every resource group
        editor = next(u for u in team["users"] if not u["owner"])
        assert editor["cannot_use"] == ["billing", "ads"]  # disabledResourceGroups, the contract's restriction
        one = await t.ok("team_users_list", {"user_id": editor["id"]})
        assert one["users"] == [editor]
        assert "404" in await t.error("team_users_list", {"user_id": "ffffffffffffffffffffffff"})


async def test_member_and_platform_invites(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        everyone = await t.ok("team_invite")
        assert everyone["invite"]["kind"] == "member"
        assert everyone["invite"]["scope"] == "all"
        assert everyone["invite"]["url"].startswith("http")
        limited = await t.ok("team_invite", {"profile_ids": PROFILE_PERSONAL})
        assert limited["invite"]["scope"] == "profiles"
        assert "403" in await t.error("team_invite", {"profile_ids": "ffffffffffffffffffffffff"})

        connect = await t.ok("team_invite", {"kind": "platform", "platform": "ig"})
        invite = connect["invite"]
        assert invite["platform"] == "instagram"
        assert invite["profile"] == "Acme Studio"
        assert "needs platform" in await t.error("team_invite", {"kind": "platform"})

        listed = await t.ok("team_invites_list")
        assert [i["id"] for i in listed["invites"]] == [invite["id"]]
        assert (await t.ok("team_invites_list", {"profile_id": PROFILE_PERSONAL}))["count"] == 0

        await t.ok("team_invite_revoke", {"invite_id": invite["id"]})
        assert sandbox.store.all("platform_invites") == []
        assert "cannot be deleted" in await t.error("team_invite_revoke", {"invite_id": invite["id"]})
        assert annotations_of(t, "team_invite_revoke")["destructive_hint"] is True


async def test_api_keys_are_listed_never_shown_created_or_deleted(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        keys = await t.ok("team_api_keys_list")
        result = await t.call("team_api_keys_list")
        assert annotations_of(t, "team_api_keys_list")["read_only_hint"] is True
        names = set(t.listed)
    assert keys["count"] == 2  # the demo key and a read-only one limited to a profile
    for key in keys["keys"]:
        assert key["preview"].startswith("sk_")
        assert "..." in key["preview"]
    assert API_KEY not in str(result.content)
    assert API_KEY not in str(result.structured_content)
    assert "dashboard" in keys["note"]
    assert not any("key" in name and name != "team_api_keys_list" for name in names)
    ops = {op.key for op in operations()}
    assert "GET /v1/api-keys" in ops
    assert not {"POST /v1/api-keys", "DELETE /v1/api-keys/{keyId}"} & ops
    assert not [n for n in dir(LateClient(api_key="k").team) if "key" in n and n != "api_keys"]
