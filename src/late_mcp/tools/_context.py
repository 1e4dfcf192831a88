"""The tools' one door to the SDK: the `Ctx` a tool takes, and the app state behind it.

Tools import the SDK only through here (the registry applies the error decorator), so an SDK rename touches
few files.
"""

from __future__ import annotations

from mcp.server.mcpserver import Context

from ..state import AppState, state

__all__ = ["AppState", "Ctx", "state"]

Ctx = Context[AppState]
