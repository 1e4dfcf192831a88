"""The console script over stdio, against a sandbox that carries a create out and then loses its answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox

from .test_stdio import only_jsonrpc, params

pytestmark = pytest.mark.e2e


async def test_a_create_whose_answer_is_lost_after_it_was_made_is_one_post_said_to_be_created(
    late_mcp_exe: str, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    copy = tmp_path / "stdout.bin"
    env = {"LATE_API_KEY": sandbox.api_key, "LATE_BASE_URL": sandbox.base_url, "LATE_TIMEZONE": "UTC"}
    rule = {"path": "/v1/posts", "method": "POST", "fail_count": 1, "drop": True, "after": True}
    async with httpx.AsyncClient(base_url=sandbox.root_url) as control:
        (await control.post("/_sandbox/faults", json=rule)).raise_for_status()
        try:
            async with Client(params(late_mcp_exe, copy, env=env)) as client:
                args = {"content": "e2e lost answer", "platform": "threads"}
                result = await client.call_tool("posts_publish_now", args)
        finally:
            faults = (await control.get("/_sandbox/faults")).json()["rules"]
            (await control.delete("/_sandbox/faults")).raise_for_status()
    assert not result.is_error, result.content
    data = result.structured_content or {}
    assert data["status"] == "published"
    assert data["summary"].startswith("The first answer was lost; the post was created once.")
    assert [r["hits"] for r in faults] == [2]  # the lost attempt, then the same request under its key
    auth = {"Authorization": f"Bearer {sandbox.api_key}"}
    async with httpx.AsyncClient(base_url=sandbox.base_url + "/", headers=auth) as api:
        posts: list[dict[str, Any]] = []
        page = pages = 1
        while page <= pages:  # every page: the session's sandbox holds other tests' posts too
            body = (await api.get("v1/posts", params={"page": page, "limit": 100})).json()
            posts += body["posts"]
            pages, page = body["pagination"]["pages"], page + 1
    assert [p["_id"] for p in posts if p["content"] == "e2e lost answer"] == [data["post_id"]]
    only_jsonrpc(copy)
