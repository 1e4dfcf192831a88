"""The tool registry: the toolsets, and which of their tools this server offers.

Each toolset's table (function, title, annotations) sits beside its tools, in the module `TOOLSETS` names, so "go
to definition" works from a table entry. Only the tables of the toolsets a server offers are imported: the host
waits for the server's start, and a toolset nobody asked for costs it nothing. Read-only mode and the filters are
derived from the tables, never from a second list.
"""

from __future__ import annotations

import functools
import importlib

from ..config import ConfigError, Settings
from ._spec import ToolSpec

#: toolset -> the module whose TOOLSET table lists its tools, in the order the host is shown them
TOOLSETS: dict[str, str] = {
    "core": "late_mcp.tools.core",
    "queue": "late_mcp.tools.queue",
    "analytics": "late_mcp.tools.analytics",
    "logs": "late_mcp.tools.logs",
    "accounts": "late_mcp.tools.accounts",
    "connect": "late_mcp.tools.connect",
    "webhooks": "late_mcp.tools.webhooks",
    "team": "late_mcp.tools.team",
    "media_tools": "late_mcp.tools.media_tools",
    "live": "late_mcp.tools.live",
    "planner": "late_mcp.tools.planner",
}


#: toolset -> one line on what it is for (the `toolsets` tool lists them; importing a table costs a start-up)
ABOUT: dict[str, str] = {
    "core": "accounts, profiles, posts (draft, schedule, publish, cross-post, edit, retry), media upload, usage",
    "queue": "posting queues: weekly time slots, the next free slot, queue previews",
    "analytics": "post numbers, follower growth, YouTube and LinkedIn analytics (Late's Analytics add-on)",
    "logs": "what each platform answered when a post was published or failed",
    "accounts": "rename or disconnect accounts, their pages/boards/organizations, groups, mentions, reviews",
    "connect": "connect a new social account (a link the user opens)",
    "webhooks": "notify a URL when posts publish or fail",
    "team": "team members, invitations and API keys",
    "media_tools": "download media, video transcripts, hashtag checks (paid Late plans)",
    "live": "published posts: unpublish, edit the live text, approve or reject posts pending approval",
    "planner": "a calendar by local day, the best times to post, recurring series that keep their local time",
}


#: toolset -> its tools' names, so a message can name the toolset of a tool that is off without importing its
#: table (a fraction of a second each); tests/tools/test_registry.py keeps it equal to the tables
TOOL_NAMES: dict[str, tuple[str, ...]] = {
    "core": (
        "accounts_list", "accounts_get", "profiles_list", "profiles_get", "profiles_create", "profiles_update",
        "profiles_delete", "posts_list", "posts_get", "posts_create", "posts_publish_now", "posts_cross_post",
        "posts_validate", "posts_update", "posts_delete", "posts_retry", "posts_list_failed", "posts_retry_all_failed",
        "posts_history", "posts_undo", "media_generate_upload_link", "media_check_upload_status", "media_upload_file",
        "accounts_health", "usage_get", "now",
    ),
    "queue": ("queue_list", "queue_preview", "queue_create", "queue_update", "queue_delete", "posts_bulk_upload"),
    "analytics": ("analytics_get",),
    "logs": ("logs_list", "logs_get"),
    "accounts": (
        "accounts_update", "accounts_disconnect", "accounts_choices", "accounts_select", "accounts_linkedin_mention",
        "accounts_google_reviews", "account_groups_list", "account_groups_save", "account_groups_delete",
    ),
    "connect": (
        "connect_start", "connect_complete", "connect_bluesky", "connect_telegram", "connect_options", "connect_select",
    ),
    "webhooks": ("webhooks_list", "webhooks_save", "webhooks_delete", "webhooks_test", "webhooks_logs"),
    "team": ("team_users_list", "team_invite", "team_invites_list", "team_invite_revoke", "team_api_keys_list"),
    "media_tools": ("media_download", "media_youtube_transcript", "media_check_hashtags"),
    "live": ("posts_unpublish", "posts_edit_published", "posts_review"),
    "planner": ("posts_calendar", "posts_best_times", "posts_schedule_series", "posts_recycle"),
}  # fmt: skip
#: tool -> its toolset
OWNER: dict[str, str] = {tool: name for name, tools in TOOL_NAMES.items() for tool in tools}


