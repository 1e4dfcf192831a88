"""The tool registry: every tool with its title, annotations and toolset.

Read-only mode and toolset filters are derived from this table, never from a second list.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcp.types import ToolAnnotations

from ..config import ConfigError, Settings


@dataclass(frozen=True)
class ToolSpec:
    """A tool by name; its module is imported only when the tool is offered (a fast start for the host)."""

    module: str
    name: str
    title: str
    annotations: ToolAnnotations
    toolset: str = "core"
    #: reads paths on the machine the server runs on (refused over HTTP unless LATE_MEDIA_DIRS is set)
    local_files: bool = False

    @property
    def fn(self) -> Callable[..., Any]:
        fn: Callable[..., Any] = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.name)
        return fn

    @property
    def read_only(self) -> bool:
        return bool(self.annotations.read_only_hint)


def _read(title: str) -> ToolAnnotations:
    return ToolAnnotations(title=title, read_only_hint=True, open_world_hint=True)


def _write(title: str, *, destructive: bool = False, idempotent: bool = False) -> ToolAnnotations:
    return ToolAnnotations(
        title=title,
        read_only_hint=False,
        destructive_hint=destructive,
        idempotent_hint=idempotent,
        open_world_hint=True,
    )


def _spec(
    module: str, name: str, annotations: ToolAnnotations, toolset: str = "core", *, local_files: bool = False
) -> ToolSpec:
    return ToolSpec(
        module=module,
        name=name,
        title=annotations.title or name,
        annotations=annotations,
        toolset=toolset,
        local_files=local_files,
    )


#: the 19 documented tools, in the documented order
TOOLS: tuple[ToolSpec, ...] = (
    _spec("accounts", "accounts_list", _read("List accounts")),
    _spec("accounts", "accounts_get", _read("Get account by platform")),
    _spec("profiles", "profiles_list", _read("List profiles")),
    _spec("profiles", "profiles_get", _read("Get profile")),
    _spec("profiles", "profiles_create", _write("Create profile")),
    _spec("profiles", "profiles_update", _write("Update profile", destructive=True, idempotent=True)),
    _spec("profiles", "profiles_delete", _write("Delete profile", destructive=True, idempotent=True)),
    _spec("posts", "posts_list", _read("List posts")),
    _spec("posts", "posts_get", _read("Get post")),
    # Publishing can't be undone (published posts cannot be deleted), so creates that may publish
    # are destructive; a draft-only create would not be, but one tool serves all three modes.
    _spec("posts", "posts_create", _write("Create post", destructive=True)),
    _spec("posts", "posts_publish_now", _write("Publish now", destructive=True)),
    _spec("posts", "posts_cross_post", _write("Cross-post", destructive=True)),
    _spec("posts", "posts_validate", _read("Validate post")),
    _spec("posts", "posts_update", _write("Update post", destructive=True, idempotent=True)),
    _spec("posts", "posts_delete", _write("Delete post", destructive=True, idempotent=True)),
    _spec("posts", "posts_retry", _write("Retry post", destructive=True)),
    _spec("posts", "posts_list_failed", _read("List failed posts")),
    _spec("posts", "posts_retry_all_failed", _write("Retry all failed", destructive=True)),
    _spec("media", "media_generate_upload_link", _write("Upload link")),
    _spec("media", "media_check_upload_status", _read("Upload status")),
    # Reads a local file and stores it on the API's storage; creates no post, so not destructive.
    _spec("media", "media_upload_file", _write("Upload local file"), local_files=True),
    # --- core additions: health, plan, the clock -----------------------------------------------------
    _spec("accounts_admin", "accounts_health", _read("Account health")),
    _spec("usage", "usage_get", _read("Plan and usage")),
    # No API call and nothing outside the server: the only closed-world tool.
    _spec("clock", "now", ToolAnnotations(title="Current time", read_only_hint=True, open_world_hint=False)),
    # --- queue: weekly slots, and scheduling many posts at once ----------------------------------------
    _spec("queue", "queue_list", _read("List queues"), "queue"),
    _spec("queue", "queue_preview", _read("Queue slots"), "queue"),
    _spec("queue", "queue_create", _write("Create queue"), "queue"),
    # Replaces the slots (and may move queued posts), so an update can lose the old schedule.
    _spec("queue", "queue_update", _write("Update queue", destructive=True, idempotent=True), "queue"),
    _spec("queue", "queue_delete", _write("Delete queue", destructive=True, idempotent=True), "queue"),
    # Creates posts that will publish, like posts_create: destructive.
    _spec("posts_bulk", "posts_bulk_upload", _write("Bulk upload CSV", destructive=True), "queue", local_files=True),
    # --- analytics -----------------------------------------------------------------------------------
    _spec("analytics", "analytics_get", _read("Analytics"), "analytics"),
    # --- logs ----------------------------------------------------------------------------------------
    _spec("logs", "logs_list", _read("List logs"), "logs"),
    _spec("logs", "logs_get", _read("Get log"), "logs"),
    # --- accounts: manage connected accounts and groups -------------------------------------------------
    _spec("accounts_admin", "accounts_update", _write("Rename account", idempotent=True), "accounts"),
    _spec(
        "accounts_admin",
        "accounts_disconnect",
        _write("Disconnect account", destructive=True, idempotent=True),
        "accounts",
    ),
    _spec("accounts_admin", "accounts_choices", _read("Account targets"), "accounts"),
    # Switches the default page/org/board: the previous choice is replaced.
    _spec(
        "accounts_admin",
        "accounts_select",
        _write("Set account target", destructive=True, idempotent=True),
        "accounts",
    ),
    _spec("accounts_admin", "accounts_linkedin_mention", _read("LinkedIn mention"), "accounts"),
    _spec("accounts_admin", "accounts_google_reviews", _read("Google reviews"), "accounts"),
    _spec("accounts_admin", "account_groups_list", _read("List account groups"), "accounts"),
    # With group_id it replaces the group's whole account set.
    _spec("accounts_admin", "account_groups_save", _write("Save account group", destructive=True), "accounts"),
    _spec(
        "accounts_admin",
        "account_groups_delete",
        _write("Delete account group", destructive=True, idempotent=True),
        "accounts",
    ),
    # --- connect: new accounts ------------------------------------------------------------------------
    # Creates a pending OAuth state / Telegram code on the API: not read-only, nothing lost.
    _spec("connect", "connect_start", _write("Connect link"), "connect"),
    _spec("connect", "connect_complete", _write("Complete OAuth"), "connect"),
    _spec("connect", "connect_bluesky", _write("Connect Bluesky"), "connect"),
    _spec("connect", "connect_telegram", _write("Connect Telegram"), "connect"),
    _spec("connect", "connect_options", _read("Connection choices"), "connect"),
    _spec("connect", "connect_select", _write("Finish connection"), "connect"),
    # --- webhooks ------------------------------------------------------------------------------------
    _spec("webhooks", "webhooks_list", _read("List webhooks"), "webhooks"),
    _spec("webhooks", "webhooks_save", _write("Save webhook", destructive=True), "webhooks"),
    _spec("webhooks", "webhooks_delete", _write("Delete webhook", destructive=True, idempotent=True), "webhooks"),
    _spec("webhooks", "webhooks_test", _write("Test webhook"), "webhooks"),
    _spec("webhooks", "webhooks_logs", _read("Webhook deliveries"), "webhooks"),
    # --- team: users, invites, API keys (listed only) ----------------------------------------------------
    _spec("team", "team_users_list", _read("List team"), "team"),
    _spec("team", "team_invite", _write("Create invite"), "team"),
    _spec("team", "team_invites_list", _read("List invites"), "team"),
    _spec("team", "team_invite_revoke", _write("Revoke invite", destructive=True, idempotent=True), "team"),
    _spec("team", "team_api_keys_list", _read("List API keys"), "team"),
    # --- media_tools: the paid Tools API ------------------------------------------------------------------
    _spec("media_tools", "media_download", _read("Download media"), "media_tools"),
    _spec("media_tools", "media_youtube_transcript", _read("YouTube transcript"), "media_tools"),
    # A POST, but it only checks: nothing is created or changed.
    _spec("media_tools", "media_check_hashtags", _read("Check hashtags"), "media_tools"),
)


def toolset_names() -> list[str]:
    return list(dict.fromkeys(spec.toolset for spec in TOOLS))


def select_tools(settings: Settings) -> list[ToolSpec]:
    """The tools this server offers: toolsets plus single tools, minus exclusions, then read-only.

    Read-only is derived from each tool's annotations, never from a separate list.
    """
    known_sets = toolset_names()
    known_tools = {spec.name for spec in TOOLS}
    wanted_sets = set(known_sets) if "all" in settings.toolsets else set(settings.toolsets)
    unknown_sets = sorted(wanted_sets - set(known_sets))
    if unknown_sets:
        raise ConfigError(f"Unknown toolset(s) {', '.join(unknown_sets)}. Known: {', '.join(known_sets)}, all.")
    unknown_tools = sorted((set(settings.tools) | set(settings.exclude_tools)) - known_tools)
    if unknown_tools:
        raise ConfigError(f"Unknown tool(s) {', '.join(unknown_tools)}. See `late-mcp tools` for the names.")
    chosen = [
        spec
        for spec in TOOLS
        if (spec.toolset in wanted_sets or spec.name in settings.tools) and spec.name not in settings.exclude_tools
    ]
    if settings.read_only:
        chosen = [spec for spec in chosen if spec.read_only]
    return chosen
