"""The floor for cold start: a bare MCPServer with one tool from the same SDK, over stdio.

The benchmark spawns this beside `late-mcp` and compares spawn -> initialize / tools/list.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

server = MCPServer("bare")


@server.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


if __name__ == "__main__":
    server.run()
