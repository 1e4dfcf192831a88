"""A queue whose zone this machine does not know (its zone database older than the API's): the planner reads its
slots in the user's zone, and says so, in posts_calendar and in posts_best_times' queue fallback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.zones import find_zone

from ..conftest import Sandbox, tools
from .conftest import berlin

UNKNOWN = "'America/New_York' is not one this machine knows, so its slots are read in your zone (Europe/Berlin)"


@pytest.fixture(autouse=True)
def new_york_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeded queue's zone, New York, as a machine without it sees it (the sandbox, the API, still has it)."""
    monkeypatch.setattr(
        "late_mcp.wallclock.find_zone", lambda name: None if name == "America/New_York" else find_zone(name)
    )


async def test_the_calendar_says_the_queue_zone_was_not_recognised(
    server: MCPServer[Any], freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    async with tools(server) as t:
        cal = await t.ok("posts_calendar", {"start": "2027-03-22"})
    days = {d["day"]: d for d in cal["days"]}
    assert days["Mon 2027-03-22"]["free"] == ["09:00"]  # the slot's wall time read in Berlin, not 14:00
    assert UNKNOWN in cal["note"]


async def test_best_times_from_the_queue_say_the_zone_was_not_recognised(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    await sandbox.control("plan", {"analytics": False})
    async with tools(server) as t:
        fallback = await t.ok("posts_best_times")
    assert fallback["source"] == "queue"
    assert fallback["slots"][0]["local"] == "Mon 09:00"
    assert "Analytics add-on" in fallback["note"]
    assert UNKNOWN in fallback["note"]
