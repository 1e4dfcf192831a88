"""The tool registry: every tool with its title, annotations and toolset.

Read-only mode and toolset filters are derived from this table, never from a second list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcp.types import ToolAnnotations

from ..config import ConfigError, Settings
from . import accounts, media, posts, profiles


@dataclass(frozen=True)
class ToolSpec:
    fn: Callable[..., Any]
    title: str
    annotations: ToolAnnotations
    toolset: str = "core"

    @property
    def name(self) -> str:
        return self.fn.__name__

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


def _spec(fn: Callable[..., Any], annotations: ToolAnnotations, toolset: str = "core") -> ToolSpec:
    return ToolSpec(fn=fn, title=annotations.title or fn.__name__, annotations=annotations, toolset=toolset)


#: the 19 documented tools, in the documented order
TOOLS: tuple[ToolSpec, ...] = (
    _spec(accounts.accounts_list, _read("List accounts")),
    _spec(accounts.accounts_get, _read("Get account by platform")),
    _spec(profiles.profiles_list, _read("List profiles")),
    _spec(profiles.profiles_get, _read("Get profile")),
    _spec(profiles.profiles_create, _write("Create profile")),
    _spec(profiles.profiles_update, _write("Update profile", idempotent=True)),
    _spec(profiles.profiles_delete, _write("Delete profile", destructive=True, idempotent=True)),
    _spec(posts.posts_list, _read("List posts")),
    _spec(posts.posts_get, _read("Get post")),
    # Publishing can't be undone (published posts cannot be deleted), so creates that may publish
    # are destructive; a draft-only create would not be, but one tool serves all three modes.
    _spec(posts.posts_create, _write("Create post", destructive=True)),
    _spec(posts.posts_publish_now, _write("Publish now", destructive=True)),
    _spec(posts.posts_cross_post, _write("Cross-post", destructive=True)),
    _spec(posts.posts_validate, _read("Validate post")),
    _spec(posts.posts_update, _write("Update post", destructive=True, idempotent=True)),
    _spec(posts.posts_delete, _write("Delete post", destructive=True, idempotent=True)),
    _spec(posts.posts_retry, _write("Retry post", destructive=True)),
    _spec(posts.posts_list_failed, _read("List failed posts")),
    _spec(posts.posts_retry_all_failed, _write("Retry all failed", destructive=True)),
    _spec(media.media_generate_upload_link, _write("Upload link")),
    _spec(media.media_check_upload_status, _read("Upload status")),
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
