"""The planner's world: a server offering the core and planner toolsets on each test's fresh sandbox, and one
clock for both (the tools' and the sandbox's), frozen where a test needs a daylight-saving change nearby."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, NEEDS_RECONNECT
from late_mcp.timeutil import UTC, iso_utc

from ..conftest import BERLIN, Sandbox
from ..tools.conftest import Router, make_server

PLANNER = ("core", "planner")


@pytest.fixture(scope="session")
def planner_router() -> Router:
    return Router()


@pytest.fixture(scope="session")
def planner_server(planner_router: Router) -> MCPServer[Any]:
    return make_server(planner_router, toolsets=PLANNER)


@pytest.fixture
def server(planner_server: MCPServer[Any], planner_router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    planner_router.app = app
    yield planner_server
    planner_router.app = None


@pytest.fixture
def freeze(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> Callable[[datetime], Any]:
    """`await freeze(t)`: the planner tools, undo and the sandbox all take `t` as now.

    The seeded accounts' tokens are renewed at `t` (months from the seeding, they would have expired), except
    the Facebook page the seed leaves broken on purpose.
    """

    async def at(when: datetime) -> None:
        monkeypatch.setattr("late_mcp.tools.planner.now_utc", lambda: when)
        # undo and its question read "still ahead" against the same clock
        monkeypatch.setattr("late_mcp.safety.undo.now_utc", lambda: when)
        monkeypatch.setattr("late_mcp.tools.posts.history.now_utc", lambda: when)
        await sandbox.control("clock", {"now": iso_utc(when)})
        for key, account_id in ACCOUNT_IDS.items():
            if key != NEEDS_RECONNECT:
                await sandbox.heal_account(account_id)

    return at


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin as the UTC instant it is (fold=0)."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def scheduled(sandbox: Sandbox, account_id: str, platform: str, when: datetime, content: str) -> str:
    """A post created straight through the sandbox's API; its id."""
    response = await sandbox.api(
        "POST",
        "posts",
        json={
            "content": content,
            "scheduledFor": iso_utc(when),
            "platforms": [{"platform": platform, "accountId": account_id}],
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["post"]["_id"])
