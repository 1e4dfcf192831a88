"""A write whose answer was lost (a 5xx on a POST) says how to see whether it was carried out, with a tool this
request has; a refused request (400) says nothing was done, and names nothing that is not in its message."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.errors import BadRequestError, ServerError, message_for

from ..conftest import Sandbox, tools
from .conftest import make_server
from .posts._seeded import FAILED_RATELIMIT


async def test_a_retry_that_may_have_gone_through_points_at_the_posts_status(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """A retry creates nothing: the post's status says whether it went, not a listing "so nothing is created
    twice"."""
    await sandbox.fault(path=f"/api/v1/posts/{FAILED_RATELIMIT}/retry", method="POST", status=503, after=True)
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_RATELIMIT})
    step = f"posts_get shows post {FAILED_RATELIMIT}'s status now; retry it again only if a platform still failed."
    assert step in text
    assert "twice" not in text
    assert "matching list tool" not in text


async def test_a_retry_whose_connection_dropped_points_at_the_posts_status_too(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """A lost answer without a status (the connection dropped after sending) names the step a 5xx gets, not the
    dashboard: the client knows which request it was."""
    await sandbox.fault(path=f"/api/v1/posts/{FAILED_RATELIMIT}/retry", method="POST", drop=True, after=True)
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_RATELIMIT})
    assert f"posts_get shows post {FAILED_RATELIMIT}'s status now; retry it again only if a platform" in text
    assert "dashboard" not in text


async def test_a_create_whose_connection_dropped_names_its_listing(app: Starlette, sandbox: Sandbox) -> None:
    await sandbox.fault(path="/api/v1/queue/slots", method="POST", drop=True, after=True)
    async with tools(make_server(app, toolsets=("core", "queue"))) as t:
        text = await t.error("queue_create", {"name": "Mornings", "slots": "mon 09:00"})
    assert "check with queue_list before sending it again, so nothing is made twice." in text


async def test_a_create_that_may_have_gone_through_names_its_listing(app: Starlette, sandbox: Sandbox) -> None:
    await sandbox.fault(path="/api/v1/queue/slots", method="POST", status=503, after=True)
    async with tools(make_server(app, toolsets=("core", "queue"))) as t:
        text = await t.error("queue_create", {"name": "Mornings", "slots": "mon 09:00"})
    assert "check with queue_list before sending it again, so nothing is made twice." in text


def test_without_a_tool_the_dashboard_is_where_to_look() -> None:
    exc = ServerError(503, "Service unavailable", method="POST", path="/v1/queue/slots")
    assert "It may have been carried out anyway: check in the Late dashboard before sending it again." in (
        message_for(exc)
    )


def test_a_refusal_names_nothing_its_message_does_not() -> None:
    text = message_for(BadRequestError(400, "Bad request", method="PUT", path="/v1/posts/abc"))
    assert "Nothing was done" in text
    assert "change what its message names" not in text
