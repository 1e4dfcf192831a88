"""profiles_* through an MCP client against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox, annotations_of, tools

UNKNOWN_ID = "0123456789abcdef01234567"


async def test_profiles_annotations(server: MCPServer[Any]) -> None:
    write = {"read_only_hint": False, "open_world_hint": True}
    async with tools(server) as t:
        assert annotations_of(t, "profiles_list") == {
            "title": "List profiles",
            "read_only_hint": True,
            "open_world_hint": True,
        }
        assert annotations_of(t, "profiles_get") == {
            "title": "Get profile",
            "read_only_hint": True,
            "open_world_hint": True,
        }
        assert annotations_of(t, "profiles_create") == {
            "title": "Create profile",
            **write,
            "destructive_hint": False,
            "idempotent_hint": False,
        }
        assert annotations_of(t, "profiles_update") == {
            "title": "Update profile",
            **write,
            "destructive_hint": True,
            "idempotent_hint": True,
        }
        assert annotations_of(t, "profiles_delete") == {
            "title": "Delete profile",
            **write,
            "destructive_hint": True,
            "idempotent_hint": True,
        }


# --- profiles_list / profiles_get ---------------------------------------------------------------------------


async def test_profiles_list_matches_the_workspace(server: MCPServer[Any], sandbox: Sandbox) -> None:
    api = (await sandbox.api("GET", "profiles")).json()["profiles"]
    async with tools(server) as t:
        out = await t.ok("profiles_list")
    assert out["count"] == 2
    assert [(p["id"], p["name"], p["is_default"]) for p in out["profiles"]] == [
        (p["_id"], p["name"], p["isDefault"]) for p in api
    ]
    assert {p["id"]: p["is_default"] for p in out["profiles"]} == {PROFILE_MAIN: True, PROFILE_PERSONAL: False}


async def test_profiles_get_returns_the_profile(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("profiles_get", {"profile_id": PROFILE_PERSONAL})
    assert out == {
        "id": PROFILE_PERSONAL,
        "name": "Jane Doe (personal)",
        "description": "Founder's own accounts",
        "color": "#f59e0b",
        "is_default": False,
    }


async def test_profiles_get_unknown_id_is_a_404_with_the_next_step(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("profiles_get", {"profile_id": UNKNOWN_ID})
    assert "404" in text
    assert "Not found" in text
    assert "list" in text  # the next step: list to get valid ids


@pytest.mark.parametrize("bad", ["../accounts", "a b", ""])
async def test_profiles_get_malformed_id_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, bad: str
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("profiles_get", {"profile_id": bad})
    assert "profile_id" in text
    assert "profiles_list" in text
    assert await sandbox.hits(watch) == 0


# --- profiles_create ----------------------------------------------------------------------------------------


async def test_profiles_create_makes_the_profile(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok(
            "profiles_create", {"name": "  Client: Bakery  ", "description": "Corner bakery", "color": "#4CAF50"}
        )
    stored = await sandbox.profile(out["id"])
    assert stored is not None
    assert stored["name"] == "Client: Bakery"  # trimmed
    assert stored["description"] == "Corner bakery"
    assert stored["color"] == "#4CAF50"
    assert stored["isDefault"] is False
    assert out == {
        "id": stored["_id"],
        "name": "Client: Bakery",
        "description": "Corner bakery",
        "color": "#4CAF50",
        "is_default": False,
        "created": True,
    }
    # the former default stays the default
    main = await sandbox.profile(PROFILE_MAIN)
    assert main is not None
    assert main["isDefault"] is True


async def test_profiles_create_with_name_only(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("profiles_create", {"name": "Minimal"})
    stored = await sandbox.profile(out["id"])
    assert stored is not None
    assert stored["name"] == "Minimal"
    assert not stored.get("description")
    assert out["name"] == "Minimal"
    assert out.get("description") is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"name": "   "}, ["name", "empty"]),
        ({"name": "Colourful", "color": "green"}, ["color", "'green'", "#4CAF50"]),
        ({"name": "Colourful", "color": "#12345"}, ["color", "hex"]),
    ],
)
async def test_profiles_create_refuses_bad_input_locally(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = len(sandbox.store.all("profiles"))
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("profiles_create", args)
    for word in words:
        assert word in text
    assert await sandbox.hits(watch) == 0
    assert len(sandbox.store.all("profiles")) == before


async def test_profiles_create_with_a_taken_name_returns_the_existing_profile_marked_not_created(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The API's 409 with details.existingProfileId (names are unique per team): that profile, not an error."""
    async with tools(server) as t:
        out = await t.ok("profiles_create", {"name": "acme studio"})
    assert out["id"] == PROFILE_MAIN
    assert out["name"] == "Acme Studio"
    assert out["created"] is False
    assert "already exists" in out["note"]
    assert "nothing new was created" in out["note"]
    assert len(sandbox.store.all("profiles")) == 2


