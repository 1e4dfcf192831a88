"""Safe hands end to end: the real console script over stdio, a person answering its questions, the sandbox API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext

from late_mcp.sandbox.runner import RunningSandbox

from .test_stdio import params

pytestmark = pytest.mark.e2e


async def test_schedule_publish_decline_undo_and_history(
    late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    answers = ["accept", "decline", "accept"]
    asked: list[str] = []

    async def person(context: ClientRequestContext, request: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(request.message)
        answer = answers.pop(0)
        return types.ElicitResult(action=answer, content={"confirm": True} if answer == "accept" else None)  # type: ignore[arg-type]

    env = {
        "LATE_API_KEY": sandbox.api_key,
        "LATE_BASE_URL": sandbox.base_url,
        "LATE_TIMEZONE": "Europe/Berlin",
        "LATE_JOURNAL": str(tmp_path / "journal.sqlite3"),
    }
    async with Client(params(late_mcp_exe, tmp_path / "stdout.bin", env=env), elicitation_callback=person) as client:

        async def call(name: str, args: dict[str, Any]) -> types.CallToolResult:
            return await client.call_tool(name, args)

        scheduled = await call("posts_create", {"content": "e2e later", "platform": "threads"})
        assert not scheduled.is_error, scheduled.content
        assert asked == []  # scheduling does not ask under the default policy
        live = await call("posts_publish_now", {"content": "e2e now", "platform": "threads"})
        assert not live.is_error, live.content
        live_id = (live.structured_content or {})["post_id"]
        declined = await call("posts_publish_now", {"content": "e2e not this one", "platform": "threads"})
        assert declined.is_error
        assert "declined" in str(declined.content)
        undone = await call("posts_undo", {})
        assert not undone.is_error, undone.content
        history = (await call("posts_history", {})).structured_content or {}

    assert len(asked) == 3
    assert "e2e now" in asked[0]
    assert "e2e not this one" in asked[1]
    assert "remove the live post from threads" in asked[2]
    assert [(e["action"], e["tool"]) for e in history["entries"]] == [
        ("unpublish", "posts_undo"),
        ("publish", "posts_publish_now"),
        ("create", "posts_create"),
    ]
    async with httpx.AsyncClient(base_url=sandbox.base_url) as http:
        answer = await http.get(f"/v1/posts/{live_id}", headers={"Authorization": f"Bearer {sandbox.api_key}"})
    assert answer.json()["post"]["status"] == "cancelled"
    texts = [p["content"] for p in (await _posts(sandbox))]
    assert "e2e not this one" not in texts


async def _posts(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=sandbox.base_url) as http:
        answer = await http.get(
            "/v1/posts", params={"limit": 100}, headers={"Authorization": f"Bearer {sandbox.api_key}"}
        )
    posts: list[dict[str, Any]] = answer.json()["posts"]
    return posts
