"""accounts_list and accounts_get through an MCP client against the sandbox; plus what every tool shares
(the documented tool list, the server's instructions, a missing key)."""

from __future__ import annotations

from typing import Any, Literal

import jsonschema
import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, ACCOUNTS, PROFILE_MAIN, PROFILE_PERSONAL, oid
from late_mcp.tools._args import PLATFORMS

from ..conftest import Sandbox, annotations_of, schema_validator, tools
from .conftest import DOCUMENTED_TOOLS, Router, make_server

READ = {"read_only_hint": True, "open_world_hint": True}


async def test_every_documented_tool_is_listed_with_schemas(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        missing = [name for name in DOCUMENTED_TOOLS if name not in t.listed]
        assert missing == []
        for name in DOCUMENTED_TOOLS:
            tool = t.listed[name]
            assert tool.description, f"{name} has no description"
            assert tool.output_schema is not None, name
            assert tool.output_schema.get("type") == "object", name
            assert tool.annotations is not None, name
            assert tool.annotations.open_world_hint is True, name


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_instructions_teach_the_workflow_in_both_eras(
    server: MCPServer[Any], mode: Literal["auto", "legacy"]
) -> None:
    async with tools(server, mode=mode) as t:
        instructions = t.client.instructions
        era = t.client.protocol_version
    assert (era < "2026") is (mode == "legacy"), era  # legacy: the initialize handshake; auto: the 2026 protocol
    assert instructions is not None
    assert "accounts_list" in instructions
    assert "Never guess an account" in instructions
    assert "Europe/Berlin" in instructions


# --- accounts_list ------------------------------------------------------------------------------------------


async def test_accounts_list_annotations(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        assert annotations_of(t, "accounts_list") == {"title": "List accounts", **READ}
        assert annotations_of(t, "accounts_get") == {"title": "Get account by platform", **READ}


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_accounts_list_shows_every_connected_account(
    server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    api = (await sandbox.api("GET", "accounts")).json()["accounts"]
    async with tools(server, mode=mode) as t:
        out = await t.ok("accounts_list")
    assert out["count"] == len(api) == len(ACCOUNTS)
    shown = {a["id"]: a for a in out["accounts"]}
    # The seeded Facebook page's token expired: health says so, and the list shows it.
    broken = [a["id"] for a in out["accounts"] if a.get("needs_reconnect")]
    assert broken == [ACCOUNT_IDS["facebook"]]
    assert "reconnect" in out["note"]
    assert set(shown) == set(ACCOUNT_IDS.values())
    for raw in api:
        account = shown[raw["_id"]]
        assert account["platform"] == raw["platform"]
        assert account["username"] == raw["username"]
        assert account["display_name"] == raw["displayName"]
        assert account["profile_id"] == raw["profileId"]["_id"]
        assert account["profile_name"] == raw["profileId"]["name"]
        assert account["active"] is raw["isActive"]
    assert shown[ACCOUNT_IDS["twitter_personal"]]["profile_name"] == "Jane Doe (personal)"


async def test_accounts_list_shows_a_disconnected_account_as_inactive(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.control(f"accounts/{ACCOUNT_IDS['tiktok']}", {"isActive": False})
    async with tools(server) as t:
        out = await t.ok("accounts_list")
    active = {a["id"]: a["active"] for a in out["accounts"]}
    assert active[ACCOUNT_IDS["tiktok"]] is False
    assert active[ACCOUNT_IDS["youtube"]] is True


async def test_accounts_list_with_no_accounts_says_how_to_connect(server: MCPServer[Any], sandbox: Sandbox) -> None:
    for account_id in ACCOUNT_IDS.values():
        assert (await sandbox.api("DELETE", f"accounts/{account_id}")).status_code == 200
    async with tools(server) as t:
        out = await t.ok("accounts_list")
    assert out["count"] == 0
    assert out["accounts"] == []
    assert "getlate.dev" in out["note"]


# --- accounts_get -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["auto", "legacy"])
@pytest.mark.parametrize(("platform", "key"), [("threads", "threads"), ("YouTube", "youtube"), ("ig", "instagram")])
async def test_accounts_get_unique_platform_gives_one_account(
    server: MCPServer[Any], platform: str, key: str, mode: Literal["auto", "legacy"]
) -> None:
    async with tools(server, mode=mode) as t:
        out = await t.ok("accounts_get", {"platform": platform})
    assert out["platform"] == ACCOUNTS[key][1]
    assert out["ambiguous"] is False
    assert [a["id"] for a in out["accounts"]] == [ACCOUNT_IDS[key]]
    assert out["accounts"][0]["username"] == ACCOUNTS[key][2]
    assert out.get("note") is None


@pytest.mark.parametrize("platform", ["twitter", "x"])
async def test_accounts_get_twitter_returns_both_accounts_marked_ambiguous(
    server: MCPServer[Any], platform: str
) -> None:
    async with tools(server) as t:
        out = await t.ok("accounts_get", {"platform": platform})
    assert out["platform"] == "twitter"
    assert out["ambiguous"] is True
    assert {a["id"] for a in out["accounts"]} == {ACCOUNT_IDS["twitter"], ACCOUNT_IDS["twitter_personal"]}
    assert {a["profile_id"] for a in out["accounts"]} == {PROFILE_MAIN, PROFILE_PERSONAL}
    assert "ask the user" in out["note"]
    assert "account_id" in out["note"]


async def test_accounts_get_unknown_platform_lists_the_valid_names(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        text = await t.error("accounts_get", {"platform": "myspace"})
    assert "myspace" in text
    for name in PLATFORMS:
        assert name in text


async def test_accounts_get_platform_without_account_names_the_connected_ones(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("accounts_get", {"platform": "reddit"})
    assert "No reddit account is connected" in text
    assert "twitter" in text
    assert "linkedin" in text


async def test_accounts_get_missing_argument_names_the_field(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("accounts_get", {})
    assert "platform" in text


# --- errors shared by every tool ----------------------------------------------------------------------------

#: the smallest valid arguments for each documented tool (nothing here fails a local check)
MINIMAL_ARGS: dict[str, dict[str, Any]] = {
    "accounts_list": {},
    "accounts_get": {"platform": "threads"},
    "profiles_list": {},
    "profiles_get": {"profile_id": PROFILE_MAIN},
    "profiles_create": {"name": "Side project"},
    "profiles_update": {"profile_id": PROFILE_MAIN, "name": "Renamed"},
    "profiles_delete": {"profile_id": PROFILE_PERSONAL},
    "posts_list": {},
    "posts_get": {"post_id": "0123456789abcdef01234567"},
    "posts_create": {"content": "Hello", "platform": "threads"},
    "posts_publish_now": {"content": "Hello", "platform": "threads"},
    "posts_cross_post": {"content": "Hello", "platforms": "threads"},
    "posts_update": {"post_id": "0123456789abcdef01234567", "content": "Hello again"},
    "posts_delete": {"post_id": "0123456789abcdef01234567"},
    "posts_retry": {"post_id": "0123456789abcdef01234567"},
    "posts_list_failed": {},
    "posts_retry_all_failed": {},
    "media_generate_upload_link": {},
    "media_check_upload_status": {"token": "0123456789abcdef"},
}


def test_minimal_args_cover_the_documented_tools() -> None:
    assert sorted(MINIMAL_ARGS) == sorted(DOCUMENTED_TOOLS)


@pytest.fixture(scope="module")
def keyless(router: Router) -> MCPServer[Any]:
    """A server started without LATE_API_KEY, on the same network as the shared one."""
    return make_server(router, api_key=None)


@pytest.mark.parametrize("name", DOCUMENTED_TOOLS)
async def test_without_a_key_the_tool_says_how_to_set_it(
    name: str, keyless: MCPServer[Any], server: MCPServer[Any], sandbox: Sandbox
) -> None:
    watch = await sandbox.watch()  # `server` routed the shared transport to this sandbox
    async with tools(keyless) as t:
        text = await t.error(name, MINIMAL_ARGS[name])
    assert "No Late API key" in text
    assert "LATE_API_KEY" in text
    assert "getlate.dev" in text
    assert await sandbox.hits(watch) == 0


async def test_a_wrong_key_is_reported_as_401_with_the_next_step(app: Starlette) -> None:
    wrong = "sk_" + "0" * 64
    server = make_server(app, api_key=wrong)
    async with tools(server) as t:
        text = await t.error("accounts_list")
    assert "401" in text
    assert "Unauthorized" in text
    assert "LATE_API_KEY" in text
    assert wrong not in text  # never echo a key


# --- output schemas -----------------------------------------------------------------------------------------


async def test_every_tools_result_validates_against_its_output_schema(server: MCPServer[Any]) -> None:
    """One successful call per documented tool; `Tools.call` validates each result, formats included."""
    async with tools(server) as t:
        await t.ok("accounts_list")
        await t.ok("accounts_get", {"platform": "twitter"})
        await t.ok("profiles_list")
        await t.ok("profiles_get", {"profile_id": PROFILE_MAIN})
        profile = await t.ok("profiles_create", {"name": "Schema check", "color": "#abcdef"})
        await t.ok("profiles_update", {"profile_id": profile["id"], "description": "checked"})
        await t.ok("profiles_delete", {"profile_id": profile["id"]})
        await t.ok("posts_list", {"limit": 5})
        await t.ok("posts_get", {"post_id": oid("post:scheduled-pin")})
        draft = await t.ok("posts_create", {"content": "Schema draft", "platform": "threads", "is_draft": True})
        await t.ok("posts_update", {"post_id": draft["post_id"], "content": "Schema draft, edited"})
        await t.ok("posts_delete", {"post_id": draft["post_id"]})
        await t.ok("posts_publish_now", {"content": "Schema now", "platform": "threads"})
        await t.ok("posts_cross_post", {"content": "Schema cross", "platforms": "threads,linkedin",
                                        "profile_id": PROFILE_MAIN})  # fmt: skip
        await t.ok("posts_retry", {"post_id": oid("post:failed-ratelimit")})
        await t.ok("posts_list_failed")
        await t.ok("posts_retry_all_failed")
        link = await t.ok("media_generate_upload_link")
        await t.ok("media_check_upload_status", {"token": link["token"]})
    assert t.validated >= set(DOCUMENTED_TOOLS)


async def test_the_schema_check_rejects_a_naive_datetime(server: MCPServer[Any]) -> None:
    """The validator really checks `date-time` (rfc3339-validator present), so aware times above mean something."""
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": oid("post:scheduled-pin")})
        schema = t.listed["posts_get"].output_schema
    assert schema is not None
    validator = schema_validator(schema)
    validator.validate(out)
    naive = {**out, "scheduled_for": out["scheduled_for"][:19]}
    with pytest.raises(jsonschema.ValidationError, match="date-time"):
        validator.validate(naive)