# --- profiles_update ----------------------------------------------------------------------------------------


async def test_profiles_update_changes_only_the_given_fields(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.profile(PROFILE_PERSONAL)
    assert before is not None
    async with tools(server) as t:
        out = await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "name": "Jane (founder)"})
    after = await sandbox.profile(PROFILE_PERSONAL)
    assert after is not None
    assert after["name"] == "Jane (founder)"
    assert {k: v for k, v in after.items() if k != "name"} == {k: v for k, v in before.items() if k != "name"}
    assert out["name"] == "Jane (founder)"
    assert out["color"] == before["color"]
    assert out["description"] == before["description"]


async def test_profiles_update_color_and_description(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok(
            "profiles_update", {"profile_id": PROFILE_PERSONAL, "color": "#000", "description": "Side things"}
        )
    after = await sandbox.profile(PROFILE_PERSONAL)
    assert after is not None
    assert (after["name"], after["color"], after["description"]) == ("Jane Doe (personal)", "#000", "Side things")
    assert (out["color"], out["description"]) == ("#000", "Side things")


async def test_profiles_update_is_default_moves_the_default(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "is_default": True})
        listed = await t.ok("profiles_list")
    assert out["is_default"] is True
    personal, main = await sandbox.profile(PROFILE_PERSONAL), await sandbox.profile(PROFILE_MAIN)
    assert personal is not None
    assert main is not None
    assert personal["isDefault"] is True
    assert main["isDefault"] is False
    assert [p["id"] for p in listed["profiles"] if p["is_default"]] == [PROFILE_PERSONAL]


async def test_profiles_update_with_nothing_to_change_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.profile(PROFILE_MAIN)
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("profiles_update", {"profile_id": PROFILE_MAIN, "name": "  "})
    assert "Nothing to update" in text
    for field in ("name", "description", "color", "is_default"):
        assert field in text
    assert await sandbox.hits(watch) == 0
    assert await sandbox.profile(PROFILE_MAIN) == before


async def test_profiles_update_unknown_profile_is_a_404(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("profiles_update", {"profile_id": UNKNOWN_ID, "name": "Ghost"})
    assert "404" in text
    assert "Not found" in text


async def test_profiles_update_to_a_taken_name_surfaces_the_apis_message(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        text = await t.error("profiles_update", {"profile_id": PROFILE_PERSONAL, "name": "Acme Studio"})
    assert "already exists" in text
    after = await sandbox.profile(PROFILE_PERSONAL)
    assert after is not None
    assert after["name"] == "Jane Doe (personal)"


# --- profiles_delete ----------------------------------------------------------------------------------------


async def test_profiles_delete_removes_an_empty_profile(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        created = await t.ok("profiles_create", {"name": "Short-lived"})
        out = await t.ok("profiles_delete", {"profile_id": created["id"]})
        again = await t.error("profiles_delete", {"profile_id": created["id"]})
    assert out == {"profile_id": created["id"], "deleted": True}
    assert await sandbox.profile(created["id"]) is None
    assert "404" in again  # deleting twice changes nothing more, and says so


async def test_profiles_delete_with_connected_accounts_is_refused_naming_them_before_any_delete(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    deletes = await sandbox.watch(method="DELETE")
    async with tools(server) as t:
        text = await t.error("profiles_delete", {"profile_id": PROFILE_PERSONAL})
    assert "still has 3 connected account(s)" in text
    assert "twitter @janedoe_dev" in text  # the accounts to disconnect, as the person knows them
    assert await sandbox.hits(deletes) == 0
    assert await sandbox.profile(PROFILE_PERSONAL) is not None
