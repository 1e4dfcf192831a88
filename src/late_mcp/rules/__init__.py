"""Pre-flight rules: check a proposed post against each platform's documented limits before sending it.

Pure Python (no I/O, no HTTP, no MCP) so the tools, the `posts_validate` tool and the tests share one table.
"""

from __future__ import annotations

from late_mcp.rules.check import check_post, format_problems
from late_mcp.rules.model import (
    PLATFORMS,
    MediaKind,
    MediaRef,
    PlatformRules,
    Problem,
    TargetDraft,
)
from late_mcp.rules.platforms import RULE_SOURCES, RULES, describe, rules_for

__all__ = [
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
    "rules_for",
]
