"""The `live` toolset: changing posts that are already out (unpublish, edit the text) and approving posts that wait
for a person. Each asks the person first (tools/_safety.py), is guarded and journaled (safety.writes), and the
API's per-platform limits are checked before anything is sent (safety.live).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..models.journal import LiveChange
from ..safety.live import check_edit, check_unpublish
from ..timeutil import now_utc
from ._args import check_id, platform_name
from ._context import Ctx, state
from ._params import ContentArg, PlatformArg, PostIdArg
from ._spec import tool, toolset, write

AccountArg = Annotated[str, Field(description="Which account's copy, when several accounts on the platform have it")]


async def posts_unpublish(
    post_id: PostIdArg, platform: PlatformArg, ctx: Ctx, account_id: AccountArg = ""
) -> LiveChange:
    """Delete a published post from one platform (not Instagram, TikTok, Snapchat); the record stays, cancelled."""
    app = state(ctx)
    pid, name = check_id(post_id, "post_id", list_tool="posts_list"), platform_name(platform)
    check_unpublish(await app.client.posts.get(pid), name)
    answer = await app.client.posts.unpublish(pid, name, account_id or None)
    return LiveChange.of(pid, name, answer, f"Removed from {name}.")


async def posts_edit_published(
    post_id: PostIdArg, platform: PlatformArg, content: ContentArg, ctx: Ctx, account_id: AccountArg = ""
) -> LiveChange:
    """Change the text of a published post on one platform (X: Premium, within 1 hour, 5 edits, no threads)."""
    app = state(ctx)
    pid, name = check_id(post_id, "post_id", list_tool="posts_list"), platform_name(platform)
    post = await app.client.posts.get(pid)
    check_edit(post, name, app.journal.recent(1000), now=app.client.http.api_time(now_utc()))  # the API's clock
    answer = await app.client.posts.edit_published(pid, name, content, account_id or None)
    return LiveChange.of(pid, name, answer, f"Text changed on {name}.")


async def posts_review(
    post_id: PostIdArg, decision: Annotated[Literal["approve", "reject"], Field(description="reject: back to draft")],
    ctx: Ctx,
) -> LiveChange:  # fmt: skip
    """Approve a post pending approval (it is scheduled) or reject it (back to draft); always asks the person."""
    app = state(ctx)
    pid = check_id(post_id, "post_id", list_tool="posts_list")
    answer = await app.client.posts.review(pid, decision)
    return LiveChange.of(pid, None, answer, "Approved: it is scheduled." if decision == "approve" else "Rejected.")


TOOLSET = toolset(
    "live",
    tool(posts_unpublish, write("Unpublish", destructive=True, idempotent=True)),
    tool(posts_edit_published, write("Edit published post", destructive=True)),
    tool(posts_review, write("Review post", destructive=True)),
)
