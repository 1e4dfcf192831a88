"""Undo end to end: the console script over stdio and a sandbox API on a real socket; the person changes the post in
the Late dashboard (the API, called directly) after the server's update, and undoing that update is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext

from late_mcp.sandbox.runner import RunningSandbox

from .test_stdio import only_jsonrpc, params

pytestmark = pytest.mark.e2e


async def test_undo_is_refused_over_text_changed_in_the_dashboard_and_writes_nothing(
    late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    asked: list[str] = []

    async def person(context: ClientRequestContext, request: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(request.message)
        return types.ElicitResult(action="accept", content={"confirm": True})

    copy = tmp_path / "stdout.bin"
    env = {
        "LATE_API_KEY": sandbox.api_key,
        "LATE_BASE_URL": sandbox.base_url,
        "LATE_TIMEZONE": "Europe/Berlin",
        "LATE_JOURNAL": str(tmp_path / "journal.sqlite3"),
    }
    auth = {"Authorization": f"Bearer {sandbox.api_key}"}
    async with (
        Client(params(late_mcp_exe, copy, env=env), elicitation_callback=person) as client,
        httpx.AsyncClient(base_url=sandbox.base_url + "/", headers=auth) as api,
        httpx.AsyncClient(base_url=sandbox.root_url) as control,
    ):

        async def call(name: str, args: dict[str, Any]) -> types.CallToolResult:
            result = await client.call_tool(name, args)
            assert not result.is_error or name == "posts_undo", result.content
            return result

        made = await call("posts_create", {"content": "e2e undo first", "platform": "threads"})
        post_id = (made.structured_content or {})["post_id"]
        await call("posts_update", {"post_id": post_id, "content": "e2e undo second"})
        dashboard = await api.put(f"v1/posts/{post_id}", json={"content": "e2e undo from the dashboard"})
        assert dashboard.status_code == 200, dashboard.text
        rule = {"path": f"/v1/posts/{post_id}", "method": "PUT"}  # counts the PUTs from here on
        (await control.post("/_sandbox/faults", json=rule)).raise_for_status()
        try:
            undone = await call("posts_undo", {})
            history = (await call("posts_history", {})).structured_content or {}
        finally:
            [watched] = (await control.get("/_sandbox/faults")).json()["rules"]
            (await control.delete("/_sandbox/faults")).raise_for_status()
        post = (await api.get(f"v1/posts/{post_id}")).json()["post"]

    assert undone.is_error
    [said] = [c.text for c in undone.content if isinstance(c, types.TextContent)]
    assert "the text is now 'e2e undo from the dashboard' (entry 2 left 'e2e undo second')" in said
    assert "posts_update" in said
    assert asked == []  # refused before the person is asked
    assert watched["hits"] == 0  # nothing sent
    assert post["content"] == "e2e undo from the dashboard"
    newest = history["entries"][0]
    assert (newest["action"], newest["outcome"], newest.get("undone_by")) == ("update", "ok", None)
    only_jsonrpc(copy)
