"""A create is journaled as what the tool reported: a post the API made despite a lost answer (replayed under its
key, or found by content) is a create with its post id, so posts_undo can take it back; a post that already
existed, or none, is not."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox

from .conftest import Control, build_server, settings_for, text_of
from .test_creates import draft, verdict

#: faults on POST /v1/posts after which the API did carry the create out
MADE: dict[str, dict[str, Any]] = {
    "first answer lost, replayed under the key": {"fail_count": 1, "drop": True, "after": True},
    "every answer lost, found by content": {"status": 502, "after": True},
}


async def history(client: Client) -> list[dict[str, Any]]:
    result = await client.call_tool("posts_history", {})
    assert not result.is_error, text_of(result)
    entries: list[dict[str, Any]] = (result.structured_content or {})["entries"]
    return entries


@pytest.mark.parametrize("name", list(MADE))
async def test_a_create_made_despite_a_lost_answer_is_journaled_and_undone(
    sandbox: RunningSandbox, control: Control, name: str
) -> None:
    control.fault(path="/v1/posts", method="POST", **MADE[name])
    content = f"journaled: {name}"
    async with Client(build_server(settings_for(sandbox))) as client:
        made = await client.call_tool("posts_create", draft(content))
        assert verdict(made) == "created", text_of(made)
        post_id = (made.structured_content or {})["post_id"]
        [entry] = await history(client)
        assert (entry["action"], entry["post_id"], entry["outcome"]) == ("create", post_id, "ok")
        assert entry["platforms"] == ["threads"]
        control.clear()
        undone = await client.call_tool("posts_undo", {})
        assert not undone.is_error, text_of(undone)
    assert control.with_content(content) == []


async def test_a_create_already_posted_is_not_journaled_as_made(sandbox: RunningSandbox, control: Control) -> None:
    args = {"content": "said twice", "platform": "threads", "schedule_minutes": 90}
    async with Client(build_server(settings_for(sandbox))) as client:
        first = await client.call_tool("posts_create", args)
        second = await client.call_tool("posts_create", args)
        assert (second.structured_content or {})["already_posted"] is True, text_of(second)
        newest, oldest = await history(client)
    post_id = (first.structured_content or {})["post_id"]
    assert (oldest["post_id"], oldest["outcome"]) == (post_id, "ok")
    assert newest["outcome"] != "ok"
    assert newest.get("post_id") is None


async def test_a_create_not_made_is_journaled_as_failed(sandbox: RunningSandbox, control: Control) -> None:
    control.fault(path="/v1/posts", method="POST", status=503)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_create", draft("never made, journaled"))
        assert verdict(result) == "not created", text_of(result)
        [entry] = await history(client)
        control.clear()
        undo = await client.call_tool("posts_undo", {})
    assert entry["outcome"] != "ok"
    assert entry.get("post_id") is None
    assert undo.is_error
    assert "Nothing to undo" in text_of(undo)
