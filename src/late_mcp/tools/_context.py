"""What every tool shares: the app state from the lifespan, and the SDK's Context/ToolError names.

Tools import the SDK only through here and `_errors`, so an SDK rename touches few files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from mcp.server.mcpserver import Context

from ..client import LateClient
from ..config import Settings


@dataclass
class AppState:
    """Lives as long as the server process: one client, one set of settings."""

    client: LateClient
    settings: Settings

    @property
    def zone(self) -> tzinfo:
        return self.settings.zone


Ctx = Context[AppState]


def state(ctx: Context[Any]) -> AppState:
    app = ctx.request_context.lifespan_context
    assert isinstance(app, AppState)
    return app
