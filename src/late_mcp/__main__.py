"""`python -m late_mcp`: the same as the `late-mcp` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
