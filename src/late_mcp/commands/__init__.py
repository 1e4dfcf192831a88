"""Terminal subcommands for the first five minutes: `doctor`, `config`, `tools`, `call`.

These are for a person at a terminal, so unlike the MCP server they print to stdout. Each module's
`main(argv) -> int` is reached through `late_mcp.startup.SUBCOMMANDS`; heavy imports (the MCP SDK, httpx)
happen inside those functions so `late-mcp --help` stays instant.
"""

from __future__ import annotations
