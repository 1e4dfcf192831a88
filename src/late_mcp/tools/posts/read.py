"""One post, in full, as posts_get and the late://posts/{post_id} resource show it."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from ...models.posts import PostDetail
from .._args import check_id

if TYPE_CHECKING:
    from ...client import LateClient


async def post_detail(client: LateClient, post_id: str, zone: tzinfo) -> PostDetail:
    """The post with this id (checked before it reaches a URL), times in the user's zone."""
    post = await client.posts.get(check_id(post_id, "post_id", list_tool="posts_list"))
    return PostDetail.of(post, zone)
