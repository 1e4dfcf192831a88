"""The default toolset: what most people need to post, from the packages that hold each area's tools."""

from __future__ import annotations

from mcp.types import ToolAnnotations

from ._spec import read, tool, toolset, write
from .accounts import accounts_get, accounts_list
from .accounts.health import accounts_health
from .clock import now
from .media import media_check_upload_status, media_generate_upload_link, media_upload_file
from .posts import (
    posts_create,
    posts_cross_post,
    posts_delete,
    posts_get,
    posts_list,
    posts_list_failed,
    posts_publish_now,
    posts_retry,
    posts_retry_all_failed,
    posts_update,
    posts_validate,
)
from .posts.history import posts_history, posts_undo
from .profiles import profiles_create, profiles_delete, profiles_get, profiles_list, profiles_update
from .usage import usage_get

TOOLSET = toolset(
    "core",
    tool(accounts_list, read("List accounts")),
    tool(accounts_get, read("Get account by platform")),
    tool(profiles_list, read("List profiles")),
    tool(profiles_get, read("Get profile")),
    tool(profiles_create, write("Create profile")),
    tool(profiles_update, write("Update profile", destructive=True, idempotent=True)),
    tool(profiles_delete, write("Delete profile", destructive=True, idempotent=True)),
    tool(posts_list, read("List posts")),
    tool(posts_get, read("Get post")),
    # Publishing can't be undone (published posts cannot be deleted), so creates that may publish
    # are destructive; a draft-only create would not be, but one tool serves all three modes.
    tool(posts_create, write("Create post", destructive=True)),
    tool(posts_publish_now, write("Publish now", destructive=True)),
    tool(posts_cross_post, write("Cross-post", destructive=True)),
    tool(posts_validate, read("Validate post")),
    tool(posts_update, write("Update post", destructive=True, idempotent=True)),
    tool(posts_delete, write("Delete post", destructive=True, idempotent=True)),
    tool(posts_retry, write("Retry post", destructive=True)),
    tool(posts_list_failed, read("List failed posts")),
    tool(posts_retry_all_failed, write("Retry all failed", destructive=True)),
    # Reads the local journal; over stateless HTTP, the stamps on the posts this server created (an API call).
    tool(posts_history, read("Write history")),
    # Undoing may unpublish or delete: destructive, and confirmed with the person like any such write.
    tool(posts_undo, write("Undo a write", destructive=True)),
    tool(media_generate_upload_link, write("Upload link")),
    tool(media_check_upload_status, read("Upload status")),
    # Reads a local file and stores it on the API's storage; creates no post, so not destructive.
    tool(media_upload_file, write("Upload local file"), local_files=True),
    tool(accounts_health, read("Account health")),
    tool(usage_get, read("Plan and usage")),
    # No API call and nothing outside the server: the only closed-world tool.
    tool(now, ToolAnnotations(title="Current time", read_only_hint=True, open_world_hint=False)),
)
