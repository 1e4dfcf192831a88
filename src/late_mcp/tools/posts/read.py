"""One post, in full, as posts_get and the late://posts/{post_id} resource show it: what goes out where (each
platform's own text, media, options and thread), when, and what each platform answered."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from ...models.posts import MediaItem, PlatformDetail, PlatformTarget, Post, PostDetail, PostsList, ThreadItemOut
from ...timeutil import local
from .._args import check_id
from .body import extra, options_of
from .recycle import shown
from .text import listing, platform_status, published_at

if TYPE_CHECKING:
    from ...client import LateClient


async def post_detail(client: LateClient, post_id: str, zone: tzinfo) -> PostDetail:
    """The post with this id (checked before it reaches a URL), times in the user's zone."""
    post = await client.posts.get(check_id(post_id, "post_id", list_tool="posts_list"))
    return detail(post, zone)


async def list_posts(client: LateClient, status: str, limit: int, page: int, zone: tzinfo) -> PostsList:
    """One page of posts, newest first; scheduled ones soonest first (what is about to go out), as the API sorts
    them (`sortBy=scheduled-asc`)."""
    order = "scheduled-asc" if status == "scheduled" else None
    result = await client.posts.list(page=page, limit=limit, status=status or None, sort_by=order)
    return listing(result.posts, result.pagination.total, result.pagination.pages, page, limit, zone)


def detail(post: Post, zone: tzinfo) -> PostDetail:
    went_out = published_at(post)
    return PostDetail(
        id=post.id,
        status=post.status,
        title=post.title or None,
        content=post.content,
        media=[MediaItem(type=m.type, url=m.url) for m in post.media_items if m.url],
        platforms=[platform_detail(p, zone) for p in post.platforms],
        scheduled_for=local(post.scheduled_for, zone),
        scheduled_for_utc=post.scheduled_for,
        published_at=local(went_out, zone),
        published_at_utc=went_out,
        created_at=local(post.created_at, zone),
        recycling=shown(post.recycling, zone),
        recycled_from=post.recycled_from_post_id,
    )


def platform_detail(target: PlatformTarget, zone: tzinfo) -> PlatformDetail:
    """One platform: its status and what it posts where that differs from the shared text and media."""
    options = options_of(target)
    items = options.pop("threadItems", None)
    own_media = extra(target, "customMedia")
    return PlatformDetail(
        **platform_status(target, zone).model_dump(),
        content=target.own_text or None,
        media=[MediaItem.model_validate(m) for m in own_media] if isinstance(own_media, list) else None,
        options=options or None,
        thread=_thread(target, items) if isinstance(items, list) and items else None,
    )


def _thread(target: PlatformTarget, items: list[Any]) -> list[ThreadItemOut]:
    """The thread's items with the URL of each one published.

    The API reports the root's URL on the target (platformPostUrl); a URL per reply is read from `threadPosts`
    where the answer has it (the sandbox's shape: [{index, platformPostUrl}]).
    """
    urls: dict[int, str] = {}
    posted = extra(target, "threadPosts")
    if isinstance(posted, list):
        for entry in posted:
            if isinstance(entry, dict) and isinstance(entry.get("platformPostUrl"), str):
                urls[int(entry.get("index", len(urls)))] = entry["platformPostUrl"]
    if target.platform_post_url and 0 not in urls:
        urls[0] = target.platform_post_url
    out = []
    for index, item in enumerate(items):
        content = item.get("content") if isinstance(item, dict) else item if isinstance(item, str) else ""
        media = item.get("mediaItems") if isinstance(item, dict) else None
        urls_of_media = [m["url"] for m in media or [] if isinstance(m, dict) and isinstance(m.get("url"), str)]
        out.append(ThreadItemOut(content=str(content or ""), media=urls_of_media or None, url=urls.get(index)))
    return out
