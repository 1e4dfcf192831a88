"""Safe hands: a server per test (settings vary) and an MCP client that answers questions as told."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from mcp import Client, types
from mcp.client.session import ClientRequestContext
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import ZONE_NAME, Tools, serve

TWITTER = ACCOUNT_IDS["twitter"]
LINKEDIN = ACCOUNT_IDS["linkedin"]
#: a cross-post whose X target has a time of its own, three hours after the post's (Berlin wall times)
STAGGERED = {
    "content": "Launch day",
    "platforms": "",
    "account_ids": [TWITTER, LINKEDIN],
    "scheduled_for": "2099-05-04T09:00",
    "targets": [{"platform": "linkedin"}, {"platform": "twitter", "scheduled_for": "2099-05-04T12:00"}],
}
Answer = Literal["accept", "decline", "cancel", "untick"]


def make_server(app: Starlette, **overrides: Any) -> MCPServer[Any]:
    return serve(app, **{"timezone": ZONE_NAME, "max_retries": 1, **overrides})


@dataclass
class Person:
    """The human behind the host: answers every question the same way and remembers what was asked."""

    answer: Answer = "accept"
    asked: list[str] = field(default_factory=list)

    async def __call__(self, context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        self.asked.append(params.message)
        if self.answer == "accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        if self.answer == "untick":
            return types.ElicitResult(action="accept", content={"confirm": False})
        return types.ElicitResult(action=self.answer)


@asynccontextmanager
async def client(
    server: MCPServer[Any], person: Person | None = None, *, mode: Literal["auto", "legacy"] = "auto"
) -> AsyncIterator[Tools]:
    """An in-process client; with `person` it supports elicitation and answers through them."""
    async with Client(server, mode=mode, elicitation_callback=person) as opened:
        listed = await opened.list_tools()
        yield Tools(client=opened, listed={tool.name: tool for tool in listed.tools})
