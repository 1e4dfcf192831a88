"""Entry point of `late-mcp tools` (the CLI calls `main` of one module per subcommand)."""

from __future__ import annotations

from .terminal import tools_main as main

__all__ = ["main"]
