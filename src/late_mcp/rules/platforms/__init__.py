"""The platforms the client knows, one module each, and the tables built from them.

Each module under this package is one platform's home: its limits and media rules (`PlatformRules`), the source
of every rule id it can emit, its `platformSpecificData` model, its aliases and the hooks for its own checks.
Sources are cited from the Late API docs: "<Platform> guide" is the platform's page under Platforms,
"Platform Settings" the platformSpecificData reference, "POST /v1/posts" the create-post endpoint's
"Platform constraints". Where a guide states no number the limit is `None` and nothing is enforced; the comment
says so. Where sources disagree the comment says which one wins and why.

Not enforced on purpose: limits Late says it fixes itself (Instagram, Bluesky and X images are
"auto-compressed" / "Late will attempt automatic compression"), recommendations ("25 MB recommended"), and what
needs the file itself (duration, dimensions, aspect ratio, page count).

Adding a platform: docs/adding-a-platform.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from late_mcp.rules.model import PlatformRules
from late_mcp.rules.options import parse
from late_mcp.rules.platforms import (
    bluesky,
    facebook,
    googlebusiness,
    instagram,
    linkedin,
    pinterest,
    reddit,
    snapchat,
    telegram,
    threads,
    tiktok,
    twitter,
    youtube,
)
from late_mcp.rules.spec import Platform

# In the order of the Late API docs; messages and the rules resource list them in this order.
SPECS: Mapping[str, Platform] = MappingProxyType(
    {
        module.PLATFORM.rules.platform: module.PLATFORM
        for module in (
            twitter,
            instagram,
            facebook,
            linkedin,
            tiktok,
            youtube,
            pinterest,
            reddit,
            bluesky,
            threads,
            googlebusiness,
            telegram,
            snapchat,
        )
    }
)
PLATFORMS: tuple[str, ...] = tuple(SPECS)
RULES: Mapping[str, PlatformRules] = MappingProxyType({p: spec.rules for p, spec in SPECS.items()})

# Other names a person may use for a platform ("x", "ig", "google business"), lower case.
ALIASES: Mapping[str, str] = MappingProxyType({alias: p for p, spec in SPECS.items() for alias in spec.aliases})

# Every rule id `check_post` can emit, with the source it comes from. Tests assert each one has a passing and
# a failing case.
RULE_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "platform.unknown": "Late API overview: the 13 platforms",
        "post.content_required": 'POST /v1/posts "Content/Caption requirements": text-only posts require content',
        **{rule: source for spec in SPECS.values() for rule, source in spec.sources.items()},
    }
)

# Rules skipped for drafts: the API enforces them only when a post is published ("drafts may omit media
# until finalized", GET /v1/posts notes); a draft can be completed later.
PUBLISH_TIME_RULES: frozenset[str] = frozenset({"post.content_required"}).union(
    *(spec.publish_time for spec in SPECS.values())
)


def rules_for(platform: str) -> PlatformRules:
    """Return one platform's rules; the KeyError names the valid platforms so a caller can say them."""
    try:
        return RULES[platform]
    except KeyError:
        raise KeyError(f"unknown platform {platform!r}; valid: {', '.join(PLATFORMS)}") from None


def parse_options(platform: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Validate one platform's options with its model and return them as the API's platformSpecificData."""
    return parse(SPECS[platform].options, platform, raw)
