"""Moved: the options models live with their platforms under `late_mcp.rules.platforms`.

Kept only until `tools/posts.py` imports `parse_options` from `late_mcp.rules`; then delete this file.
"""

from __future__ import annotations

from late_mcp.rules import parse_options

__all__ = ["parse_options"]
