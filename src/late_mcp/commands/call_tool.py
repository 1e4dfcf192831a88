"""Entry point of `late-mcp call` (the CLI calls `main` of one module per subcommand)."""

from __future__ import annotations

from .terminal import call_main as main

__all__ = ["main"]
