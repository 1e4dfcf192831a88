"""Times in answers carry whole seconds at most: the journal's microseconds and the API's milliseconds are noise a
model copies into what it says and sends back."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox, text_of
from .conftest import TWITTER, Person, client, make_server

#: a time of day with a fraction of a second, anywhere in an answer
FRACTION = re.compile(r"\d{2}:\d{2}:\d{2}[.,]\d")
#: when the journal writes its entries in these tests: microseconds, as the clock gives them
WRITTEN = datetime(2026, 11, 25, 15, 41, 55, 736514, tzinfo=timezone.utc)


def server(sandbox: Sandbox, tmp_path: Path) -> MCPServer[Any]:
    return make_server(sandbox.app, journal=str(tmp_path / "journal.sqlite3"), confirm="off")


def whole(*results: CallToolResult) -> None:
    """Neither the structured content nor the text a client shows has a fraction of a second."""
    for result in results:
        assert not result.is_error, text_of(result)
        assert not FRACTION.search(text_of(result)), text_of(result)
        assert not FRACTION.search(repr(result.structured_content))


async def test_history_and_undo_answers_show_the_journals_times_to_the_second(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("late_mcp.timeutil.now_utc", lambda: WRITTEN)  # the journal's clock (`AppState.client`)
    post = {"content": "On the second", "platform": "twitter", "account_id": TWITTER}
    post["scheduled_for"] = "2099-05-04T09:00"
    async with client(server(sandbox, tmp_path), Person()) as t:
        made = await t.ok("posts_create", post)
        deleted = await t.call("posts_delete", {"post_id": made["post_id"]})
        history = await t.call("posts_history", {})
        undone = await t.call("posts_undo", {})
        after = await t.call("posts_history", {})
    whole(deleted, history, undone, after)
    assert history.structured_content is not None
    assert [e["at"] for e in history.structured_content["entries"]] == ["2026-11-25T16:41:55+01:00"] * 2


async def test_api_times_with_milliseconds_are_cut_to_the_second(sandbox: Sandbox, tmp_path: Path) -> None:
    """The API's `.250Z` is cut, never rounded: a time is never shown later than it is."""
    body = {
        "content": "A quarter past",
        "scheduledFor": "2099-05-04T07:00:59.750Z",
        "platforms": [{"platform": "bluesky", "accountId": ACCOUNT_IDS["bluesky"]}],
    }
    response = await sandbox.api("POST", "posts", json=body)
    assert response.status_code == 201, response.text
    post_id = response.json()["post"]["_id"]
    async with client(server(sandbox, tmp_path)) as t:
        got = await t.call("posts_get", {"post_id": post_id})
        listed = await t.call("posts_list", {"status": "scheduled", "limit": 100})
    whole(got, listed)
    assert got.structured_content is not None
    assert listed.structured_content is not None
    assert got.structured_content["scheduled_for"] == "2099-05-04T09:00:59+02:00"
    assert got.structured_content["scheduled_for_utc"] == "2099-05-04T07:00:59Z"
    [row] = [p for p in listed.structured_content["posts"] if p["id"] == post_id]
    assert row["scheduled_for"] == "2099-05-04T09:00:59+02:00"
