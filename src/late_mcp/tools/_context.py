"""What every tool shares: the app state from the lifespan, and the SDK's Context/ToolError names.

Tools import the SDK only through here and `_errors`, so an SDK rename touches few files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import Context

from ..config import Settings

if TYPE_CHECKING:
    import httpx

    from ..client import LateClient


@dataclass
class AppState:
    """Lives as long as the server process: one client, one set of settings.

    The client (and httpx with it) is built on the first tool call, not at start: the host waits for
    `initialize`, and no API call is needed to answer it.
    """

    settings: Settings
    transport: httpx.AsyncBaseTransport | None = None
    _client: LateClient | None = field(default=None, repr=False)

    @property
    def client(self) -> LateClient:
        if self._client is None:
            from ..client import LateClient

            self._client = LateClient.from_settings(self.settings, transport=self.transport)
        return self._client

    @property
    def zone(self) -> tzinfo:
        return self.settings.zone

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


Ctx = Context[AppState]


def state(ctx: Context[Any]) -> AppState:
    app = ctx.request_context.lifespan_context
    assert isinstance(app, AppState)
    return app
