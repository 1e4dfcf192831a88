"""late-mcp: an MCP server for the Late (Zernio) social media API."""

from __future__ import annotations

__version__ = "0.1.0"
