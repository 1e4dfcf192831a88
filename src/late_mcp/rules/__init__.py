"""Pre-flight rules: check a proposed post against each platform's documented limits before sending it.

Pure Python (no I/O, no HTTP, no MCP) so the tools, the `posts_validate` tool and the tests share one table.
Each platform lives in its own module under `rules/platforms/`; `rules/check.py` walks them all the same way.
"""

from __future__ import annotations

from late_mcp.rules.check import check_post, format_problems
from late_mcp.rules.describe import describe
from late_mcp.rules.model import MediaKind, MediaRef, PlatformRules, Problem, TargetDraft
from late_mcp.rules.platforms import ALIASES, PLATFORMS, RULE_SOURCES, RULES, parse_options, rules_for

__all__ = [
    "ALIASES",
    "PLATFORMS",
    "RULES",
    "RULE_SOURCES",
    "MediaKind",
    "MediaRef",
    "PlatformRules",
    "Problem",
    "TargetDraft",
    "check_post",
    "describe",
    "format_problems",
    "parse_options",
    "rules_for",
]