def toolset_names() -> list[str]:
    return list(TOOLSETS)


@functools.cache
def toolset(name: str) -> tuple[ToolSpec, ...]:
    """One toolset's tools (importing its modules on first use)."""
    table: tuple[ToolSpec, ...] = importlib.import_module(TOOLSETS[name]).TOOLSET
    assert all(spec.toolset == name for spec in table), f"{TOOLSETS[name]}.TOOLSET is not the {name} toolset"
    return table


def all_tools() -> tuple[ToolSpec, ...]:
    """Every tool of every toolset, in the order they are listed."""
    return tuple(spec for name in TOOLSETS for spec in toolset(name))


def __getattr__(name: str) -> tuple[ToolSpec, ...]:
    """`TOOLS`: every tool, built on first use (it imports every toolset, which a server start need not)."""
    if name == "TOOLS":
        return all_tools()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def select_tools(settings: Settings, *, more: tuple[str, ...] = ()) -> list[ToolSpec]:
    """The tools this server offers: toolsets (and `more` toolsets turned on later) plus single tools, minus
    exclusions, then read-only.

    Read-only is derived from each tool's annotations, never from a separate list. Only single tools or
    exclusions named by the settings make every toolset's table load (their names must be checked).
    """
    known_sets = toolset_names()
    wanted_sets = set(known_sets) if "all" in settings.toolsets else {*settings.toolsets, *more}
    unknown_sets = sorted(wanted_sets - set(known_sets))
    if unknown_sets:
        raise ConfigError(f"Unknown toolset(s) {', '.join(unknown_sets)}. Known: {', '.join(known_sets)}, all.")
    named = set(settings.tools) | set(settings.exclude_tools)
    candidates = [spec for name in known_sets if named or name in wanted_sets for spec in toolset(name)]
    unknown_tools = sorted(named - {spec.name for spec in candidates})
    if unknown_tools:
        raise ConfigError(f"Unknown tool(s) {', '.join(unknown_tools)}. See `late-mcp tools` for the names.")
    chosen = [
        spec
        for spec in candidates
        if (spec.toolset in wanted_sets or spec.name in settings.tools) and spec.name not in settings.exclude_tools
    ]
    if settings.read_only:
        chosen = [spec for spec in chosen if spec.read_only]
    return chosen


def owner_offering(settings: Settings, name: str) -> str | None:
    """The toolset that, turned on, offers `name` with these settings, as `select_tools(settings, more=(it,))`
    would; None where none would (no such tool, excluded, or read-only mode and it changes things). Only read-only
    mode reads a table, the owner's: its annotations decide."""
    owner = OWNER.get(name)
    if owner is None or name in settings.exclude_tools:
        return None
    if settings.read_only and not next(spec for spec in toolset(owner) if spec.name == name).read_only:
        return None
    return owner


def why_not_offered(settings: Settings, name: str) -> str | None:
    """Why a tool that exists is not offered with these settings, and the setting that offers it; None when no
    toolset has a tool of that name. For messages that would otherwise say "no tool named ..." of a real tool."""
    spec = next((s for s in all_tools() if s.name == name), None)
    if spec is None:
        return None
    if name in settings.exclude_tools:
        return f"{name} is excluded (--exclude-tools / LATE_EXCLUDE_TOOLS)."
    if settings.read_only and not spec.read_only:
        return f"{name} changes things, so read-only mode (--read-only / LATE_READ_ONLY) hides it."
    wanted = ",".join(dict.fromkeys((*settings.toolsets, spec.toolset)))
    return (
        f"{name} is in the {spec.toolset} toolset, which is off: add it with --toolsets {wanted} "
        f"(LATE_TOOLSETS={wanted} in a host's config)."
    )
