"""A faithful local implementation of the Late API: demo mode, test backbone, browser upload page.

Importing this package is deliberately cheap (no Starlette, no uvicorn, no sqlite): the MCP server imports
``late_mcp.sandbox.runner`` lazily, only when it runs in ``--sandbox`` mode.
"""

from __future__ import annotations
